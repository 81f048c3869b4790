/**
 * Numbers with thousands separators, as `n.toLocaleString('en-US')` writes them.
 *
 * Note [grouping by hand]: the first toLocaleString of a process loads ICU's number formats, 23–45
 * ms of CPU (bench/notes.md, "grouping by hand") that `neurite train` spent before its first line;
 * a whole number needs only its digits in threes.
 */

/**
 * `n` as `n.toLocaleString('en-US')` writes it: whole numbers grouped by hand, others (fractions,
 * -0, ±Infinity, NaN, beyond 2^53) by toLocaleString.
 *
 * @example
 * ```ts
 * grouped(1234567); // "1,234,567"
 * grouped(-1200); // "-1,200"
 * ```
 */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

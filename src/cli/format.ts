/** Text output helpers: aligned tables and numbers written for people. */

/**
 * Lays out rows as columns separated by two spaces; numeric-looking cells are right-aligned.
 *
 * @example
 * ```ts
 * table([['step', 'x'], ['0', '9']]); // "step  x\n   0  9\n"
 * ```
 */
export function table(given: readonly (readonly string[])[], indent = ''): string {
  // a label with a line break in it (from a file) stays in its cell
  const rows = given.map((row) => row.map((cell) => cell.replace(/\n/g, '\\n')));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, j) => (widths[j] = Math.max(widths[j] ?? 0, [...cell].length)));
  const numeric = (s: string) => /^[-+]?[\d.]+(e[-+]?\d+)?%?$/i.test(s);
  return rows
    .map((row) => indent + row.map((cell, j) => {
      const pad = ' '.repeat(widths[j] - [...cell].length);
      return numeric(cell) ? pad + cell : j === row.length - 1 ? cell : cell + pad;
    }).join('  ').trimEnd())
    .join('\n') + '\n';
}

/**
 * A metric with 4 significant decimals, or `-` when missing.
 *
 * @example
 * ```ts
 * metric(0.123456); // "0.1235"
 * ```
 */
export function metric(v: number | undefined): string {
  if (v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e7 || a < 1e-4)) return v.toExponential(3);
  // four decimals for values near 1 (losses, accuracies), six significant digits for large ones
  return a < 100 ? fixed4(v) : String(Number(v.toPrecision(6)));
}

/**
 * `v.toFixed(4)` for |v| < 100 from integers, without formatting a double (an epoch line has four
 * of these, Note [lean epoch lines]); toFixed itself where v · 10^4 lies near a rounding tie, the
 * error of that product being below 1e-10 there.
 */
function fixed4(v: number): string {
  const scaled = Math.abs(v) * 1e4;
  const whole = Math.floor(scaled);
  if (Math.abs(scaled - whole - 0.5) < 1e-6) return v.toFixed(4);
  const n = scaled - whole > 0.5 ? whole + 1 : whole;
  const units = Math.floor(n / 1e4);
  const decimals = n - units * 1e4;
  const zeros = decimals < 10 ? '000' : decimals < 100 ? '00' : decimals < 1000 ? '0' : '';
  return `${v < 0 ? '-' : ''}${units}.${zeros}${decimals}`;
}

/**
 * A percentage with one decimal.
 *
 * @example
 * ```ts
 * percent(0.9666); // "96.7%"
 * ```
 */
export function percent(v: number | undefined): string {
  return v === undefined ? '-' : `${(v * 100).toFixed(1)}%`;
}

/**
 * A count and its noun, the noun plural unless the count is 1, the count with thousands separators.
 *
 * @example
 * ```ts
 * count(1, 'epoch'); // "1 epoch"
 * count(1200, 'row'); // "1,200 rows"
 * ```
 */
export function count(n: number, noun: string): string {
  return `${grouped(n)} ${noun}${n === 1 ? '' : 's'}`;
}

// Note [grouping by hand]: the first toLocaleString of a process loads ICU's number formats, 23–45
// ms of CPU (bench/notes.md, "grouping by hand") that `neurite train` spent before its first line;
// a whole number needs only its digits in threes.

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

/**
 * Writing values from a user's model file into generated JavaScript safely: names and labels are
 * data, so nothing in them may end a comment, a string or a `<script>` element.
 */

const UNSAFE = /[<>/\u2028\u2029]/g;

/**
 * A JavaScript (and JSON) literal of a value, safe to place in code, in a block comment and in
 * an HTML `<script>`: `JSON.stringify` quotes and escapes strings, then `<`, `>`, `/`, U+2028 and
 * U+2029 become `\uXXXX` escapes, so no `*\/`, `</script>` or line break can appear. Those
 * characters only occur inside JSON strings, where the escape means the same character.
 *
 * @param value a JSON value (strings, finite numbers, arrays, plain objects)
 * @example
 * ```ts
 * literal('*' + '/ alert(1) /' + '*'); // '"*\\u002f alert(1) \\u002f*"'
 * ```
 */
export function literal(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A finite number as JavaScript source that reads back to exactly the same value (`-0` included).
 *
 * @example
 * ```ts
 * numberLiteral(0.1); // '0.1'
 * ```
 */
export function numberLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`numberLiteral: expected a finite number, got ${x}`);
  return Object.is(x, -0) ? '-0' : String(x);
}

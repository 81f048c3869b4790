/**
 * What the command prints goes to a terminal, and much of it comes from files a user may not trust
 * (column names, labels, model fields, paths): control characters there could clear the screen,
 * retitle the window or hide text. Everything printed passes through {@link forTerminal}.
 */

// C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), the line and
// paragraph separators, and the bidirectional overrides and isolates that reorder what is shown.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes every character that would act on a terminal instead of being shown, as `\u001b`
 * (which reads the same inside a JSON string, so `--json` output stays valid JSON).
 *
 * @example
 * ```ts
 * forTerminal('class \x1b[2J'); // 'class \\u001b[2J'
 * ```
 */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

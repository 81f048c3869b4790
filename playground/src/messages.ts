/**
 * The library's error messages, worded for the page: they name the command line's options
 * (`--task regression`), which the page shows as its own controls.
 */

/** Command-line wording → the page's control, most specific first. */
const WORDING: readonly (readonly [RegExp, string])[] = [
  [/use --task regression/g, 'choose "regression" under Task'],
  [/use --task classification/g, 'choose "classification" under Task'],
  [/check --target/g, 'check the Label column'],
  [/choose another --target/g, 'choose another Label column'],
  [/--target/g, 'the Label column'],
  [/--task/g, 'the Task choice'],
  [/--lr/g, 'the learning rate'],
];

/** An error's message as the page says it. */
export function forPage(e: unknown): string {
  let text = e instanceof Error ? e.message : String(e);
  for (const [from, to] of WORDING) text = text.replace(from, to);
  return text;
}

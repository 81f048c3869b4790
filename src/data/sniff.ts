/**
 * Guessing how a delimited text file is written, from its first lines, as Python's csv.Sniffer
 * does (Note [sniffing]).
 *
 * Note [sniffing]: the quote character is the one (`"` or `'`) found most often around whole
 * fields, i.e. right after a delimiter or a line start and right before a delimiter or a line
 * end (Sniffer's `_guess_quote_and_delimiter`). The delimiter is then the candidate (comma,
 * semicolon, tab, pipe, space) that splits the sample lines, read with that quote, into the same
 * number of fields (more than one) on the largest share of lines (Sniffer's `_guess_delimiter`
 * consistency); ties go to the earlier candidate in {@link DELIMITERS}, Sniffer's preference
 * order. Runs of spaces count as one delimiter (Note [space-separated]), so aligned columns read.
 */
import { CsvTokenizer, DELIMITERS, type CsvDialect } from './csv-tokens.js';
import { DataError } from './errors.js';

/** The quote characters tried. */
export const QUOTES: readonly string[] = ['"', "'"];

/** What {@link sniffDialect} found. */
export interface SniffedDialect {
  readonly delimiter: string;
  readonly quote: string;
  /** The fields per line under this dialect (the most common count). */
  readonly width: number;
  /** The share of sample lines with that many fields, 0..1. */
  readonly consistency: number;
}

const SAMPLE_LINES = 200;

/** The first whole lines of the text (at most {@link SAMPLE_LINES}), without quoted line breaks cut. */
function sampleOf(text: string): string {
  let at = 0;
  for (let n = 0; n < SAMPLE_LINES && at >= 0; n++) {
    at = text.indexOf('\n', at + 1);
  }
  return at < 0 ? text : text.slice(0, at + 1);
}

function quoteCount(sample: string, q: string): number {
  const e = q === '"' ? '"' : "'";
  // a field that is all quoted: after a line start or a candidate delimiter, before one or a line end
  const re = new RegExp(`(?:^|[,;\\t| ])[ ]*${e}[^${e}\\n]*${e}[ ]*(?=$|[,;\\t| \\r])`, 'gm');
  return sample.match(re)?.length ?? 0;
}

/** Fields per row of the sample under a dialect, or null when it cannot be read so. */
function widths(sample: string, dialect: CsvDialect): number[] | null {
  const out: number[] = [];
  try {
    const t = new CsvTokenizer('sample', (row) => out.push(row.count), dialect);
    t.push(sample);
    t.end();
  } catch {
    return out.length > 1 ? out : null;
  }
  return out;
}

function consistency(counts: number[]): { width: number; share: number } {
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [w, n] of freq) if (n > best || (n === best && w > width)) [width, best] = [w, n];
  return { width, share: counts.length > 0 ? best / counts.length : 0 };
}

/**
 * Guesses the delimiter and quote character of delimited text by Note [sniffing].
 *
 * @param text the start of the file (the first 200 lines are looked at)
 * @returns the dialect; a text with one column gives the comma and width 1
 * @example
 * ```ts
 * sniffDialect("'a'\t'b'\n1\t2\n"); // { delimiter: '\t', quote: "'", width: 2, consistency: 1 }
 * ```
 */
export function sniffDialect(text: string): SniffedDialect {
  const sample = sampleOf(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const [dq, sq] = QUOTES.map((q) => quoteCount(sample, q));
  const quote = sq > dq ? "'" : '"';
  let best: SniffedDialect = { delimiter: ',', quote, width: 1, consistency: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = widths(sample, { delimiter, quote });
    if (!counts || counts.length === 0) continue;
    const { width, share } = consistency(counts);
    if (width < 2) continue;
    if (share > best.consistency + 1e-9) best = { delimiter, quote, width, consistency: share };
  }
  return best;
}

/**
 * The dialect `--delimiter` names: `,` `;` `|` or a word (`comma`, `semicolon`, `tab`, `pipe`,
 * `space`); `\t` is tab.
 *
 * @param given the option's value
 * @throws DataError for anything else
 * @example
 * ```ts
 * delimiterOf('tab'); // '\t'
 * ```
 */
export function delimiterOf(given: string): string {
  const words: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', '\\t': '\t', pipe: '|', space: ' ' };
  if (Object.hasOwn(words, given)) return words[given];
  if (given.length === 1 && !/[\w"'\r\n]/.test(given)) return given;
  throw new DataError({ file: '--delimiter', problem: `${JSON.stringify(given)} is not a delimiter`, fix: 'use one character such as , ; | or one of: comma, semicolon, tab, pipe, space' });
}

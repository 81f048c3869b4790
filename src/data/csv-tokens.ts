/**
 * The CSV tokenizer: text pushed in pieces of any size, rows handed to a sink as cell bounds in
 * the text (no array of strings per row), so numeric cells are read without making a string.
 *
 * Note [hand-written tokenizer]: csv-parse (used before) hands every record over as an array of
 * strings, which costs a string per cell and an array per row, most of the time of reading a
 * large numeric file and most of its memory. This tokenizer finds the bounds of each cell and
 * lets the reader parse numbers from the characters in place; only text cells become strings.
 * The rules are csv-parse's with `trim`: cells are trimmed, a quoted cell may hold the delimiter,
 * line breaks and doubled quotes, a line of whitespace is skipped, `\r\n`, `\r` and `\n` end a
 * line (a line break inside quotes reads as `\n`). The delimiter and quote character are options,
 * so a sniffer can choose them from the first lines.
 *
 * Note [space-separated]: files separated by spaces align their columns with runs of spaces, so
 * with the space as delimiter a run of spaces is one delimiter and spaces at the start or end of
 * a row are not cells (an empty cell cannot be written in such a file; a missing value is a
 * marker such as `NA`).
 */
import { DataError } from './errors.js';

/** The delimiters tried, in order of preference on a tie. */
export const DELIMITERS: readonly string[] = [',', '\t', ';', '|', ' '];

/** The name of a delimiter in messages: `comma`, `tab`, … */
export function delimiterName(d: string): string {
  return { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe', ' ': 'space' }[d] ?? JSON.stringify(d);
}

/** How a CSV file is written. */
export interface CsvDialect {
  /** The character between cells; default `,`. */
  readonly delimiter?: string;
  /** The character around a quoted cell; default `"`. */
  readonly quote?: string;
}

/** Receives each row of a CSV file (the header first) as a {@link CsvRow}, valid only during the call. */
export type RowSink = (row: CsvRow) => void;

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
/** A quoted cell whose text needs unescaping (doubled quotes, line breaks): made into a string. */
const QUOTED = 1;
const ESCAPED = 2;

/** One row as the tokenizer found it: cell j is text[start[j], end[j]) unless it had to be unescaped. */
export class CsvRow {
  /** The text the bounds point into. */
  text = '';
  /** The number of cells. */
  count = 0;
  /** 1-based line the row starts on. */
  line = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  /** Unescaped text of the cells flagged ESCAPED. */
  readonly escaped: string[] = [];

  /**
   * The trimmed text of cell j.
   *
   * @example
   * ```ts
   * row.cell(0); // 'sepal_length'
   * ```
   */
  cell(j: number): string {
    if (this.flags[j] & ESCAPED) return this.escaped[j].trim();
    return this.text.slice(this.starts[j], this.ends[j]).trim();
  }

  /** Whether cell j was in quotes. */
  quoted(j: number): boolean {
    return (this.flags[j] & QUOTED) !== 0;
  }

  /** Room for n cells. */
  reserve(n: number): void {
    if (n <= this.starts.length) return;
    const size = Math.max(n, this.starts.length * 2);
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (k: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, (k) => new Int32Array(k));
    this.ends = grow(this.ends, (k) => new Int32Array(k));
    this.flags = grow(this.flags, (k) => new Uint8Array(k));
  }
}

/**
 * Splits CSV text into rows: `push` pieces of text, then `end()`. A row is handed to the sink
 * once it is complete; the unfinished end of a piece is kept and read again with the next piece.
 *
 * @example
 * ```ts
 * const t = new CsvTokenizer('a.csv', (row) => console.log(row.line, row.cell(0)));
 * t.push('x,y\n1,'); t.push('2\n'); t.end();
 * ```
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly quote: number;
  private rest = '';
  private line = 1;
  private first = true;
  private readonly row = new CsvRow();

  /**
   * @param source the file name in errors
   * @param sink called with each non-blank row, the header first
   * @param dialect the delimiter and quote character
   * @param maxRowChars the longest row (in characters) before the input is refused as not CSV
   */
  constructor(
    private readonly source: string,
    private readonly sink: RowSink,
    dialect: CsvDialect = {},
    private readonly maxRowChars = 64 * 1024 * 1024,
  ) {
    this.delimiter = (dialect.delimiter ?? ',').charCodeAt(0);
    this.quote = (dialect.quote ?? '"').charCodeAt(0);
  }

  /** Reads the complete rows of `text` (after what was left of the last piece). */
  push(text: string): void {
    let s = this.rest === '' ? text : this.rest + text;
    if (this.first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.first = false;
    }
    const done = this.rows(s, false);
    this.rest = done < s.length ? s.slice(done) : '';
    if (this.rest.length > this.maxRowChars) {
      throw new DataError({
        file: this.source,
        line: this.line,
        problem: `a row longer than ${this.maxRowChars / (1024 * 1024)} MiB (no line break)`,
        fix: 'is this a CSV file? a CSV row ends with a line break',
      });
    }
  }

  /** Reads what is left: the last row may end without a line break. */
  end(): void {
    const s = this.rest;
    this.rest = '';
    if (s.length > 0) this.rows(s, true);
  }

  /** Hands the complete rows of s to the sink; returns where the first incomplete one starts. */
  private rows(s: string, final: boolean): number {
    let pos = 0;
    const n = s.length;
    while (pos < n) {
      const next = this.readRow(s, pos, final);
      if (next < 0) return pos;
      pos = next;
    }
    return pos;
  }

  /** Reads the row at `pos`: returns the position after its line break, or -1 when s ends first. */
  private readRow(s: string, pos: number, final: boolean): number {
    const row = this.row;
    const { delimiter, quote } = this;
    const startLine = this.line;
    let lines = 0; // line breaks inside quoted cells
    let count = 0;
    let blank = true;
    const n = s.length;
    for (;;) {
      row.reserve(count + 1);
      let c = pos < n ? s.charCodeAt(pos) : -1;
      // Note [space-separated]: with the space as delimiter, spaces that start a row are skipped
      while (((c === SPACE || c === TAB) && c !== delimiter) || (c === SPACE && count === 0)) c = ++pos < n ? s.charCodeAt(pos) : -1;
      if (c === quote) {
        blank = false;
        const open = pos;
        const openLine = startLine + lines;
        let escaped = false;
        pos++;
        for (;;) {
          if (pos >= n) {
            if (!final) return -1;
            throw new DataError({ file: this.source, line: openLine, column: count + 1, problem: 'a quoted field is never closed', fix: `add the closing quote (${String.fromCharCode(quote)})` });
          }
          const q = s.charCodeAt(pos);
          if (q === quote) {
            if (pos + 1 < n && s.charCodeAt(pos + 1) === quote) {
              escaped = true;
              pos += 2;
              continue;
            }
            if (pos + 1 >= n && !final) return -1; // a doubled quote may follow in the next piece
            break;
          }
          if (q === LF || q === CR) {
            escaped = true;
            lines++;
            if (q === CR && pos + 1 < n && s.charCodeAt(pos + 1) === LF) pos++;
            else if (q === CR && pos + 1 >= n && !final) return -1;
          }
          pos++;
        }
        row.starts[count] = open + 1;
        row.ends[count] = pos;
        row.flags[count] = QUOTED | (escaped ? ESCAPED : 0);
        if (escaped) row.escaped[count] = unescape(s.slice(open + 1, pos), quote);
        pos++;
        c = pos < n ? s.charCodeAt(pos) : -1;
        while ((c === SPACE || c === TAB) && c !== delimiter) c = ++pos < n ? s.charCodeAt(pos) : -1;
        if (c !== delimiter && c !== LF && c !== CR && c !== -1) {
          throw new DataError({ file: this.source, line: startLine + lines, column: count + 1, problem: 'text after the closing quote of a quoted field', fix: afterQuoteFix(c, delimiter, quote) });
        }
      } else {
        const start = pos;
        while (c !== delimiter && c !== LF && c !== CR && c !== -1) {
          if (c === quote) {
            throw new DataError({ file: this.source, line: startLine + lines, column: count + 1, problem: 'a quote inside an unquoted field', fix: `quote the whole field and double the inner quote (${String.fromCharCode(quote)}a${String.fromCharCode(quote, quote)}b${String.fromCharCode(quote)})` });
          }
          c = ++pos < n ? s.charCodeAt(pos) : -1;
        }
        let end = pos;
        while (end > start && isBlank(s.charCodeAt(end - 1), delimiter)) end--;
        if (end > start) blank = false;
        row.starts[count] = start;
        row.ends[count] = end;
        row.flags[count] = 0;
      }
      count++;
      if (c === delimiter) {
        blank = false;
        pos++;
        if (delimiter !== SPACE) continue;
        // Note [space-separated]: a run of spaces is one delimiter, and spaces that end a row end it
        while (pos < n && s.charCodeAt(pos) === SPACE) pos++;
        c = pos < n ? s.charCodeAt(pos) : -1;
        if (c !== LF && c !== CR && c !== -1) continue;
      }
      if (c === -1 && !final) return -1;
      if (c === CR) {
        if (pos + 1 < n && s.charCodeAt(pos + 1) === LF) pos++;
        else if (pos + 1 >= n && !final) return -1; // the LF of a CRLF may come with the next piece
      }
      if (c !== -1) pos++;
      this.line = startLine + lines + (c === -1 ? 0 : 1);
      if (!blank) {
        row.text = s;
        row.count = count;
        row.line = startLine;
        this.sink(row);
      }
      return pos;
    }
  }
}

function isBlank(c: number, delimiter: number): boolean {
  return (c === SPACE || c === TAB) && c !== delimiter;
}

function unescape(inner: string, quote: number): string {
  const q = String.fromCharCode(quote);
  return inner.replaceAll(q + q, q).replace(/\r\n?/g, '\n');
}

/**
 * How to fix text after a closing quote: when that text is another delimiter, the file was read with
 * the wrong one (a `--delimiter` given that it does not use) and says which it looks like.
 */
function afterQuoteFix(c: number, delimiter: number, quote: number): string {
  const doubled = `write a quote inside a quoted field as two quotes (${String.fromCharCode(quote, quote)})`;
  const found = String.fromCharCode(c);
  if (!DELIMITERS.includes(found) || c === delimiter) return doubled;
  const name = delimiterName(found);
  return `the field is followed by a ${name}, not the delimiter (${delimiterName(String.fromCharCode(delimiter))}): the file looks ${name}-separated; --delimiter ${name}, or leave --delimiter out to detect it (else ${doubled})`;
}

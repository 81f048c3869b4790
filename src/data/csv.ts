/**
 * CSV text → a table, with compiler-style errors (`FILE:LINE:COL: problem; fix`): as rows of
 * strings ({@link parseCsv}, for small tables and pages) or as typed columns ({@link CsvReader},
 * for files of any size, read piece by piece).
 */
import { NumericBuilder, TextBuilder, type DataColumn } from './columns.js';
import { CsvTokenizer, type CsvDialect, type CsvRow } from './csv-tokens.js';
import { DataError } from './errors.js';
import { kindOfCells, MISSING, type MissingMarkers } from './numbers.js';
import { LineIndex, type ColumnTable, type Table } from './table.js';

/**
 * Parses CSV text with a header row into a {@link Table}; cells are trimmed and blank lines skipped.
 *
 * @param text the file's text (a UTF-8 byte order mark is ignored)
 * @param source the file name used in error messages
 * @returns the table: `rows[i].length === columns.length`, `lines[i]` the row's 1-based line
 * @throws DataError for an empty file, a header without rows, empty or duplicate column names,
 *   rows with the wrong number of fields and malformed quoting, each at `FILE:LINE:COL`
 * @example
 * ```ts
 * parseCsv('x,label\n1.5,a\n2,b\n', 'a.csv');
 * // { source: 'a.csv', columns: ['x', 'label'], rows: [['1.5', 'a'], ['2', 'b']], lines: [2, 3] }
 * ```
 */
export function parseCsv(text: string, source: string): Table {
  let columns: string[] | undefined;
  const rows: string[][] = [];
  const lines: number[] = [];
  const tokenizer = new CsvTokenizer(source, (row) => {
    if (columns === undefined) {
      columns = headerOf(row, source);
      return;
    }
    checkWidth(row, columns, source);
    rows.push(Array.from({ length: row.count }, (_, j) => row.cell(j)));
    lines.push(row.line);
  });
  tokenizer.push(text);
  tokenizer.end();
  checkRows(columns, rows.length, source);
  return { source, columns: columns as string[], rows, lines };
}

/** What a {@link CsvReader} needs besides the text. */
export interface CsvReaderOptions {
  /** The delimiter and quote character; default `,` and `"`. */
  readonly dialect?: CsvDialect;
  /** Rows looked at before each column is held as numbers or as texts; default 1000. */
  readonly sampleRows?: number;
  /** The length of the whole text, when known: columns are then made about the right size at once. */
  readonly expectedChars?: number;
  /** What counts as missing (default blank and the usual markers, Note [missing values]). */
  readonly markers?: MissingMarkers;
}

/**
 * Reads CSV text given in pieces into typed columns (Note [typed columns]): a float64 per cell of
 * a numeric column, an id per cell of a text column, never an array of strings per row.
 *
 * @example
 * ```ts
 * const r = new CsvReader('a.csv');
 * r.push('x,label\n1.5,a\n'); r.push('2,b\n');
 * const t = r.end(); // t.rowCount === 2, t.column(0).value(1) === 2
 * ```
 */
export class CsvReader {
  private columns?: string[];
  private builders?: (NumericBuilder | TextBuilder)[];
  private readonly sample: string[][] = [];
  private readonly lines = new LineIndex();
  private rows = 0;
  private readonly tokenizer: CsvTokenizer;
  private readonly sampleRows: number;
  private readonly expectedChars: number;
  private readonly markers: MissingMarkers;

  /**
   * @param source the file name in errors
   * @param options see {@link CsvReaderOptions}
   */
  constructor(private readonly source: string, options: CsvReaderOptions = {}) {
    this.sampleRows = options.sampleRows ?? 1000;
    this.expectedChars = options.expectedChars ?? 0;
    this.markers = options.markers ?? MISSING;
    this.tokenizer = new CsvTokenizer(source, (row) => this.row(row), options.dialect);
  }

  /** Reads a piece of the text (any size; a row may span pieces). */
  push(text: string): void {
    this.tokenizer.push(text);
  }

  /**
   * Reads the rest and returns the table.
   *
   * @throws DataError as {@link parseCsv} does
   */
  end(): ColumnTable {
    this.tokenizer.end();
    checkRows(this.columns, this.rows, this.source);
    if (!this.builders) this.choose();
    const columns = (this.builders as (NumericBuilder | TextBuilder)[]).map((b) => b.seal(this.source));
    return columnTable(this.source, this.columns as string[], this.rows, columns, this.lines);
  }

  private row(row: CsvRow): void {
    if (this.columns === undefined) {
      this.columns = headerOf(row, this.source);
      return;
    }
    checkWidth(row, this.columns, this.source);
    this.lines.push(this.rows++, row.line);
    const builders = this.builders;
    if (!builders) {
      this.sample.push(Array.from({ length: row.count }, (_, j) => row.cell(j)));
      if (this.sample.length >= this.sampleRows) this.choose();
      return;
    }
    for (let j = 0; j < builders.length; j++) {
      const b = builders[j];
      if (b instanceof NumericBuilder) b.addCell(row, j);
      else b.add(row.cell(j));
    }
  }

  /** Chooses each column's holder from the sample rows (Note [typed columns]) and adds them. */
  private choose(): void {
    const names = this.columns as string[];
    // rows the text should hold, from the sample's row length, with 5 % to spare
    const chars = this.sample.reduce((n, cells) => cells.reduce((m, c) => m + c.length + 1, n), 0);
    const rows = this.expectedChars > 0 && chars > 0 ? Math.ceil((1.05 * this.expectedChars * this.sample.length) / chars) + 1024 : 0;
    const m = this.markers;
    const builders = names.map((name, j) => (kindOfCells(this.sample, j, m) === 'numeric' ? new NumericBuilder(name, rows, m) : new TextBuilder(name, rows, m)));
    for (const cells of this.sample) builders.forEach((b, j) => b.add(cells[j]));
    this.sample.length = 0;
    this.builders = builders;
  }
}

/** A {@link ColumnTable} of sealed columns. */
export function columnTable(source: string, names: readonly string[], rowCount: number, columns: readonly DataColumn[], lines: LineIndex): ColumnTable {
  return { source, columns: names, rowCount, column: (j) => columns[j], line: (i) => lines.at(i) };
}

function headerOf(row: CsvRow, source: string): string[] {
  const names = Array.from({ length: row.count }, (_, j) => row.cell(j));
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    const at = { file: source, line: row.line, column: j + 1, columnName: name };
    if (name === '') {
      throw new DataError({ ...at, problem: `column ${j + 1} has an empty name`, fix: 'give every column a name in the header row' });
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError({ ...at, problem: `duplicate column name ${JSON.stringify(name)} (also column ${first + 1})`, fix: 'rename one of them' });
    }
    seen.set(name, j);
  });
  return names;
}

function checkRows(columns: string[] | undefined, rows: number, source: string): void {
  if (columns === undefined) {
    throw new DataError({ file: source, line: 1, problem: 'the file is empty', fix: 'expected a header row and at least one data row' });
  }
  if (rows === 0) {
    throw new DataError({ file: source, line: 1, problem: 'no data rows (only a header)', fix: 'add at least one row of values below the header' });
  }
}

function checkWidth(row: CsvRow, columns: string[], source: string): void {
  const n = columns.length;
  const m = row.count;
  if (m === n) return;
  const column = Math.min(m, n) + 1;
  throw new DataError({
    file: source,
    line: row.line,
    column,
    columnName: columns[column - 1],
    problem: `expected ${n} field${n === 1 ? '' : 's'} (as in the header), found ${m}`,
    fix: m > n ? 'remove the extra field or quote a value that contains a comma' : 'fill in the missing field',
    expected: `${n} fields`,
    received: `${m} fields`,
  });
}

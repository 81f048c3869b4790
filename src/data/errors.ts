/**
 * Errors about data files: each names the file, and where it knows them the line and column,
 * in the form `FILE:LINE:COL: what is wrong; how to fix`, like a compiler.
 */
import { NeuriteError } from '../core/errors.js';

/** Where a {@link DataError} happened and what it says. */
export interface DataErrorInit {
  /** The file (or dataset) name, e.g. `iris.csv`. */
  readonly file: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
  /** 1-based column number, when known. */
  readonly column?: number;
  /** The name of that column in the header, when known. */
  readonly columnName?: string;
  /** What is wrong, e.g. `empty cell in column "age"`. */
  readonly problem: string;
  /** How to fix it, e.g. `fill in a value or remove the row`. */
  readonly fix?: string;
  /** What was expected, in words. */
  readonly expected?: string;
  /** What was found, in words. */
  readonly received?: string;
}

/**
 * A data file that cannot be used: its message is one line, `FILE:LINE:COL: problem; fix`,
 * and the same parts are fields.
 *
 * @example
 * ```ts
 * throw new DataError({ file: 'a.csv', line: 3, column: 2, columnName: 'age',
 *   problem: 'empty cell in column "age"', fix: 'fill in a value or remove the row' });
 * // a.csv:3:2: empty cell in column "age"; fill in a value or remove the row
 * ```
 */
export class DataError extends NeuriteError {
  /** The file or dataset name. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column number, when known. */
  readonly column?: number;
  /** The column's header name, when known. */
  readonly columnName?: string;

  constructor(init: DataErrorInit) {
    const where = location(init.file, init.line, init.column);
    super(`${where}: ${init.problem}${init.fix ? `; ${init.fix}` : ''}`, {
      where,
      expected: init.expected,
      received: init.received,
      hint: init.fix,
    });
    this.name = 'DataError';
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.columnName = init.columnName;
  }
}

/**
 * Formats a place in a file as `FILE`, `FILE:LINE` or `FILE:LINE:COL`.
 *
 * @param file the file name
 * @param line 1-based line, optional
 * @param column 1-based column, optional (used only with a line)
 * @example
 * ```ts
 * location('a.csv', 3, 2); // "a.csv:3:2"
 * ```
 */
export function location(file: string, line?: number, column?: number): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

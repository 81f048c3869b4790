import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NeuriteError } from '../src/core/errors.js';
import { parseCsv } from '../src/data/csv.js';
import { DataError } from '../src/data/errors.js';

function errorOf(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseCsv', () => {
  it('reads a header, trimmed cells and the line of each row', () => {
    const t = parseCsv('\ufeff x , label\n1.5, a \n\n   \n"2", "b c"\n', 'a.csv');
    expect(t).toEqual({ source: 'a.csv', columns: ['x', 'label'], rows: [['1.5', 'a'], ['2', 'b c']], lines: [2, 5] });
  });

  it('counts lines inside quoted multi-line fields and CRLF endings', () => {
    const t = parseCsv('a,b\r\n1,"x\r\ny"\r\n3,4\r\n5,6', 'crlf.csv');
    expect(t.rows).toEqual([["1", "x\ny"], ['3', '4'], ['5', '6']]);
    expect(t.lines).toEqual([2, 4, 5]);
  });

  it('keeps a row whose only cell is a quoted empty string', () => {
    expect(parseCsv('a\n""\nx\n', 'one.csv').rows).toEqual([[''], ['x']]);
  });

  it('rejects an empty file and a header without rows', () => {
    expect(errorOf(() => parseCsv('', 'e.csv')).message).toBe('e.csv:1: the file is empty; expected a header row and at least one data row');
    expect(errorOf(() => parseCsv('\n  \n', 'e.csv')).message).toMatch(/^e\.csv:1: the file is empty/);
    const e = errorOf(() => parseCsv('a,b\n', 'h.csv'));
    expect(e.message).toBe('h.csv:1: no data rows (only a header); add at least one row of values below the header');
    expect(e).toBeInstanceOf(NeuriteError);
  });

  it('reports ragged rows at FILE:LINE:COL with expected and found counts', () => {
    const more = errorOf(() => parseCsv('a,b\n1,2\n3,4,5\n', 'r.csv'));
    expect(more.message).toBe('r.csv:3:3: expected 2 fields (as in the header), found 3; remove the extra field or quote a value that contains a comma');
    expect([more.file, more.line, more.column]).toEqual(['r.csv', 3, 3]);
    const fewer = errorOf(() => parseCsv('a,b,c\n1,2,3\n\n4\n', 'r.csv'));
    expect(fewer.message).toBe('r.csv:4:2: expected 3 fields (as in the header), found 1; fill in the missing field');
    expect(fewer.columnName).toBe('b');
  });

  it('rejects empty and duplicate column names', () => {
    const empty = errorOf(() => parseCsv('a,,c\n1,2,3\n', 'n.csv'));
    expect(empty.message).toBe('n.csv:1:2: column 2 has an empty name; give every column a name in the header row');
    const dup = errorOf(() => parseCsv('x,y, x\n1,2,3\n', 'n.csv'));
    expect(dup.message).toBe('n.csv:1:3: duplicate column name "x" (also column 1); rename one of them');
    expect(dup.columnName).toBe('x');
  });

  it('maps csv-parse errors to the line and field of the problem', () => {
    const unclosed = errorOf(() => parseCsv('a,b\n1,2\n3,"x\n4,5\n6,7', 'q.csv'));
    expect(unclosed.message).toBe('q.csv:3:2: a quoted field is never closed; add the closing quote (")');
    const closing = errorOf(() => parseCsv('a,b\n1,2\n3,"x"y\n', 'q.csv'));
    expect(closing.message).toBe('q.csv:3:2: text after the closing quote of a quoted field; write a quote inside a quoted field as two quotes ("")');
    const opening = errorOf(() => parseCsv('a,b\n1,x"y"\n', 'q.csv'));
    expect(opening.message).toMatch(/^q\.csv:2:2: a quote inside an unquoted field; /);
  });

  it('round-trips any table written with quoting (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '1', '.', 'é') }).map((s) => s.trim());
    const name = cell.filter((s) => s !== '');
    const table = fc
      .uniqueArray(name, { minLength: 1, maxLength: 4 })
      .chain((columns) => fc.tuple(fc.constant(columns), fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { minLength: 1, maxLength: 6 })));
    fc.assert(
      fc.property(table, ([columns, rows]) => {
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = [columns, ...rows].map((r) => r.map(quote).join(',')).join('\n');
        const t = parseCsv(text, 'p.csv');
        expect(t.columns).toEqual(columns);
        expect(t.rows).toEqual(rows);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

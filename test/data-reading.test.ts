// The streaming CSV reader (csv-tokens.ts, columns.ts, CsvReader) against parseCsv and Number, in
// pieces of any size; UTF-8 checks; the limits of node/read.ts (Note [bounded reading]).
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvReader, parseCsv, readDecimal } from '../src/data/index.js';
import { DataError } from '../src/data/errors.js';
import { readDataFile } from '../src/data/node/index.js';
import { invalidUtf8 } from '../src/data/utf8.js';
import { messageOf } from './helpers.js';

/** Reads text with a CsvReader in pieces cut at `cuts`, and every cell's text back. */
function readInPieces(text: string, cuts: number[], sampleRows = 1000): { rows: string[][]; lines: number[] } {
  const r = new CsvReader('p.csv', { sampleRows });
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    r.push(text.slice(at, Math.max(at, c)));
    at = Math.max(at, c);
  }
  r.push(text.slice(at));
  const t = r.end();
  const rows = Array.from({ length: t.rowCount }, (_, i) => t.columns.map((_c, j) => t.column(j).text(i)));
  return { rows, lines: Array.from({ length: t.rowCount }, (_, i) => t.line(i)) };
}

describe('CsvReader', () => {
  it('gives back every cell as parseCsv reads it, whatever the pieces and the sample size (property)', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', '1', '.', 'é', 'e', '-') }),
      fc.double({ noNaN: true }).map(String),
      fc.integer().map(String),
      fc.constantFrom('1.50', '007', '+3', '.5', '1e3', '-0', 'NaN', 'inf', '', '  2 ', '1.0000000000000000001'),
    );
    const quote = (s: string) => (/[",\n\r]|^\s|\s$/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    const table = fc.integer({ min: 1, max: 4 }).chain((n) => fc.array(fc.array(cell, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 12 }).map((rows) => ({ n, rows })));
    fc.assert(
      fc.property(table, fc.array(fc.nat(400)), fc.integer({ min: 1, max: 5 }), fc.constantFrom('\n', '\r\n'), ({ n, rows }, cuts, sample, eol) => {
        const header = Array.from({ length: n }, (_, j) => `c${j}`);
        const text = [header, ...rows].map((r) => r.map(quote).join(',')).join(eol) + eol;
        const want = parseCsv(text, 'p.csv');
        const got = readInPieces(text, cuts, sample);
        expect(got.rows).toEqual(want.rows);
        expect(got.lines).toEqual(want.lines);
      }),
      { seed: 19, numRuns: 300 },
    );
  });

  it('holds mostly numeric columns as numbers and the others as texts, deciding on all rows', () => {
    const rows = ['x,t'];
    for (let i = 0; i < 30; i++) rows.push(`${i * 0.5},${i < 5 ? i : 'w' + (i % 3)}`); // t: numbers first, then text
    const r = new CsvReader('k.csv', { sampleRows: 4 });
    r.push(`${rows.join('\n')}\n`);
    const t = r.end();
    expect([t.column(0).kind, t.column(1).kind]).toEqual(['numeric', 'categorical']);
    expect(t.column(0).value(3)).toBe(1.5);
    expect(t.column(1).text(2)).toBe('2');
    expect(t.column(1).text(29)).toBe('w2');
    expect(t.column(1).counts).toEqual({ number: 5, 'non-finite': 0, empty: 0, text: 25 });
  });
});

describe('readDecimal', () => {
  it('gives the double Number gives for every plain decimal it accepts, and NaN for the rest (property)', () => {
    const decimal = fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,19}$/), fc.constantFrom('', '.'), fc.stringMatching(/^[0-9]{0,19}$/), fc.constantFrom('', 'e', 'E-', 'e+'), fc.integer({ min: 0, max: 40 }))
      .map(([sign, a, dot, b, e, x]) => `${sign}${a}${dot}${b}${e ? `${e}${x}` : ''}`);
    fc.assert(
      fc.property(fc.oneof(decimal, fc.double().map(String), fc.string()), (s) => {
        const v = readDecimal(`,${s},`, 1, s.length + 1);
        if (v === v) expect(Object.is(v, Number(s))).toBe(true);
        else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) expect(s.replace(/[^0-9]/g, '').length > 15 || /e/i.test(s)).toBe(true);
      }),
      { seed: 28, numRuns: 20000 },
    );
  });
});

describe('invalidUtf8', () => {
  it('finds the first byte that is not UTF-8, and accepts a sequence cut by the end of a piece', () => {
    const ok = new TextEncoder().encode('aé€😀');
    expect(invalidUtf8(ok, true)).toBe(-1);
    expect(invalidUtf8(Uint8Array.of(0x61, 0xe9, 0x62), true)).toBe(1); // Latin-1 é
    expect(invalidUtf8(Uint8Array.of(0x61, 0xc0, 0x80), true)).toBe(1); // overlong
    expect(invalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80), true)).toBe(0); // a surrogate
    expect(invalidUtf8(Uint8Array.of(0x80), true)).toBe(0);
    expect(invalidUtf8(ok.subarray(0, ok.length - 1), false)).toBe(-1);
    expect(invalidUtf8(ok.subarray(0, ok.length - 1), true)).toBe(ok.length - 4);
  });
});

describe('readDataFile limits and encodings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const fail = (path: string) => messageOf(() => readDataFile(path), DataError);

  it('refuses invalid UTF-8 naming the byte offset, also past the first piece of 1 MiB', () => {
    const latin = Buffer.concat([Buffer.from('name,x\nJos'), Buffer.of(0xe9), Buffer.from(',1\n')]);
    expect(fail(write('latin.csv', latin))).toBe(`${join(dir, 'latin.csv')}: not UTF-8 text: invalid UTF-8 at byte 10; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 FILE > NEW.csv)`);
    const long = Buffer.concat([Buffer.from('x,y\n'), Buffer.from('1,2\n'.repeat(300_000)), Buffer.of(0xff), Buffer.from('\n')]);
    expect(fail(write('late.csv', long))).toContain(`invalid UTF-8 at byte ${4 + 1_200_000}`);
    const pad = Buffer.from(`xy\n${'1\n'.repeat(((1 << 20) - 4) / 2)}`); // 1 MiB − 1 bytes: a sequence starts at the last byte of the first piece
    expect(pad.length).toBe((1 << 20) - 1);
    const across = Buffer.concat([pad, Buffer.of(0xe2, 0x41), Buffer.from('\n')]);
    expect(fail(write('across.csv', across))).toContain(`invalid UTF-8 at byte ${(1 << 20) - 1}`);
    const cut = Buffer.concat([Buffer.from('x\n1\n'), Buffer.of(0xe2, 0x82)]); // € cut off at the end
    expect(fail(write('cut.csv', cut))).toContain('invalid UTF-8 at byte 4');
  });

  it('stops inflating CSV at the limit and IDX at the size its header declares', () => {
    const rows = gzipSync(Buffer.from('1,2\n'.repeat(1 << 20))); // 4 MiB of rows in a few KB
    const bomb = Buffer.concat([gzipSync('a,b\n'), ...Array.from({ length: 64 }, () => rows)]); // gzip members: 256 MiB
    process.env.NEURITE_MAX_INPUT = '16M';
    try {
      expect(fail(write('bomb.csv.gz', bomb))).toMatch(/bomb\.csv\.gz: it inflates to more than 16 MiB/);
    } finally {
      delete process.env.NEURITE_MAX_INPUT;
    }
    const head = Buffer.alloc(16);
    head.writeUInt32BE(0x803, 0);
    head.writeUInt32BE(10, 4);
    head.writeUInt32BE(28, 8);
    head.writeUInt32BE(28, 12);
    const zeros = gzipSync(Buffer.alloc(1 << 22));
    const idxBomb = Buffer.concat([gzipSync(head), ...Array.from({ length: 64 }, () => zeros)]);
    expect(fail(write('bomb-idx.gz', idxBomb))).toMatch(/more data than the IDX header declares \(7856 bytes\)/);
    head.writeUInt32BE(4_000_000_000, 4);
    expect(fail(write('huge-idx.gz', gzipSync(head)))).toMatch(/the IDX header declares 3136000000016 bytes \(4000000000 items\), more than \d+ bytes of gzip can hold/);
  });
});

// grouped (src/cli/format.ts) writes numbers as toLocaleString('en-US') does, without loading
// ICU's number formats for whole numbers (Note [grouping by hand]).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grouped } from '../src/cli/format.js';

const enUS = (n: number): string => n.toLocaleString('en-US');

describe('grouped', () => {
  it('groups whole numbers in threes, as en-US does', () => {
    for (const n of [0, 1, 12, 123, 1234, 12345, 123456, 1234567, 60000, 235146, -1, -999, -1000, -1234567, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(grouped(n), String(n)).toBe(enUS(n));
    }
    expect(grouped(1234567)).toBe('1,234,567');
    fc.assert(fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => grouped(n) === enUS(n)), { numRuns: 2000 });
  });

  it('leaves the rest to toLocaleString', () => {
    for (const n of [-0, 0.5, 1234.5678, -1234.5, 2 ** 53, 1e21, Infinity, -Infinity, NaN]) expect(grouped(n), String(n)).toBe(enUS(n));
    fc.assert(fc.property(fc.double(), (n) => grouped(n) === enUS(n)), { numRuns: 500 });
  });
});

import { describe, expect, it } from 'vitest';
import { messageOf } from './helpers.js';
import { parseCsv } from '../src/data/csv.js';
import { DataError } from '../src/data/errors.js';
import { cellKind, columnKind, numericColumn } from '../src/data/index.js';
import { resolveTarget } from '../src/data/table.js';
import { classIndices } from '../src/data/targets.js';
import { checkClasses, classLookup, classOrder, inferTask } from '../src/data/task.js';

const dataMessage = (f: () => unknown): string => messageOf(f, DataError);

const people = parseCsv('name,age,height\nann,31,1.62\nbob,,1.80\ncy,n/a,1.7\ndee,NaN,inf\n', 'people.csv');

describe('numeric columns', () => {
  it('classifies cells', () => {
    expect(['1', '-2.5e3', '.5', '3.', '', 'NaN', '-inf', 'Infinity', '1e999', '0x10', '1,5', 'abc', '3,465', '-1,234,567.5', '12,34'].map((c) => cellKind(c))).toEqual([
      'number', 'number', 'number', 'number', 'empty', 'empty', 'non-finite', 'non-finite', 'non-finite', 'text', 'text', 'text', 'number', 'number', 'text',
    ]);
  });

  it('reads a numeric column', () => {
    const t = parseCsv('a,b\n1,2.5\n-3,4e2\n', 't.csv');
    expect(Array.from(numericColumn(t, 'b'))).toEqual([2.5, 400]);
  });

  it('names file:line:column and the column for an empty cell', () => {
    const e = (() => {
      try {
        numericColumn(people, 'age');
      } catch (err) {
        return err as DataError;
      }
    })();
    expect(e?.message).toBe('people.csv:3:2: empty cell in column "age"; fill in a value or remove the row');
    expect([e?.line, e?.column, e?.columnName]).toEqual([3, 2, 'age']);
  });

  it('reports text in a numeric column and non-finite numbers', () => {
    const t = parseCsv('age\n1\nn/a\n', 't.csv');
    expect(dataMessage(() => numericColumn(t, 'age'))).toBe('t.csv:3:1: missing value "n/a" in column "age"; fill in a value or remove the row');
    const nan = parseCsv('x,y\n1,2\nNaN,3\n', 'n.csv');
    expect(dataMessage(() => numericColumn(nan, 'x'))).toBe('n.csv:3:1: missing value "NaN" in column "x"; fill in a value or remove the row');
    const text = parseCsv('age\n1\n2\nabc\n', 't.csv');
    expect(dataMessage(() => numericColumn(text, 'age'))).toBe('t.csv:4:1: "abc" in numeric column "age" is not a number; write a plain number such as 3.5 or -2e-3, or remove the row');
    const inf = parseCsv('x,y\n1,inf\n', 'n.csv');
    expect(dataMessage(() => numericColumn(inf, 'y'))).toBe('n.csv:2:2: "inf" in column "y" is not a finite number; replace it with a number or remove the row');
  });

  it('decides column kinds by majority of non-empty cells', () => {
    expect(columnKind(['1', '2', 'n/a'])).toBe('numeric');
    expect(columnKind(['red', 'blue', '3'])).toBe('categorical');
    expect(columnKind(['1', 'a'])).toBe('categorical');
    expect(columnKind(['', 'NaN', '2'])).toBe('numeric');
  });
});

describe('target column', () => {
  it('defaults to the last column', () => {
    expect(resolveTarget(people)).toBe('height');
    expect(resolveTarget(people, 'age')).toBe('age');
  });

  it('lists the columns there are when the target does not exist', () => {
    expect(dataMessage(() => resolveTarget(people, 'weight'))).toBe('people.csv: no column named "weight" (did you mean "height"?); the columns are: name, age, height');
    expect(dataMessage(() => resolveTarget(people, 'colour'))).toBe('people.csv: no column named "colour"; the columns are: name, age, height');
  });
});

describe('task and classes', () => {
  it('infers the task by the documented rule', () => {
    expect(inferTask(['setosa', 'versicolor'])).toBe('classification');
    expect(inferTask(['0', '1', '1'])).toBe('classification');
    const twice = (n: number): string[] => Array.from({ length: 2 * n }, (_, i) => String(i % n));
    expect(inferTask(twice(20))).toBe('classification');
    expect(inferTask(twice(21))).toBe('regression');
    // integers that mostly occur once are a quantity: stackloss (statsmodels), 21 rows, 9 of 14 values once
    const stackloss = [42, 37, 37, 28, 18, 18, 19, 20, 15, 14, 14, 13, 11, 12, 8, 7, 8, 8, 9, 15, 15].map(String);
    expect(inferTask(stackloss)).toBe('regression');
    expect(inferTask(Array.from({ length: 20 }, (_, i) => String(i)))).toBe('regression');
    expect(inferTask(['0', '1', '2', '3', '4'])).toBe('classification'); // ten values or fewer are always classes
    const counts = (once: number, twice: number): string[] =>
      [...Array.from({ length: once }, (_, i) => String(i)), ...Array.from({ length: 2 * twice }, (_, i) => String(100 + (i % twice)))];
    expect(inferTask(counts(6, 6))).toBe('classification'); // 12 values, half of them once
    expect(inferTask(counts(7, 5))).toBe('regression');
    expect(inferTask(['1', '2', '2.5'])).toBe('regression');
    expect(inferTask(['1', '2', 'two'])).toBe('classification');
  });

  it('orders numeric labels by value and text labels by code unit', () => {
    expect(classOrder(['10', '9', '2', '9'])).toEqual(['2', '9', '10']);
    expect(classOrder(['b', 'B', 'a', '10', '9'])).toEqual(['10', '9', 'B', 'a', 'b']);
    expect(classOrder(['1.0', '1', '-1'])).toEqual(['-1', '1.0']);
    expect(classLookup(['2', '9', '10'])('9.0')).toBe(1);
    expect(classLookup(['a', 'b'])('c')).toBe(-1);
  });

  it('refuses a single class', () => {
    expect(dataMessage(() => checkClasses(['yes'], 'bought', 'shop.csv'))).toBe(
      'shop.csv: the target column bought has only one class (yes); classification needs at least two; check --target, or use --task regression for a numeric target',
    );
  });

  it('reports an unknown class at its place', () => {
    const t = parseCsv('x,y\n1,a\n2,b\n3,c\n', 'c.csv');
    expect(Array.from(classIndices(t, 'y', ['a', 'b', 'c']))).toEqual([0, 1, 2]);
    expect(dataMessage(() => classIndices(t, 'y', ['a', 'b']))).toBe('c.csv:4:2: unknown class "c" in column "y"; the classes are: a, b');
  });
});

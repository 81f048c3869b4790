// Hebbian learning: Oja's rule finds the first principal component (numpy's, from
// scripts/fixtures/unsupervised_reference.py); plain Hebb turns the same way and grows; the
// conditioning example learns and unlearns the bell.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, DivergenceError, fitInputPreprocessor, hebbian, hebbianStep, parseCsv, PavlovNeuron, pavlov,
} from '../src/index.js';
import { messageOf } from './helpers.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const reference = JSON.parse(fixture('unsupervised-reference.json'));
const table = parseCsv(fixture('correlated.csv'), 'correlated.csv');
const x = fitInputPreprocessor({ table }).transform(table);
const pc1: number[] = reference.oja.pc1;
const cosine = (w: ArrayLike<number>) => Array.from(w).reduce((s, v, i) => s + v * pc1[i], 0) / Math.hypot(...Array.from(w));

describe('Hebbian rules', () => {
  it('one step of each rule as the formulas say', () => {
    const w = Float64Array.of(1, 0);
    expect(hebbianStep(w, [1, 1], 0.5, 'hebb')).toBe(1);
    expect(Array.from(w)).toEqual([1.5, 0.5]); // w + η·y·x
    const v = Float64Array.of(0.5, 0.5);
    expect(hebbianStep(v, [2, 0], 0.5, 'oja')).toBe(1);
    expect(Array.from(v)).toEqual([0.5 + 0.5 * 1 * (2 - 0.5), 0.5 + 0.5 * 1 * (0 - 0.5)]); // w + η·y·(x − y·w)
  });

  it("Oja's rule points along the first principal component (|cosine| >= 0.99) with a norm near 1, seeds 0-4", () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const { weights, norms } = hebbian(x, { rule: 'oja', seed });
      expect(Math.abs(cosine(weights)), `seed ${seed}`).toBeGreaterThanOrEqual(0.99);
      expect(norms[norms.length - 1]).toBeCloseTo(1, 1);
    }
    // a lower rate settles closer
    expect(Math.abs(cosine(hebbian(x, { rule: 'oja', lr: 0.001, seed: 1 }).weights))).toBeGreaterThanOrEqual(0.9999);
  });

  it('plain Hebb turns the same way while its norm grows without bound, and overflows into a clear error', () => {
    const { weights, norms } = hebbian(x, { rule: 'hebb', lr: 0.001, seed: 1 });
    expect(Math.abs(cosine(weights))).toBeGreaterThanOrEqual(0.99);
    expect(norms[19]).toBeGreaterThan(norms[9] * 1e3);
    expect(() => hebbian(x, { rule: 'hebb', lr: 0.1, epochs: 100 })).toThrow(DivergenceError);
    // the advice fits the rule: no learning rate stops plain Hebb's growth, Oja's rule does
    const hebb = messageOf(() => hebbian(x, { rule: 'hebb', lr: 0.1, epochs: 100 }), DivergenceError);
    expect(hebb).toMatch(/use Oja's rule \(rule 'oja', --rule oja\)/);
    expect(hebb).not.toMatch(/clipping/);
    expect(messageOf(() => hebbian(x, { rule: 'oja', lr: 1e6, epochs: 5 }), DivergenceError)).toMatch(/Oja's rule.*lower learning rate/);
  });

  it('is deterministic; refuses one input', () => {
    expect(hebbian(x, { seed: 3 }).weights).toEqual(hebbian(x, { seed: 3 }).weights);
    expect(hebbian(x, { seed: 3 }).weights).not.toEqual(hebbian(x, { seed: 4 }).weights);
    expect(messageOf(() => hebbian([[1], [2]]), ArgumentError)).toMatch(/needs rows of at least 2 inputs/);
  });
});

describe('classical conditioning (Note [conditioning rule])', () => {
  it('the bell alone does not fire before; it fires after N = 4 paired trials, not after 3', () => {
    expect(new PavlovNeuron().present({ bell: true, food: false }).salivates).toBe(false);
    for (const [pairings, fires] of [[3, false], [4, true]] as const) {
      const dog = new PavlovNeuron();
      for (let i = 0; i < pairings; i++) expect(dog.present({ bell: true, food: true }).salivates).toBe(true);
      expect(dog.respond({ bell: true, food: false }).salivates, `${pairings} pairings`).toBe(fires);
    }
  });

  it('food alone neither teaches nor erases; the bell without food extinguishes the response', () => {
    const dog = new PavlovNeuron();
    dog.present({ bell: false, food: true });
    expect(dog.bellWeight).toBe(0);
    for (let i = 0; i < 6; i++) dog.present({ bell: true, food: true });
    const conditioned = dog.bellWeight;
    expect(conditioned).toBeCloseTo(1 - 0.8 ** 6, 12);
    dog.present({ bell: false, food: true });
    dog.present({ bell: false, food: false });
    expect(dog.bellWeight).toBe(conditioned);
    const responses = Array.from({ length: 4 }, () => dog.present({ bell: true, food: false }).salivates);
    expect(responses).toEqual([true, true, false, false]);
    expect(dog.bellWeight).toBeLessThan(dog.threshold);
  });

  it('the experiment as a table of trials', () => {
    const trials = pavlov();
    expect(trials.map((t) => t.salivates)).toEqual([false, true, true, true, true, true, true, true, true, true, false, false, false, false]);
    expect(trials.map((t) => t.trial)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(trials[9].bellWeight).toBeCloseTo(0.8 ** 2 * (1 - 0.8 ** 6), 12);
  });
});

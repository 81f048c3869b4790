/**
 * Seeded toy datasets, made with {@link Random} so the same seed gives the same table bit for bit
 * in Node and in browsers. Each is a {@link Table}, like a parsed CSV file, so the CLI and the
 * playground handle them with the CSV code path. `noise` is the standard deviation of Gaussian
 * noise, in the units of the data.
 */
import { checkNumber } from '../core/assert.js';
import { Random } from '../core/random.js';
import type { Table } from './table.js';

/** Options of a generated dataset; each generator documents its defaults. */
export interface GenerateOptions {
  /** Seed of the {@link Random} generator; default 0. */
  seed?: number;
  /** Number of rows. */
  samples?: number;
  /** Standard deviation of the Gaussian noise. */
  noise?: number;
  /** Number of classes (spiral arms, blobs); ignored by the other sets. */
  classes?: number;
}

/** A 2-D point with its class. */
type Point = [x: number, y: number, label: number];

interface Setup {
  rng: Random;
  samples: number;
  noise: number;
  classes: number;
}

function setup(name: string, o: GenerateOptions, samples: number, noise: number, classes = 2): Setup {
  const k = checkNumber(name, 'classes', o.classes ?? classes, { min: 2, max: 20, integer: true });
  return {
    rng: new Random(checkNumber(name, 'seed', o.seed ?? 0, { integer: true })),
    samples: checkNumber(name, 'samples', o.samples ?? samples, { min: k, max: 1e7, integer: true }),
    noise: checkNumber(name, 'noise', o.noise ?? noise, { min: 0 }),
    classes: k,
  };
}

/** Row counts per class: as even as possible, the first classes taking the remainder. */
function perClass(samples: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, c) => Math.floor(samples / classes) + (c < samples % classes ? 1 : 0));
}

/** Writes a number as the table's text: at most 6 decimals (toFixed is exact in every engine). */
function formatNumber(v: number): string {
  return String(Number(v.toFixed(6)));
}

/** Shuffles the points (so classes are mixed in row order) and makes the table `x, y, label`. */
function pointsTable(source: string, points: Point[], rng: Random): Table {
  rng.shuffle(points);
  return {
    source,
    columns: ['x', 'y', 'label'],
    rows: points.map(([x, y, label]) => [formatNumber(x), formatNumber(y), String(label)]),
    lines: points.map((_, i) => i + 2),
  };
}

/** Builds each class's points with `make(class, index, count)`, then adds noise to x and y. */
function generate(name: string, s: Setup, make: (c: number, i: number, n: number) => [number, number]): Table {
  const points: Point[] = [];
  perClass(s.samples, s.classes).forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      const [x, y] = make(c, i, n);
      points.push([x + s.noise * s.rng.normal(), y + s.noise * s.rng.normal(), c]);
    }
  });
  return pointsTable(name, points, s.rng);
}

/**
 * XOR: points in the four quadrants of [−1, 1]²; label 1 where x and y have different signs.
 * Defaults: 200 samples (50 per quadrant), noise 0.05.
 *
 * @param options seed, samples, noise
 * @returns columns `x, y, label`, labels 0 and 1
 * @example
 * ```ts
 * xorDataset({ seed: 1 }).rows.length; // 200
 * ```
 */
export function xorDataset(options: GenerateOptions = {}): Table {
  const s = setup('xor', { ...options, classes: 4 }, 200, 0.05);
  const table = generate('xor', s, (q) => [(q & 1 ? 1 : -1) * s.rng.uniform(0.05, 1), (q & 2 ? 1 : -1) * s.rng.uniform(0.05, 1)]);
  // quadrant q → label: 1 when exactly one of x, y is positive (q = 1 or 2)
  for (const row of table.rows) row[2] = row[2] === '1' || row[2] === '2' ? '1' : '0';
  return table;
}

/**
 * Interleaved spiral arms, one per class: radius t ∈ (0, 1], angle 2πc/k + 3πt.
 * Defaults: 300 samples, 2 classes, noise 0.04.
 *
 * @param options seed, samples, noise, classes (arms)
 * @returns columns `x, y, label`, labels 0..k−1
 * @example
 * ```ts
 * spiralDataset({ classes: 3 }).rows.length; // 300
 * ```
 */
export function spiralDataset(options: GenerateOptions = {}): Table {
  const s = setup('spiral', options, 300, 0.04);
  return generate('spiral', s, (c, i, n) => {
    const t = (i + 1) / n;
    const angle = (2 * Math.PI * c) / s.classes + 3 * Math.PI * t;
    return [t * Math.cos(angle), t * Math.sin(angle)];
  });
}

/**
 * Two interleaved half circles: class 0 on (cos θ, sin θ), class 1 on (1 − cos θ, 0.5 − sin θ),
 * θ uniform in [0, π]. Defaults: 200 samples, noise 0.1.
 *
 * @param options seed, samples, noise
 * @returns columns `x, y, label`, labels 0 and 1
 * @example
 * ```ts
 * moonsDataset({ noise: 0.2 }).rows.length; // 200
 * ```
 */
export function moonsDataset(options: GenerateOptions = {}): Table {
  const s = setup('moons', { ...options, classes: 2 }, 200, 0.1);
  return generate('moons', s, (c) => {
    const theta = Math.PI * s.rng.float();
    return c === 0 ? [Math.cos(theta), Math.sin(theta)] : [1 - Math.cos(theta), 0.5 - Math.sin(theta)];
  });
}

/**
 * Two concentric circles: class 0 of radius 1, class 1 of radius 0.5.
 * Defaults: 200 samples, noise 0.05.
 *
 * @param options seed, samples, noise
 * @returns columns `x, y, label`, labels 0 and 1
 * @example
 * ```ts
 * circlesDataset().rows.length; // 200
 * ```
 */
export function circlesDataset(options: GenerateOptions = {}): Table {
  const s = setup('circles', { ...options, classes: 2 }, 200, 0.05);
  return generate('circles', s, (c) => {
    const theta = 2 * Math.PI * s.rng.float();
    const r = c === 0 ? 1 : 0.5;
    return [r * Math.cos(theta), r * Math.sin(theta)];
  });
}

/**
 * Gaussian clusters, one per class, centred on a circle of radius 3 (angle 2πc/k); `noise` is
 * each cluster's standard deviation. Defaults: 300 samples, 3 classes, noise 0.8.
 *
 * @param options seed, samples, noise, classes
 * @returns columns `x, y, label`, labels 0..k−1
 * @example
 * ```ts
 * blobsDataset({ classes: 4 }).rows.length; // 300
 * ```
 */
export function blobsDataset(options: GenerateOptions = {}): Table {
  const s = setup('blobs', options, 300, 0.8, 3);
  return generate('blobs', s, (c) => {
    const angle = (2 * Math.PI * c) / s.classes;
    return [3 * Math.cos(angle), 3 * Math.sin(angle)];
  });
}

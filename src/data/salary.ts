/**
 * A seeded regression dataset: salary from age and years of experience.
 */
import { checkNumber } from '../core/assert.js';
import { Random } from '../core/random.js';
import type { GenerateOptions } from './generators.js';
import type { Table } from './table.js';

/**
 * Salaries: `age` uniform integer 22–65, `experience` uniform integer 0…(age − 18), and
 * `salary = 30000 + 2500·experience + 400·(age − 22) + ε`, ε ~ Normal(0, noise²) with noise
 * 5000 by default, rounded to a whole unit. Defaults: 500 samples.
 *
 * @param options seed, samples, noise (σ of ε, in salary units)
 * @returns columns `age, experience, salary`
 * @example
 * ```ts
 * salaryDataset({ seed: 3 }).columns; // ['age', 'experience', 'salary']
 * ```
 */
export function salaryDataset(options: GenerateOptions = {}): Table {
  const rng = new Random(checkNumber('salary', 'seed', options.seed ?? 0, { integer: true }));
  const samples = checkNumber('salary', 'samples', options.samples ?? 500, { min: 1, max: 1e7, integer: true });
  const noise = checkNumber('salary', 'noise', options.noise ?? 5000, { min: 0 });
  const rows: string[][] = [];
  for (let i = 0; i < samples; i++) {
    const age = 22 + rng.int(44);
    const experience = rng.int(age - 18 + 1);
    const salary = 30000 + 2500 * experience + 400 * (age - 22) + noise * rng.normal();
    rows.push([String(age), String(experience), String(Math.round(salary))]);
  }
  return { source: 'salary', columns: ['age', 'experience', 'salary'], rows, lines: rows.map((_, i) => i + 2) };
}

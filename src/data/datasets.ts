/**
 * The built-in datasets by name: two real ones shipped as CSV text (iris, digits) and seeded
 * generated ones. All load as a {@link Table}, in Node and in browsers alike.
 */
import { ArgumentError } from '../core/errors.js';
import { checkChoice } from '../core/assert.js';
import { DIGITS_CSV, IRIS_CSV } from './builtin-csv.js';
import { parseCsv } from './csv.js';
import { blobsDataset, circlesDataset, moonsDataset, spiralDataset, xorDataset, type GenerateOptions } from './generators.js';
import { salaryDataset } from './salary.js';
import type { Table } from './table.js';

/** The names {@link loadDataset} knows. */
export const DATASETS = ['iris', 'digits', 'xor', 'spiral', 'moons', 'circles', 'blobs', 'salary'] as const;

/** A built-in dataset's name. */
export type DatasetName = (typeof DATASETS)[number];

/** One line about each built-in dataset, for `neurite datasets` and the playground. */
export const DATASET_INFO: Readonly<Record<DatasetName, string>> = {
  iris: 'iris flowers: 150 rows, 4 measurements, 3 species (UCI, CC BY 4.0)',
  digits: 'handwritten digits 8×8: 1797 rows, 64 pixel counts 0–16, 10 classes (UCI, CC BY 4.0)',
  xor: 'XOR of the signs of x and y: 200 points, 2 classes',
  spiral: 'interleaved spiral arms: 300 points, 2 classes (option classes)',
  moons: 'two interleaved half circles: 200 points, 2 classes',
  circles: 'two concentric circles: 200 points, 2 classes',
  blobs: 'Gaussian clusters: 300 points, 3 classes (option classes)',
  salary: 'regression: salary from age and experience, 500 rows',
};

const GENERATORS: Record<Exclude<DatasetName, 'iris' | 'digits'>, (o: GenerateOptions) => Table> = {
  xor: xorDataset,
  spiral: spiralDataset,
  moons: moonsDataset,
  circles: circlesDataset,
  blobs: blobsDataset,
  salary: salaryDataset,
};

/**
 * Loads a built-in dataset as a table. Generated sets take `seed` (default 0), `samples`, `noise`
 * and, for spiral and blobs, `classes`; the same options give the same table bit for bit.
 * iris and digits are fixed: they ignore `seed` and refuse the other options.
 *
 * @param name one of {@link DATASETS}
 * @param options see {@link GenerateOptions}
 * @returns the table; the target is its last column
 * @example
 * ```ts
 * loadDataset('iris').rows.length;                 // 150
 * loadDataset('moons', { seed: 7, noise: 0.2 });   // x, y, label
 * ```
 */
export function loadDataset(name: string, options: GenerateOptions = {}): Table {
  const which = checkChoice('loadDataset', 'dataset', name, DATASETS);
  if (which === 'iris' || which === 'digits') {
    const extra = (['samples', 'noise', 'classes'] as const).filter((k) => options[k] !== undefined);
    if (extra.length > 0) {
      throw new ArgumentError(`loadDataset: ${which} is a fixed dataset; ${extra.join(', ')} cannot be set`, {
        where: `loadDataset.${extra[0]}`,
        expected: 'no value',
        received: String(options[extra[0]]),
      });
    }
    return parseCsv(which === 'iris' ? IRIS_CSV : DIGITS_CSV, `${which}.csv`);
  }
  return GENERATORS[which](options);
}

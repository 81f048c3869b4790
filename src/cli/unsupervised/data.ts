/**
 * The rows `cluster` and `hebbian` learn from: a CSV file or a built-in dataset read as `train`
 * reads it, the `--ignore` columns left out, and every other column a feature, encoded by the
 * same preprocessing as `train` (numbers scaled, text one-hot), fitted on every row.
 */
import { InputPreprocessor, type Matrix, type Scale } from '../../index.js';
import { fitInputPreprocessor, type ColumnTable } from '../../data/index.js';
import { withoutColumns } from '../columns.js';
import { CliError, UsageError } from '../errors.js';
import type { TrainConfig } from '../train/options.js';
import { readSource } from '../train/source.js';

/** The options that say where the rows come from and how they are encoded. */
export interface DataOptions {
  data?: string;
  dataset?: string;
  ignore?: string[];
  scale: Scale;
}

/** Rows ready to learn from, with the table they came from. */
export interface Unlabelled {
  /** The file or dataset name. */
  readonly name: string;
  /** Every column of the file (the ignored ones too), for writing the rows back. */
  readonly table: ColumnTable;
  readonly preprocessor: InputPreprocessor;
  /** `[rows, inputs]` */
  readonly x: Matrix;
}

/**
 * Reads and encodes the rows: every column but the ignored ones is a feature.
 *
 * @throws UsageError for --data with --dataset or an unknown --ignore column; CliError for IDX
 *   images or no columns left; DataError for a bad file (FILE:LINE:COL)
 * @example
 * ```ts
 * const { x, preprocessor } = readUnlabelled({ dataset: 'iris', ignore: ['species'], scale: 'standard' });
 * ```
 */
export function readUnlabelled(o: DataOptions): Unlabelled {
  if (o.data !== undefined && o.dataset !== undefined) throw new UsageError('--data and --dataset cannot be used together; give one of them');
  if (o.data === undefined && o.dataset === undefined) throw new UsageError('give the rows to learn from with --data FILE (a CSV file) or --dataset NAME');
  const source = readSource({ data: o.data, dataset: o.dataset } as TrainConfig);
  if (source.kind !== 'table') throw new CliError(`${source.name}: IDX images are not supported here; give a CSV file (one row per item, a header row)`);
  const table = source.table;
  const features = withoutColumns(table, o.ignore, source.name);
  const preprocessor = fitInputPreprocessor({ table: features, scale: o.scale });
  return { name: source.name, table, preprocessor, x: preprocessor.transform(features) };
}

/**
 * Refuses rows that are all the same once encoded: nothing to learn from them.
 *
 * @throws CliError naming the file
 * @example
 * ```ts
 * checkRowsDiffer(data, 'cluster');
 * ```
 */
export function checkRowsDiffer(d: Unlabelled, what: string): void {
  const { data, rows, cols } = d.x;
  for (let i = 1; i < rows; i++) {
    for (let k = 0; k < cols; k++) if (data[i * cols + k] !== data[k]) return;
  }
  throw new CliError(`${d.name}: all ${rows} rows are equal (in the columns ${d.preprocessor.features.join(', ')}), so there is nothing to ${what}; give rows that differ`);
}

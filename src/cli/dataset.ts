/**
 * Reading the labelled or unlabelled rows evaluate and predict work on: a CSV file, or IDX
 * images (with IDX labels for evaluate), encoded by a model's preprocessing.
 */
import type { Matrix } from '../index.js';
import { pairIdx } from '../data/idx.js';
import { readDataFile } from '../data/node/index.js';
import type { Table } from '../data/table.js';
import { CliError, UsageError } from './errors.js';
import { checkFile } from './io.js';
import type { CliModel } from './model.js';

/** Rows encoded for the network, with the table they came from (CSV) or the raw labels (IDX). */
export interface Encoded {
  /** `[rows, inputs]` */
  readonly x: Matrix;
  readonly table?: Table;
  /** IDX labels, one per image. */
  readonly labels?: Uint8Array;
}

/**
 * Reads `--data` (and `--labels`) and encodes the rows with the model's preprocessing.
 *
 * @throws DataError for a bad file or cell (FILE:LINE:COL), or columns that do not match the model
 * @example
 * ```ts
 * const { x, table } = readEncoded(model, 'new.csv');
 * ```
 */
export function readEncoded(model: CliModel, data: string, labels?: string): Encoded {
  checkFile(data, '--data');
  const file = readDataFile(data);
  if (file.kind === 'csv') {
    if (labels !== undefined) throw new UsageError('--labels goes with IDX images; a CSV file has its labels in the target column');
    return { x: model.preprocessor.transform(file.table), table: file.table };
  }
  if (file.kind === 'labels') throw new CliError(`${data}: this is an IDX labels file; give the images to --data and the labels to --labels`);
  const p = model.preprocessor;
  if (file.pixels.cols !== p.inputs || p.scale !== 'pixel') {
    throw new CliError(`${data}: ${file.count} images of ${file.height}×${file.width} = ${file.pixels.cols} pixels, but the model ${model.path} expects ${p.scale === 'pixel' ? `${p.inputs} pixels per image` : `CSV rows with the columns ${p.features.join(', ')}`}`);
  }
  if (labels === undefined) return { x: p.transformMatrix(file.pixels) };
  checkFile(labels, '--labels');
  const pair = pairIdx(file, readDataFile(labels));
  return { x: p.transformMatrix(pair.images), labels: pair.labels };
}

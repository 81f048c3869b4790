/**
 * Reading the labelled or unlabelled rows evaluate and predict work on: a CSV file, or IDX
 * images (with IDX labels for evaluate), encoded by a model's preprocessing.
 */
import type { InputPreprocessor, Matrix } from '../index.js';
import { DataError, decodePixels, idxHeader, pairIdx, type ColumnTable, type IdxImages, type Table } from '../data/index.js';
import { peekHeader, readDataFile } from '../data/node/index.js';
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

/** What encoding rows needs of a model: its file and its inputs' preprocessing (a target is not needed). */
export type EncodingModel = Pick<CliModel, 'path'> & { readonly preprocessor: InputPreprocessor };

/**
 * Reads `--data` (and `--labels`) and encodes the rows with the model's preprocessing.
 *
 * @throws DataError for a bad file or cell (FILE:LINE:COL), or columns that do not match the model
 * @example
 * ```ts
 * const { x, table } = readEncoded(model, 'new.csv');
 * ```
 */
export function readEncoded(model: EncodingModel, data: string, labels?: string): Encoded {
  checkFile(data, '--data');
  const header = idxHeader(peekHeader(data));
  if (header?.kind === 'images' && labels !== undefined) {
    checkFile(labels, '--labels');
    const l = readDataFile(labels);
    if (l.kind === 'labels' && l.count !== header.count) {
      throw new DataError({ file: labels, problem: `${l.count} labels for ${header.count} images in ${data}`, fix: 'use the labels file that belongs to these images', expected: `${header.count} labels`, received: `${l.count} labels` });
    }
    const pair = pairIdx(readDataFile(data), l);
    return encodeImages(model, data, pair.images, pair.labels);
  }
  const file = readDataFile(data);
  if (file.kind === 'csv') {
    if (labels !== undefined) throw new UsageError('--labels goes with IDX images; a CSV file has its labels in the target column');
    return withRows(model.preprocessor.transform(file.table), file.table);
  }
  if (file.kind === 'labels') throw new CliError(`${data}: this is an IDX labels file; give the images to --data and the labels to --labels`);
  return encodeImages(model, data, file);
}

function encodeImages(model: EncodingModel, data: string, file: IdxImages, labels?: Uint8Array): Encoded {
  const p = model.preprocessor;
  const size = file.height * file.width;
  if (size !== p.inputs || p.scale !== 'pixel') {
    throw new CliError(`${data}: ${file.count} images of ${file.height}×${file.width} = ${size} pixels, but the model ${model.path} expects ${p.scale === 'pixel' ? `${p.inputs} pixels per image` : `CSV rows with the columns ${p.features.join(', ')}`}`);
  }
  const x = { data: decodePixels(file, new Float32Array(file.count * size)), rows: file.count, cols: size };
  return labels ? { x, labels } : { x };
}

/** Encoded rows with the table's cells as strings, made only when asked for (predict writes them back). */
function withRows(x: Matrix, t: ColumnTable): Encoded {
  let rows: Table | undefined;
  return {
    x,
    get table(): Table {
      rows ??= {
        source: t.source,
        columns: [...t.columns],
        rows: Array.from({ length: t.rowCount }, (_, i) => t.columns.map((_c, j) => t.column(j).text(i))),
        lines: Array.from({ length: t.rowCount }, (_, i) => t.line(i)),
      };
      return rows;
    },
  };
}

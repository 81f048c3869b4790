/**
 * Reading the labelled or unlabelled rows evaluate and predict work on: a CSV file, or IDX
 * images (with IDX labels for evaluate), encoded by a model's preprocessing.
 */
import type { InputPreprocessor, Matrix, Shape } from '../index.js';
import { DataError, decodePixels, idxHeader, pairIdx, type ColumnTable, type EncodeReport, type IdxImages, type Table } from '../data/index.js';
import { peekHeader, readDataFile } from '../data/node/index.js';
import { takeBlock, takeEarly } from './early.js';
import { CliError, UsageError } from './errors.js';
import { checkFile } from './io.js';
import type { CliModel } from './model.js';

/** Rows encoded for the network, with the table they came from (CSV) or the raw labels (IDX). */
export interface Encoded {
  /** `[rows, inputs]` */
  readonly x: Matrix;
  readonly table?: Table;
  /** The table as read (typed columns), for targets. */
  readonly columns?: ColumnTable;
  /** What encoding the table met: values filled in, unreadable, unseen (Note [encoding report]). */
  readonly report?: EncodeReport;
  /** IDX labels, one per image. */
  readonly labels?: Uint8Array;
}

/**
 * What encoding rows needs of a model: its file, its inputs' preprocessing (a target is not
 * needed) and, for a network, its input shape (images of another height or width are refused).
 */
export type EncodingModel = Pick<CliModel, 'path'> & { readonly preprocessor: InputPreprocessor; readonly network?: { readonly inputShape: Shape } };

/** How to read `--data` for a model. */
export interface ReadFor {
  /** `--delimiter`: the delimiter of a text table instead of the one detected. */
  readonly delimiter?: string;
  /** Only these table rows, in this order (evaluate: the rows with a target). */
  readonly rows?: (table: ColumnTable) => Uint32Array;
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
export function readEncoded(model: EncodingModel, data: string, labels?: string, how: ReadFor = {}): Encoded {
  checkFile(data, '--data');
  const header = idxHeader(peekHeader(data));
  if (header?.kind === 'images' && labels !== undefined) {
    checkFile(labels, '--labels');
    const l = readDataFile(labels);
    if (l.kind === 'labels' && l.count !== header.count) {
      throw new DataError({ file: labels, problem: `${l.count} labels for ${header.count} images in ${data}`, fix: 'use the labels file that belongs to these images', expected: `${header.count} labels`, received: `${l.count} labels` });
    }
    // read beside the start-up when bin/neurite.js could begin it (Note [reading early] in data/node/early.ts)
    const pair = pairIdx(takeEarly(data) ?? readDataFile(data), l);
    return encodeImages(model, data, pair.images, pair.labels);
  }
  const file = takeEarly(data) ?? readDataFile(data, { delimiter: how.delimiter, markers: model.preprocessor.markers });
  if (file.kind === 'csv') {
    if (labels !== undefined) throw new UsageError('--labels goes with IDX images; a CSV file has its labels in the target column');
    const rows = how.rows?.(file.table);
    const { x, report } = model.preprocessor.encode(file.table, rows);
    return withRows(x, file.table, report, rows);
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
  const shape = model.network?.inputShape ?? [];
  if (shape.length === 3 && (shape[0] !== file.height || shape[1] !== file.width || shape[2] !== 1)) {
    throw new CliError(`${data}: images of ${file.height}×${file.width}, but the model ${model.path} takes images of ${shape.join('×')}`);
  }
  const x = { data: decodePixels(file, takeBlock(file.count * size) ?? new Float32Array(file.count * size)), rows: file.count, cols: size };
  return labels ? { x, labels } : { x };
}

/** Encoded rows with the table's cells as strings, made only when asked for (predict writes them back). */
function withRows(x: Matrix, t: ColumnTable, report: EncodeReport, order?: Uint32Array): Encoded {
  let rows: Table | undefined;
  const n = order ? order.length : t.rowCount;
  const at = (k: number) => (order ? order[k] : k);
  return {
    x, report, columns: t,
    get table(): Table {
      rows ??= {
        source: t.source,
        columns: [...t.columns],
        rows: Array.from({ length: n }, (_, k) => t.columns.map((_c, j) => t.column(j).text(at(k)))),
        lines: Array.from({ length: n }, (_, k) => t.line(at(k))),
      };
      return rows;
    },
  };
}

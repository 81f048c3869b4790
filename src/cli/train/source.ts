/**
 * Where training rows come from: a CSV file, IDX images with their labels, or a built-in
 * dataset; and a fingerprint of them, so a resumed run can check it trains on the same data.
 */
import { createHash } from 'node:crypto';
import type { Matrix } from '../../index.js';
import { loadDataset, pairIdx, type Table } from '../../data/index.js';
import { readDataFile } from '../../data/node/index.js';
import { CliError, UsageError } from '../errors.js';
import { checkFile } from '../io.js';
import type { TrainConfig } from './options.js';

/** Raw training data: a table of text cells, or images with integer labels. */
export type Source =
  | { readonly kind: 'table'; readonly name: string; readonly table: Table }
  | { readonly kind: 'images'; readonly name: string; readonly pixels: Matrix; readonly labels: Uint8Array; readonly height: number; readonly width: number };

/**
 * Reads the data a config names.
 *
 * @throws DataError for a bad file (FILE:LINE:COL), UsageError for IDX images without --labels
 * @example
 * ```ts
 * readSource({ dataset: 'iris' } as TrainConfig).kind; // 'table'
 * ```
 */
export function readSource(cfg: TrainConfig): Source {
  if (cfg.data === undefined) return { kind: 'table', name: cfg.dataset ?? 'iris', table: loadDataset(cfg.dataset ?? 'iris') };
  checkFile(cfg.data, '--data');
  const file = readDataFile(cfg.data);
  if (file.kind === 'csv') {
    if (cfg.labels !== undefined) throw new UsageError('--labels goes with IDX images; a CSV file has its labels in the target column (see --target)');
    return { kind: 'table', name: cfg.data, table: file.table };
  }
  if (file.kind === 'labels') throw new CliError(`${cfg.data}: this is an IDX labels file; give the images to --data and the labels to --labels`);
  if (cfg.labels === undefined) throw new UsageError(`${cfg.data} holds IDX images: give their labels with --labels FILE (an IDX labels file)`);
  if (cfg.task === 'regression') throw new UsageError('IDX images are classified: --task regression does not apply to them');
  checkFile(cfg.labels, '--labels');
  const pair = pairIdx(file, readDataFile(cfg.labels));
  return { kind: 'images', name: cfg.data, pixels: pair.images, labels: pair.labels, height: file.height, width: file.width };
}

/**
 * A SHA-256 fingerprint of the data, stored in checkpoints.
 *
 * @example
 * ```ts
 * fingerprint(readSource(cfg)); // '3f2a…'
 * ```
 */
export function fingerprint(s: Source): string {
  const h = createHash('sha256');
  if (s.kind === 'table') {
    h.update(JSON.stringify(s.table.columns));
    for (const row of s.table.rows) h.update(`${JSON.stringify(row)}\n`);
  } else {
    h.update(new Uint8Array(s.pixels.data.buffer, s.pixels.data.byteOffset, s.pixels.data.byteLength));
    h.update(s.labels);
  }
  return h.digest('hex');
}

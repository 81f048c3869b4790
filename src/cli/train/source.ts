/**
 * Where training rows come from: a CSV file, IDX images with their labels, or a built-in
 * dataset; and a fingerprint of them (SHA-256 of the bytes: a CSV file's computed as they are
 * read, IDX files' when first asked for), so a resumed run can check it trains on the same data.
 */
import { createHash } from 'node:crypto';
import { asColumns, DataError, idxHeader, loadDataset, MissingMarkers, pairIdx, type ColumnTable, type IdxImages } from '../../data/index.js';
import { peekHeader, readDataFile, type TableFormat } from '../../data/node/index.js';
import { takeEarly } from '../early.js';
import { CliError, UsageError } from '../errors.js';
import { checkFile } from '../io.js';
import type { TrainConfig } from './options.js';

/** Raw training data: a table of typed columns, or images with integer labels. */
export type Source =
  | { readonly kind: 'table'; readonly name: string; readonly table: ColumnTable; readonly hash: string; readonly format?: TableFormat }
  | { readonly kind: 'images'; readonly name: string; readonly images: IdxImages; readonly labels: Uint8Array; readonly height: number; readonly width: number; readonly hash: string };

/**
 * Reads the data a config names. With IDX images, the labels are read first and the counts
 * compared before the images are inflated.
 *
 * @throws DataError for a bad file (FILE:LINE:COL), UsageError for IDX images without --labels
 * @example
 * ```ts
 * readSource({ dataset: 'iris' } as TrainConfig).kind; // 'table'
 * ```
 */
export function readSource(cfg: TrainConfig): Source {
  if (cfg.data === undefined) {
    const table = loadDataset(cfg.dataset ?? 'iris');
    const h = createHash('sha256').update(JSON.stringify(table.columns));
    for (const row of table.rows) h.update(`${JSON.stringify(row)}\n`);
    return { kind: 'table', name: cfg.dataset ?? 'iris', table: asColumns(table), hash: h.digest('hex') };
  }
  checkFile(cfg.data, '--data');
  const header = idxHeader(peekHeader(cfg.data));
  if (header?.kind === 'images') return readImages(cfg, cfg.data, header.count);
  const file = readDataFile(cfg.data, { delimiter: cfg.delimiter, markers: new MissingMarkers(cfg.na ?? []) });
  if (file.kind === 'csv') {
    if (cfg.labels !== undefined) throw new UsageError('--labels goes with IDX images; a CSV file has its labels in the target column (see --target)');
    return { kind: 'table', name: cfg.data, table: file.table, hash: file.hash, format: file.format };
  }
  if (file.kind === 'labels') throw new CliError(`${cfg.data}: this is an IDX labels file; give the images to --data and the labels to --labels`);
  return readImages(cfg, cfg.data, file.count);
}

function readImages(cfg: TrainConfig, data: string, count: number): Source {
  if (cfg.labels === undefined) throw new UsageError(`${data} holds IDX images: give their labels with --labels FILE (an IDX labels file)`);
  if (cfg.task === 'regression') throw new UsageError('IDX images are classified: --task regression does not apply to them');
  checkFile(cfg.labels, '--labels');
  const labels = readDataFile(cfg.labels);
  if (labels.kind === 'labels' && labels.count !== count) {
    throw new DataError({ file: cfg.labels, problem: `${labels.count} labels for ${count} images in ${data}`, fix: 'use the labels file that belongs to these images', expected: `${count} labels`, received: `${labels.count} labels` });
  }
  // read beside the start-up when bin/neurite.js could begin it (Note [reading early] in data/node/early.ts)
  const images = takeEarly(data) ?? readDataFile(data);
  const pair = pairIdx(images, labels);
  let hash: string | undefined;
  // computed when a checkpoint asks for it (Note [hash when asked] in data/node/read.ts), from the
  // images' hash, which an early read computed beside the start-up when --checkpoint was given
  return {
    kind: 'images', name: data, images: pair.images, labels: pair.labels, height: pair.images.height, width: pair.images.width,
    get hash() { return (hash ??= createHash('sha256').update(images.hash).update(labels.hash).digest('hex')); },
  };
}

/**
 * A SHA-256 fingerprint of the data, stored in checkpoints: of the file's bytes (inflated), or
 * of a built-in dataset's cells.
 *
 * @example
 * ```ts
 * fingerprint(readSource(cfg)); // '3f2a…'
 * ```
 */
export function fingerprint(s: Source): string {
  return s.hash;
}

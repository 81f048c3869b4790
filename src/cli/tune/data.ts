/**
 * The table `neurite cv` and `neurite tune` work on: a CSV file or a built-in dataset (IDX images
 * are refused: their folds would copy every image per fold), with the target, task, ignored
 * columns and scaling resolved, and the settings `neurite train` options describe.
 */
import { tableTask, type NetworkSettings, type TableTask } from '../../index.js';
import { withoutColumns } from '../columns.js';
import { UsageError } from '../errors.js';
import { chooseHead } from '../train/network.js';
import type { TrainConfig } from '../train/options.js';
import { readSource } from '../train/source.js';

/** What the table needs of the options. */
export type TableOptions = Pick<TrainConfig, 'data' | 'dataset' | 'labels' | 'target' | 'task' | 'ignore' | 'scale'>;

/**
 * Reads the table the options name and resolves its target and task.
 *
 * @param command the command, for the error about IDX images and autoencoders
 * @throws UsageError for IDX images or --task autoencoder
 * @example
 * ```ts
 * readTableTask({ dataset: 'iris', scale: 'standard' }, 'cv').classes; // ['setosa', ...]
 * ```
 */
export function readTableTask(o: TableOptions, command: string): { task: TableTask; name: string; hash: string } {
  if (o.task === 'autoencoder') throw new UsageError(`neurite ${command} scores networks that predict a target: --task autoencoder does not apply; use classification or regression`);
  const source = readSource({ ...o, task: o.task } as TrainConfig);
  if (source.kind !== 'table') throw new UsageError(`neurite ${command} works on tables (a CSV file or --dataset), not on IDX images; ${source.name} holds images`);
  const table = withoutColumns(source.table, o.ignore, source.name);
  const task = o.task === 'classification' || o.task === 'regression' ? o.task : undefined;
  return { task: tableTask(table, { target: o.target, task, preprocessing: { scale: o.scale } }), name: source.name, hash: source.hash };
}

/**
 * The network settings a `neurite train` configuration describes, as `crossValidate` takes them.
 * Early stopping as train does it (patience max(10, ⌊epochs / 10⌋) when there are validation rows,
 * none with `--no-early-stopping`), so cv scores the network train would make.
 *
 * @param classes the number of classes (0 for regression)
 * @example
 * ```ts
 * settingsOf(config, 3).hidden; // [32]
 * ```
 */
export function settingsOf(c: TrainConfig, classes: number): NetworkSettings {
  const head = chooseHead(c, classes);
  return {
    hidden: c.hidden, activation: c.activation, optimizer: c.optimizer, lr: c.lr, batchSize: c.batchSize, epochs: c.epochs,
    earlyStopping: c.earlyStopping === false ? false : c.earlyStopping ?? Math.max(10, Math.floor(c.epochs / 10)), shuffle: c.shuffle, head: { activation: head.activation, loss: head.loss },
    ...(c.dropout !== undefined ? { dropout: c.dropout } : {}),
    ...(c.momentum !== undefined ? { momentum: c.momentum } : {}),
    ...(c.weightDecay !== undefined ? { weightDecay: c.weightDecay } : {}),
    ...(c.clipNorm !== undefined ? { clipNorm: c.clipNorm } : {}),
    ...(c.lrSchedule !== undefined ? { schedule: c.lrSchedule } : {}),
  };
}

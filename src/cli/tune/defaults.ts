/**
 * What `neurite train` would build with no network options, as `neurite cv` scores it and
 * `neurite tune` weighs it against its finalists: on a small table, the network the small-table
 * choice (Note [small tables] in ../train/small-table.ts) picks from a fold's training rows alone.
 */
import { DEFAULT_SETTINGS, Random, type FoldData, type NetworkSettings } from '../../index.js';
import { chooseHead } from '../train/network.js';
import { DEFAULTS, type TrainConfig } from '../train/options.js';
import { chooseNetworkOn, chosenConfig, SMALL_TABLE_ROWS, type Selection } from '../train/small-table.js';
import { settingsOf } from './data.js';

/**
 * Whether every fold of a k-fold cross-validation of `rows` rows trains on fewer than
 * {@link SMALL_TABLE_ROWS} rows, so `train` on a fold's rows would choose its network.
 *
 * @example
 * ```ts
 * smallFolds(200, 5); // true
 * ```
 */
export function smallFolds(rows: number, folds: number): boolean {
  return rows - Math.floor(rows / folds) < SMALL_TABLE_ROWS;
}

/**
 * The choice of each fold's network from its encoded training rows, as `train` makes it on a
 * small table; what it chose is pushed to `selections`, one per fold.
 *
 * @param given the options given (--epochs and --batch-size apply to both candidates)
 * @example
 * ```ts
 * crossValidateTask(tt, { validationSplit: 0, settingsFor: foldChooser(cfg, ['data'], []) });
 * ```
 */
export function foldChooser(cfg: TrainConfig, given: readonly string[], selections: Selection[]): (fold: FoldData, seed: number) => NetworkSettings {
  return (fold, seed) => {
    const s = chooseNetworkOn(cfg, chooseHead(cfg, fold.classes), fold.train.x, fold.train.y, fold.task === 'classification', new Random(seed).fork().uint32(), given);
    selections.push(s);
    return settingsOf(chosenConfig(cfg, s), fold.classes);
  };
}

/**
 * The config `neurite train --data FILE` runs with when given no other option.
 *
 * @example
 * ```ts
 * trainDefaults({ data: 'noisy.csv', scale: 'standard' }, 0).hidden; // [32]
 * ```
 */
export function trainDefaults(o: { data?: string; scale: TrainConfig['scale'] }, seed: number): TrainConfig {
  return {
    data: o.data, hidden: [...DEFAULT_SETTINGS.hidden], activation: DEFAULTS.activation, optimizer: DEFAULTS.optimizer, lr: DEFAULTS.lr, epochs: DEFAULTS.epochs,
    batchSize: DEFAULTS.batchSize, validationSplit: DEFAULTS.validationSplit, shuffle: true, seed, scale: o.scale, out: DEFAULTS.out, json: false,
  };
}

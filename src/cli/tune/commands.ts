/**
 * The commands of tuning and explaining: `neurite cv`, `neurite tune` and `neurite explain`.
 */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { columnList } from '../columns.js';
import { UsageError } from '../errors.js';
import { addTrainOptions, BACKENDS, DATASETS, resolveTrainConfig } from '../train/options.js';
import { choice, integer, number } from '../values.js';
import type { ExplainOptions } from './explain.js';
import type { TuneCliOptions } from './tune.js';

type Maker = (name: string, description: string, action: (cmd: Command) => number | Promise<number>) => Command;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * `--budget`: a duration such as 90s, 5m, 1h or 2m30s (a bare number is seconds).
 *
 * @returns seconds
 * @example
 * ```ts
 * duration('2m30s'); // 150
 * ```
 */
export function duration(text: string): number {
  const t = text.trim();
  const bare = /^\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)([smh])/g)];
  const whole = parts.map((m) => m[0]).join('') === t;
  const seconds = bare ?? (parts.length > 0 && whole ? parts.reduce((a, m) => a + Number(m[1]) * UNITS[m[2]], 0) : NaN);
  if (!(seconds > 0)) throw new UsageError(`--budget ${text}: expected a duration such as 90s, 5m, 1h or 2m30s (more than 0)`);
  return seconds;
}

/**
 * Declares `neurite cv`, `neurite tune` and `neurite explain` with `command`, program.ts's maker
 * (their code is imported when one of them runs, as program.ts does).
 *
 * @example
 * ```ts
 * declareTune(command, io);
 * ```
 */
export function declareTune(command: Maker, io: Io): void {
  addTrainOptions(command('cv', 'k-fold cross-validation of the network train would build with the same options: score per fold, mean ± std', async (cmd) =>
    (await import('./cv.js')).cvCommand(io, resolveTrainConfig(cmd.opts(), cmd), cmd.opts().folds as number)))
    .option('--folds <k>', 'number of folds (stratified by class for classification)', integer(2, 1000), 5);

  command('tune', 'search network settings by cross-validation (Hyperband on epochs, one trial per core) and write the best as a model file', async (cmd) =>
    (await import('./tune.js')).tuneCommand(io, cmd.opts() as TuneCliOptions))
    .option('--data <file>', 'a CSV file with a header row')
    .option('--dataset <name>', `a built-in dataset instead of --data: ${DATASETS.join(', ')}`, choice(DATASETS))
    .option('--target <column>', 'the column to predict (default: the last column)')
    .option('--task <task>', 'classification or regression (default: inferred from the target column)', choice(['classification', 'regression'] as const))
    .option('--ignore <columns>', 'columns to leave out of the features, e.g. id,name', columnList)
    .option('--scale <kind>', 'scaling of numeric features: standard, minmax or none', choice(['standard', 'minmax', 'none'] as const), 'standard')
    .option('--budget <time>', 'stop after this long, e.g. 90s, 5m, 1h (without --trials: rounds of brackets until it is spent)', duration)
    .option('--trials <n>', 'trials of the first, largest Hyperband bracket (default 27; the others start fewer)', integer(1, 100000))
    .option('--brackets <n>', 'Hyperband brackets of a round (default: all the trials and epochs allow; 1: successive halving alone)', integer(1, 100))
    .option('--folds <k>', 'folds of each trial\'s cross-validation', integer(2, 1000), 3)
    .option('--repeats <n>', 'repeats of each trial\'s k-fold, each on other folds (default: 1, or more when folds hold out fewer than 30 rows)', integer(1, 100))
    .option('--finalists <n>', 'best trials checked with the defaults on other folds before one is written (0: write the search\'s best unchecked)', integer(0, 100), 3)
    .option('--space <file.json>', 'the search space, merged into the default one (docs/tune.md)')
    .option('--seed <n>', 'seed of the settings drawn, the folds and the weights', integer(0, 4294967295), 0)
    .option('--eta <n>', 'each rung keeps the best 1/eta of the trials and trains them eta times longer', integer(2, 100), 3)
    .option('--validation-split <fraction>', 'fraction of each fold\'s training rows early stopping watches', number({ min: 0, max: 1, maxExclusive: true }), 0.2)
    .requiredOption('--out <file>', 'where to write the best setting, retrained on all rows, as a model file')
    .option('--log <file.jsonl>', 'append each trial\'s record here as it finishes')
    .option('--resume <file.jsonl>', 'go on with the search a --log holds (same options), without training its trials again')
    .option('--workers <n>', 'worker threads (default: one per core)', integer(1, 1024))
    .option('--plot <file.svg>', 'draw the score of each trial')
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'kernels of the trials: auto, js, wasm-simd or wasm-relaxed', choice(BACKENDS));

  command('explain', 'which columns a model relies on (permutation importance) and how its prediction moves with one (partial dependence)', async (cmd) =>
    (await import('./explain.js')).explainCommand(io, cmd.opts() as ExplainOptions))
    .requiredOption('--model <file>', 'the model file')
    .requiredOption('--data <file>', 'a CSV file with the model\'s columns (and its target, for importance)')
    .option('--repeats <n>', 'shuffles per column', integer(1, 10000), 10)
    .option('--seed <n>', 'seed of the shuffles and of the ICE rows', integer(0, 4294967295), 0)
    .option('--plot <file.svg>', 'draw the importance of each column')
    .option('--dependence <columns>', 'partial dependence and ICE curves of these columns, e.g. age or age,sex', columnList)
    .option('--grid <n>', 'grid points of a numeric column', integer(2, 1000), 20)
    .option('--ice <n>', 'rows drawn as individual (ICE) curves', integer(0, 100000), 50)
    .option('--dependence-plot <file.svg>', 'draw the dependence (FILE-COLUMN.svg for each of several columns)')
    .option('--json', 'print one JSON object');
}

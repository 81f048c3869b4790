/**
 * The commands of learning without labels: `neurite cluster`, `neurite hebbian` and
 * `neurite encode` (autoencoders train with `neurite train --task autoencoder`).
 */
import type { Command } from 'commander';
import { HEBBIAN_RULES } from '../../index.js';
import type { Io } from '../io.js';
import { choice, integer, number } from '../values.js';
import { clusterCommand, gridSize, radiusRange, type ClusterOptions } from './cluster.js';
import { columnList } from '../columns.js';
import type { HebbianCliOptions } from './hebbian.js';

type Maker = (name: string, description: string, action: (cmd: Command) => number | Promise<number>) => Command;

const SCALES = ['standard', 'minmax', 'none'] as const;

/** The options every command here has for where the rows come from. */
function dataOptions(cmd: Command): Command {
  return cmd
    .option('--data <file>', 'a CSV file with a header row')
    .option('--dataset <name>', 'a built-in dataset instead of --data (iris, digits, blobs, ...)')
    .option('--ignore <columns>', 'columns to leave out, e.g. species,id (every other column is a feature)', columnList)
    .option('--scale <kind>', 'scaling of numeric columns: standard, minmax or none', choice(SCALES), 'standard');
}

/**
 * Declares `neurite cluster` (and the other commands of learning without labels) with `command`,
 * program.ts's maker of commands.
 *
 * @example
 * ```ts
 * declareUnsupervised(command, io);
 * ```
 */
export function declareUnsupervised(command: Maker, io: Io): void {
  dataOptions(command('cluster', 'group rows without labels: competitive learning or a self-organizing map; writes the map as a model file', (cmd) =>
    clusterCommand(io, cmd.opts() as ClusterOptions)))
    .option('--clusters <k>', 'number of clusters (units); with --method som they sit on a 1×K chain', integer(1, 10000))
    .option('--grid <RxC>', 'a self-organizing map of R rows and C columns of units, e.g. 5x5', gridSize)
    .option('--method <name>', 'som (the winner and its grid neighbours learn) or competitive (only the winner)', choice(['som', 'competitive'] as const), 'som')
    .option('--mode <mode>', 'online (a step per row) or batch (a step per epoch)', choice(['online', 'batch'] as const), 'online')
    .option('--epochs <n>', 'passes over the rows', integer(1), 100)
    .option('--lr <rate>', 'online learning rate at the start, falling linearly to 0', number({ min: 0, max: 1, minExclusive: true }), 0.5)
    .option('--radius <start[:end]>', 'neighbourhood radius in grid steps, shrinking from start to end (default: half the grid\'s longer side, to 1 on a grid, 0.25 on a chain)', radiusRange)
    .option('--seed <n>', 'seed of the start and the row order (default: a random seed, printed)', integer(0, 4294967295))
    .option('--out <file>', 'where to write the map (a model file)', 'map.json')
    .option('--assignments <file.csv>', 'write the rows with a cluster column')
    .option('--plot <file.svg>', 'draw the map: the units over the rows (2 columns) or the U-matrix')
    .option('--json', 'print {"clusters", "quantizationError", "topographicError"}');
  dataOptions(command('hebbian', "one neuron that learns by Hebb's rule (or Oja's) from rows without labels; or the conditioning example", (cmd) =>
    import('./hebbian.js').then((m) => m.hebbianCommand(io, cmd.opts() as HebbianCliOptions))))
    .option('--rule <name>', "oja (Δw = η·y·(x − y·w): the first principal component) or hebb (Δw = η·y·x: grows without bound)", choice(HEBBIAN_RULES), 'oja')
    .option('--epochs <n>', 'passes over the rows', integer(1), 20)
    .option('--lr <rate>', 'learning rate η (default 0.01; --pavlov 0.2)', number({ min: 0, minExclusive: true }))
    .option('--seed <n>', 'seed of the starting weights and the row order (default: a random seed, printed)', integer(0, 4294967295))
    .option('--pavlov', 'run the classical-conditioning example: bell, food, salivation')
    .option('--pairings <n>', '--pavlov: trials of bell and food together', integer(0, 1000), 6)
    .option('--extinction <n>', '--pavlov: trials of the bell alone afterwards', integer(0, 1000), 6)
    .option('--json', 'print {"weights": [...]} (one per input, in column order); with --pavlov {"trials": [...]}');
  command('encode', "each row's code: the output of an autoencoder's bottleneck (train one with neurite train --task autoencoder)", (cmd) =>
    import('./encode.js').then((m) => m.encodeCommand(io, cmd.opts() as { model: string; data: string; out?: string; json?: boolean })))
    .requiredOption('--model <file>', 'an autoencoder model file')
    .requiredOption('--data <file>', 'a CSV file with the model\'s feature columns')
    .option('--out <file.csv>', 'write the input columns and code_1 ... code_K here (default: stdout)')
    .option('--json', 'print {"codes": [[...]]}');
}

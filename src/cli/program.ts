/**
 * The `neurite` command's grammar: its commands and options (commander), each command's action
 * calling the function that does the work.
 */
import { Command } from 'commander';
import { EXPORT_FORMATS, exportCommand } from './export.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { startPortableBackend } from './backend.js';
import { settleEarly } from './early.js';
import type { InspectDataOptions } from './inspect-data.js';
import { declareReinforce } from './reinforce/command.js';
import { addTrainOptions, delimiterOption, resolveTrainConfig } from './train/options.js';
import { declareUnsupervised } from './unsupervised/commands.js';
import { declareTune } from './tune/commands.js';
import { choice, host, integer, number, startPoint } from './values.js';

// Each command's code is imported when it runs, not at start-up: `neurite train` then loads only
// what training needs (no ONNX writer, tuner or web server; bench/notes.md, "start-up").
type Action = (cmd: Command) => number | Promise<number>;

/**
 * Builds the command-line program. `done` receives each action's exit status.
 *
 * @example
 * ```ts
 * await buildProgram(processIo, (s) => (status = s)).parseAsync(['train'], { from: 'user' });
 * ```
 */
export function buildProgram(io: Io, done: (status: number) => void): Command {
  const program = new Command('neurite')
    .description('Neural networks that learn, from the command line: train, evaluate, predict, inspect, descend, export, playground, info, reinforce, play.')
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined });
  const command = (name: string, description: string, action: Action): Command =>
    program.command(name).description(description).allowExcessArguments(false)
      .exitOverride((err) => {
        throw Object.assign(err, { command: name });
      })
      .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined })
      .action(async (...args: unknown[]) => done(await action(args[args.length - 1] as Command)));

  addTrainOptions(command('train', 'train a network on a CSV file, IDX images or a built-in dataset and write the model file', (cmd) =>
    import('./train/command.js').then((m) => m.trainCommand(io, resolveTrainConfig(cmd.opts(), cmd)))));

  // the kernels first: products over many rows on the reference kernels took 30 times as long
  command('evaluate', 'metrics of a model on labelled data', async (cmd) => (await startPortableBackend(), await settleEarly(), (await import('./evaluate.js')).evaluateCommand(io, cmd.opts())))
    .requiredOption('--model <file>', 'the model file')
    .requiredOption('--data <file>', 'a CSV file, or IDX images with --labels')
    .option('--labels <file>', 'IDX labels for IDX images')
    .option('--target <column>', "the target column (default: the model's target)")
    .option('--delimiter <char>', 'the delimiter of a text table (default: detected)', delimiterOption)
    .option('--strict', 'refuse the file if any cell is missing, unreadable or a category not seen in training (default: fill in as trained, with a warning)')
    .option('--json', 'print one JSON object');

  command('predict', 'apply a model to new rows', async (cmd) => (await startPortableBackend(), await settleEarly(), (await import('./predict.js')).predictCommand(io, cmd.opts())))
    .requiredOption('--model <file>', 'the model file')
    .requiredOption('--data <file>', 'a CSV file (the target column may be absent), or IDX images')
    .option('--out <file.csv>', 'write the input columns, the prediction and class probabilities here (default: stdout)')
    .option('--delimiter <char>', 'the delimiter of a text table (default: detected)', delimiterOption)
    .option('--strict', 'refuse the file if any cell is missing, unreadable or a category not seen in training (default: fill in as trained, with a warning)')
    .option('--json', 'print {"predictions": [...], "outputs": [[...]]}');

  command('descend', 'gradient descent on a function, step by step', async (cmd) =>
    (await import('./descend/command.js')).descend(io, cmd.args[0], cmd.opts() as { start: Record<string, number>; lr: number; steps: number; json?: boolean }))
    .argument('<expression>', 'e.g. "x^2 - x + 1": + - * / ^, parentheses, exp log sin cos tanh sqrt abs')
    .requiredOption('--start <point>', 'the start point, e.g. x=9 or x=5,y=10', startPoint)
    .option('--lr <rate>', 'learning rate', number({ min: 0, minExclusive: true }), 0.1)
    .option('--steps <n>', 'number of steps', integer(0, 100000), 10)
    .option('--json', 'print {"path": [...]} with steps + 1 entries');

  command('inspect', 'show a model file (architecture, parameters, preprocessing, history), or with --data how a data file reads and what each column is', async (cmd) => {
    const o = cmd.opts();
    if ((o.model === undefined) === (o.data === undefined)) throw new UsageError('inspect needs --model FILE (a model) or --data FILE (a table), one of them');
    return o.data !== undefined
      ? (await import('./inspect-data.js')).inspectDataCommand(io, o as InspectDataOptions)
      : (await import('./inspect.js')).inspectCommand(io, o as { model: string; json?: boolean });
  })
    .option('--model <file>', 'the model file')
    .option('--data <file>', 'a CSV, TSV or JSON table: each column\'s detected type, role, missing and distinct counts')
    .option('--target <column>', 'with --data: the target column (default: the last)')
    .option('--delimiter <char>', 'with --data: the delimiter (default: detected)', delimiterOption)
    .option('--na <texts>', 'with --data: more texts that mean a missing value')
    .option('--ignore <columns>', 'with --data: columns to leave out')
    .option('--features <columns>', 'with --data: the only feature columns')
    .option('--json', 'print the summary as JSON');
  command('info', 'versions, and the kernels this runtime supports and train uses', async (cmd) => (await import('./info.js')).infoCommand(io, VERSION, cmd.opts()))
    .option('--json', 'print the facts as JSON');
  command('export', 'write a model as an ONNX file or a standalone JavaScript module (docs/export.md)', (cmd) => exportCommand(io, cmd.opts()))
    .requiredOption('--model <file>', 'the model file')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, choice(EXPORT_FORMATS))
    .requiredOption('--out <file>', 'the file to write');
  command('playground', 'serve the playground web page on this machine and print its address', async (cmd) =>
    (await import('./playground.js')).playgroundCommand(io, cmd.opts() as { port: number; host: string }))
    .option('--port <n>', 'port (0 picks a free one)', integer(0, 65535), 8080)
    .option('--host <host>', 'address to listen on (another than 127.0.0.1 or localhost makes the page reachable from the network)', host, '127.0.0.1');
  declareReinforce(command, io);
  declareUnsupervised(command, io);
  declareTune(command, io);
  return program;
}

const VERSION = '0.1.0';

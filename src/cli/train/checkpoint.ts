/**
 * Checkpoints: after every epoch, the model file, the training state (optimizer moments, epoch,
 * history, random generator) and the run's settings, written atomically, so `--resume` continues
 * exactly where a crash or a kill stopped the run.
 */
import { fromModelFile, ModelFormatError, trainStateText, type LoadedModel, type ModelFile, type Problem, type TrainState } from '../../index.js';
import { CliError } from '../errors.js';
import { readText, writeOutput } from '../io.js';
import { checkpointProblems } from './checkpoint-check.js';
import type { TrainConfig } from './options.js';

/** The `format` of a checkpoint file. */
export const CHECKPOINT_FORMAT = 'neurite-checkpoint';
/** The checkpoint version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** A checkpoint file (docs/cli.md). */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  /** The run's settings, seed included. */
  config: TrainConfig;
  /** SHA-256 fingerprint of the training data. */
  data: string;
  /** The model after the last completed epoch, in the model file format. */
  model: ModelFile;
  /** Everything else needed to continue: see TrainState. */
  state: TrainState;
}

/** What a checkpoint is written from: the run's settings, the data's fingerprint, the model file's text and the training state. */
export interface CheckpointParts {
  config: TrainConfig;
  data: string;
  /** The model after the last completed epoch: the text of its model file (modelText). */
  model: string;
  state: TrainState;
}

/**
 * The text of a checkpoint: a {@link Checkpoint} whose model is the model file's text as `--out`
 * writes it and whose state is written by trainStateText (float32 buffers as float32 decimals),
 * so one writer writes model files and checkpoints.
 *
 * @example
 * ```ts
 * checkpointText({ config, data, model: modelText(net, meta), state: info.state() });
 * ```
 */
export function checkpointText(c: CheckpointParts): string {
  const head = `{"format":${JSON.stringify(CHECKPOINT_FORMAT)},"version":${CHECKPOINT_VERSION},"config":${JSON.stringify(c.config)},"data":${JSON.stringify(c.data)}`;
  return `${head},"model":${c.model.trimEnd()},"state":${trainStateText(c.state)}}\n`;
}

/**
 * Writes a checkpoint atomically (a kill at any moment leaves the previous one or this one).
 *
 * @example
 * ```ts
 * writeCheckpoint('run.ckpt.json', { config, data, model: modelText(net, meta), state: info.state() });
 * ```
 */
export function writeCheckpoint(path: string, c: CheckpointParts): void {
  writeOutput(path, checkpointText(c), '--checkpoint');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems that make nothing else in the file worth reading: not an object, another format or version. */
function headerProblems(json: unknown): Problem[] {
  if (!isObject(json)) return [{ path: '(file)', expected: 'a JSON object', received: typeof json }];
  if (json.format !== CHECKPOINT_FORMAT) return [{ path: 'format', expected: `"${CHECKPOINT_FORMAT}" (a file written by --checkpoint)`, received: JSON.stringify(json.format) ?? 'nothing' }];
  if (json.version !== CHECKPOINT_VERSION) return [{ path: 'version', expected: `${CHECKPOINT_VERSION}`, received: String(json.version) }];
  return [];
}

/**
 * Reads and checks a checkpoint, loading its model.
 *
 * @throws ModelFormatError listing every problem, CliError for a missing file or bad JSON
 * @example
 * ```ts
 * const { checkpoint, model } = readCheckpoint('run.ckpt.json');
 * ```
 */
export function readCheckpoint(path: string): { checkpoint: Checkpoint; model: LoadedModel } {
  const text = readText(path, '--resume');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not a checkpoint (invalid JSON: ${(e as Error).message}); give --resume the file written by --checkpoint`);
  }
  const header = headerProblems(json);
  if (header.length > 0) throw new ModelFormatError(header, path, 'checkpoint');
  const checkpoint = json as Checkpoint;
  // the model's problems and the rest's, in one list
  const problems: Problem[] = [];
  let model: LoadedModel | undefined;
  try {
    model = fromModelFile(checkpoint.model, `${path} (checkpoint model)`);
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    problems.push(...e.problems.map((p) => ({ ...p, path: `model.${p.path}` })));
  }
  problems.push(...checkpointProblems(json as Record<string, unknown>, model?.network));
  if (problems.length > 0 || !model) throw new ModelFormatError(problems, path, 'checkpoint');
  return { checkpoint, model };
}

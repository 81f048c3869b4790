/**
 * Everything a training run is made of, resolved before the first epoch: the settings (merged
 * with a checkpoint's when resuming), the data split and encoded, and the network, all drawn
 * from one seed.
 */
import { Network, Random, sizeOf, type EpochLog, type LoadedModel, type Shape, type TrainState } from '../../index.js';
import { Preprocessor } from '../../data/index.js';
import { CliError, UsageError } from '../errors.js';
import { loadCliModel } from '../model.js';
import { readCheckpoint } from './checkpoint.js';
import { chooseHead, networkLayers, type Head } from './network.js';
import type { TrainConfig, TrainRequest } from './options.js';
import { RESUME_OPTIONS } from './options.js';
import { prepare, type GivenPreprocessing, type Prepared } from './prepare.js';
import { fingerprint, readSource, type Source } from './source.js';
import { chooseNetwork, chosenConfig, choosesNetwork, SMALL_TABLE_ROWS, type Selection } from './small-table.js';

/** A run ready to train. */
export interface Setup {
  readonly config: TrainConfig;
  readonly source: Source;
  readonly data: string;
  readonly prepared: Prepared;
  readonly network: Network;
  readonly head: Head;
  /** Seed of fit's shuffling and dropout, derived from the run's seed. */
  readonly fitSeed: number;
  /** The state to continue from (--resume). */
  readonly resume?: TrainState;
  /** What the cross-validation of a small table chose (Note [small tables] in small-table.ts). */
  readonly selection?: Selection;
}

function headOf(net: Network, cfg: TrainConfig, classes: number): Head {
  const activation = net.output.activation;
  const fallback = chooseHead({ loss: cfg.loss, outputActivation: activation }, classes).loss;
  return { units: net.outputs, activation, loss: net.loss ?? fallback };
}

/**
 * Settings from the checkpoint, with the few options a resumed run may change.
 *
 * @example
 * ```ts
 * resumedConfig(req, readCheckpoint('run.ckpt.json').checkpoint.config).epochs;
 * ```
 */
export function resumedConfig(req: TrainRequest, saved: TrainConfig): TrainConfig {
  const merged: Record<string, unknown> = { ...saved, resume: req.config.resume, json: req.config.json };
  for (const key of RESUME_OPTIONS) if (req.given.includes(key)) merged[key] = (req.config as unknown as Record<string, unknown>)[key];
  return merged as unknown as TrainConfig;
}

function givenFrom(model: LoadedModel, preprocessor: Preprocessor, cfg: TrainConfig, from: string): GivenPreprocessing {
  return { preprocessor, refit: model.meta.preprocessing === undefined && cfg.scale !== 'none', from };
}

/**
 * Resolves a run: reads the data (and the checkpoint or --init model), splits and encodes it,
 * and builds or loads the network. One `Random(seed)` gives, in order, the initialisation seed,
 * the split's generator and fit's seed, so the same seed repeats the run bit for bit.
 *
 * @throws CliError when a resumed run's data differs from the checkpoint's
 * @example
 * ```ts
 * const run = setupRun({ config, given: [] });
 * ```
 * @param ck the checkpoint of `--resume`, when the caller has read it already
 */
export function setupRun(req: TrainRequest, ck: ReturnType<typeof readCheckpoint> | undefined = resumeCheckpoint(req)): Setup {
  const start = beginRun(req, ck);
  const { initSeed, splitRng, fitSeed, selectSeed, source } = start;
  let config = start.config;
  let given: GivenPreprocessing | undefined;
  let loaded: LoadedModel | undefined;
  if (ck) {
    loaded = ck.model;
    given = { preprocessor: Preprocessor.fromJSON(ck.model.meta.preprocessing, config.resume), refit: false, from: `the checkpoint ${config.resume}` };
  } else if (config.init !== undefined) {
    const m = loadCliModel(config.init, '--init');
    loaded = m;
    given = givenFrom(m, m.preprocessor, config, config.init);
  }
  const splitState = splitRng.state();
  let prepared = prepare(source, config, splitRng, given);
  const classes = prepared.preprocessor.classes?.length ?? 0;
  if (loaded) {
    if (loaded.network.inputs !== prepared.preprocessor.inputs) {
      throw new CliError(`${given?.from}: the network has ${loaded.network.inputs} inputs but the data encodes to ${prepared.preprocessor.inputs}; use data with the model's features`);
    }
    return { config, source, get data() { return start.data; }, prepared, network: loaded.network, head: headOf(loaded.network, config, classes), fitSeed, resume: ck?.checkpoint.state };
  }
  const head = chooseHead(config, classes);
  let selection: Selection | undefined;
  if (source.kind === 'table' && choosesNetwork(req) && prepared.split.train.length + prepared.split.validation.length < SMALL_TABLE_ROWS) {
    // the same test rows (the split's generator from the same state), no validation part
    prepared = prepare(source, { ...config, validationSplit: 0 }, Random.fromState(splitState), given);
    selection = chooseNetwork(config, head, prepared, selectSeed, req.given);
    config = chosenConfig(config, selection);
  }
  const stack = networkLayers(config, head, prepared.preprocessor.inputs, imageOf(source, config, prepared.preprocessor.inputs));
  const network = new Network({ ...stack, seed: initSeed, loss: head.loss });
  return { config, source, get data() { return start.data; }, prepared, network, head, fitSeed, ...(selection ? { selection } : {}) };
}

/** What every training run starts from: its config, its seeds and its data. */
export interface RunStart {
  readonly config: TrainConfig;
  readonly initSeed: number;
  readonly splitRng: Random;
  readonly fitSeed: number;
  /** Seed of a small table's cross-validation (Note [small tables] in small-table.ts). */
  readonly selectSeed: number;
  readonly source: Source;
  /** The data's fingerprint, which a checkpoint records (computed when first read: Note [hash when asked]). */
  readonly data: string;
}

/**
 * The start every training command shares: the config (the checkpoint's when resuming), then one
 * `Random(seed)` giving, in order, the initialisation seed, the split's generator and fit's seed,
 * and the data, refused when it is not the data the checkpoint was trained on.
 *
 * @throws CliError when a resumed run's data differs from the checkpoint's
 */
export function beginRun(req: TrainRequest, ck: ReturnType<typeof readCheckpoint> | undefined): RunStart {
  const config = ck ? resumedConfig(req, ck.checkpoint.config) : req.config;
  const root = new Random(config.seed);
  const initSeed = root.uint32();
  const splitRng = root.fork();
  const fitSeed = root.uint32();
  // drawn after the others, so runs that choose nothing are as they were
  const selectSeed = root.uint32();
  const source = readSource(config);
  if (ck && ck.checkpoint.data !== fingerprint(source)) {
    throw new CliError(`${source.name}: the data differs from the data the checkpoint ${config.resume} was trained on; resume with the same data, or start a new run`);
  }
  return { config, initSeed, splitRng, fitSeed, selectSeed, source, get data() { return fingerprint(source); } };
}

/** The shape of one image of the data (IDX images, or CSV pixel columns with --image), checked against its inputs. */
function imageOf(source: Source, cfg: TrainConfig, inputs: number): Shape | undefined {
  if (source.kind === 'images') return [source.height, source.width, 1];
  if (cfg.image === undefined) return undefined;
  if (sizeOf(cfg.image) !== inputs) {
    throw new UsageError(`--image ${cfg.image.join('x')} needs ${sizeOf(cfg.image)} pixel columns, but the features of ${source.name} encode to ${inputs} inputs; give the shape of its images, or leave out columns that are not pixels`);
  }
  return cfg.image;
}

/** The checkpoint `--resume` names, read and checked, or undefined for a fresh run. */
export function resumeCheckpoint(req: TrainRequest): ReturnType<typeof readCheckpoint> | undefined {
  return req.config.resume !== undefined ? readCheckpoint(req.config.resume) : undefined;
}

/**
 * The patience of early stopping: as given, none with --no-early-stopping or without validation
 * rows, else max(10, epochs / 10) (docs/cli.md).
 *
 * @example
 * ```ts
 * patienceOf(run); // 10 for 100 epochs with a validation split
 * ```
 */
export function patienceOf(run: Setup): number | undefined {
  const c = run.config;
  if (c.earlyStopping === false || run.prepared.split.validation.length === 0 || c.feedback !== undefined) return undefined;
  return c.earlyStopping ?? Math.max(10, Math.floor(c.epochs / 10));
}

/**
 * An epoch's record with its regression metrics (mae) in the target's units rather than the
 * scaled units the network is trained in: |a − b| · scale, exactly the error in real units.
 *
 * @example
 * ```ts
 * inTargetUnits(run, log).mae; // e.g. 2150 (dollars), not 0.21
 * ```
 */
export function inTargetUnits(run: Setup, log: EpochLog): EpochLog {
  const t = run.prepared.preprocessor.toJSON().target;
  if (t.task !== 'regression' || t.scale === 1) return log;
  const k = t.scale;
  return { ...log, ...(log.mae !== undefined ? { mae: log.mae * k } : {}), ...(log.valMae !== undefined ? { valMae: log.valMae * k } : {}) };
}

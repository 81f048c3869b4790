/**
 * Loading a model file for evaluate, predict and inspect: the network, its metadata and the
 * preprocessing that turns raw rows into its inputs.
 */
import { ModelFormatError, parseModel, type LoadedModel, type Network, type Problem } from '../index.js';
import { Preprocessor, type PreprocessingJSON } from '../data/index.js';
import { readText } from './io.js';

/** A model ready to use on raw data. */
export interface CliModel extends LoadedModel {
  readonly path: string;
  readonly preprocessor: Preprocessor;
  readonly task: 'classification' | 'regression';
  /** The classes in output order (classification only). */
  readonly classes?: string[];
}

/**
 * A preprocessing that passes the model's feature columns through unscaled, for model files
 * written by the library without a `preprocessing` field.
 */
function passThrough(loaded: LoadedModel, path: string): PreprocessingJSON {
  const { meta, network } = loaded;
  const features = meta.features ?? [];
  if (features.length !== network.inputs) {
    throw new ModelFormatError([{
      path: 'features',
      expected: `${network.inputs} feature names (one per input), since the file has no preprocessing`,
      received: `${features.length}`,
    }], path);
  }
  const name = meta.target ?? 'target';
  const classification = meta.task === 'classification' || (meta.task === undefined && meta.classes !== undefined);
  const classes = meta.classes ?? Array.from({ length: Math.max(2, network.outputs) }, (_, i) => String(i));
  return {
    version: 1, scale: 'none',
    features: features.map((f) => ({ name: f, kind: 'numeric', center: 0, scale: 1 })),
    target: classification ? { name, task: 'classification', classes } : { name, task: 'regression', center: 0, scale: 1 },
  };
}

/** Problems between the network and its preprocessing, e.g. a preprocessing for 5 inputs on a 4-input network. */
function consistency(network: Network, p: Preprocessor): Problem[] {
  const problems: Problem[] = [];
  if (p.inputs !== network.inputs) {
    problems.push({ path: 'preprocessing.features', expected: `features encoding to ${network.inputs} inputs (the network's inputs)`, received: `${p.inputs} inputs` });
  }
  const classes = p.classes;
  if (classes && classes.length !== (network.outputs === 1 ? 2 : network.outputs)) {
    problems.push({ path: 'preprocessing.target.classes', expected: `${network.outputs === 1 ? 2 : network.outputs} classes (one per output unit)`, received: `${classes.length}` });
  }
  if (!classes && network.outputs !== 1) problems.push({ path: 'layers', expected: 'one output unit for a regression model', received: `${network.outputs}` });
  return problems;
}

/**
 * Reads, validates and prepares a model file; every problem is reported at once.
 *
 * @param path the model file
 * @param option the option it came from, for error messages
 * @param target a target column that replaces the model's own (evaluate --target)
 * @throws ModelFormatError listing every problem, or a CliError for a missing or empty file
 * @example
 * ```ts
 * const m = loadCliModel('model.json', '--model');
 * m.preprocessor.transform(table);
 * ```
 */
export function loadCliModel(path: string, option: string, target?: string): CliModel {
  const loaded = parseModel(readText(path, option), path);
  let json = (loaded.meta.preprocessing as PreprocessingJSON | undefined) ?? passThrough(loaded, path);
  if (target !== undefined && json.target) json = { ...json, target: { ...json.target, name: target } };
  const preprocessor = Preprocessor.fromJSON(json, path);
  const problems = consistency(loaded.network, preprocessor);
  if (problems.length > 0) throw new ModelFormatError(problems, path);
  return { ...loaded, path, preprocessor, task: preprocessor.task, classes: preprocessor.classes };
}

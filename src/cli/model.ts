/**
 * Loading a model file for evaluate, predict and inspect: the network, its metadata and the
 * preprocessing that turns raw rows into its inputs.
 */
import { ModelFormatError, parseModel, type LoadedModel, type Network, type Problem } from '../index.js';
import { type InputPreprocessor, Preprocessor, type PreprocessingJSON } from '../data/index.js';
import type { Encoded } from './dataset.js';
import { CliError } from './errors.js';
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
 * @param loaded the file, when the caller has read it already ({@link readModel})
 * @throws ModelFormatError listing every problem, or a CliError for a missing or empty file
 * @example
 * ```ts
 * const m = loadCliModel('model.json', '--model');
 * m.preprocessor.transform(table);
 * ```
 */
export function loadCliModel(path: string, option: string, target?: string, loaded = readModel(path, option)): CliModel {
  let json = (loaded.meta.preprocessing as PreprocessingJSON | undefined) ?? passThrough(loaded, path);
  if (target !== undefined && json.target) json = { ...json, target: { ...json.target, name: target } };
  const preprocessor = Preprocessor.fromJSON(json, path);
  const problems = consistency(loaded.network, preprocessor);
  if (problems.length > 0) throw new ModelFormatError(problems, path);
  return { ...loaded, path, preprocessor, task: preprocessor.task, classes: preprocessor.classes };
}

/** The feature column an encoded input comes from (a categorical column spans several inputs). */
function featureOf(p: InputPreprocessor, input: number): string {
  let at = 0;
  for (const f of p.toJSON().features) {
    at += (f.kind === 'numeric' ? 1 : f.kind === 'categorical' ? f.categories.length : f.parts.length) + (f.missingIndicator ? 1 : 0);
    if (input < at) return f.name;
  }
  return `input ${input}`;
}

function place(data: string, encoded: Encoded, row: number): string {
  return encoded.table ? `${data}:${encoded.table.lines[row]}` : `${data}: image ${row}`;
}

/**
 * Refuses rows a model cannot compute: an input that, scaled, is beyond float32 (1e39 in a
 * column the model saw in units), or, given the outputs, outputs that come out NaN or infinite.
 * Either would otherwise print NaN probabilities beside a confident-looking class.
 *
 * @param outputs the network's outputs for `encoded.x`, `[rows, outputs]`, when known
 * @throws CliError naming the file, line (or image) and column
 * @example
 * ```ts
 * checkComputable(model, encoded, 'new.csv', net.predictFlat(encoded.x.data, encoded.x.rows));
 * ```
 */
export function checkComputable(model: Pick<CliModel, 'network'> & { readonly preprocessor: InputPreprocessor }, encoded: Encoded, data: string, outputs?: Float32Array): void {
  const { x, table } = encoded;
  const input = x.data.findIndex((v) => !Number.isFinite(v));
  if (input >= 0) {
    const row = Math.floor(input / x.cols);
    const name = featureOf(model.preprocessor, input % x.cols);
    const raw = table ? ` ${table.rows[row][table.columns.indexOf(name)]}` : '';
    throw new CliError(`${place(data, encoded, row)}: the value${raw} in column ${JSON.stringify(name)} is too large for the model once scaled (beyond float32, 3.4e38); check the value or remove the row`);
  }
  const output = outputs ? outputs.findIndex((v) => !Number.isFinite(v)) : -1;
  if (output >= 0) {
    const row = Math.floor(output / model.network.outputs);
    throw new CliError(`${place(data, encoded, row)}: the model's outputs for this row are not finite (NaN or infinite): its values are too far from those the model was trained on; check the row or remove it`);
  }
}

/**
 * Reads and validates a model file, whatever its task.
 *
 * @throws ModelFormatError listing every problem, or a CliError for a missing or empty file
 * @example
 * ```ts
 * readModel('map.json', '--model').meta.task; // 'clustering'
 * ```
 */
export function readModel(path: string, option: string): LoadedModel {
  return parseModel(readText(path, option), path);
}

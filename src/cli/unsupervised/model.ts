/**
 * Model files of learning without labels (`task` clustering or autoencoder) for predict,
 * evaluate and encode: the network, checked for what the task needs, with the preprocessing of
 * its inputs (no target).
 */
import { InputPreprocessor, ModelFormatError, type LoadedModel, type Problem } from '../../index.js';
import type { InputPreprocessingJSON } from '../../data/index.js';

/** A model learnt without labels, ready for raw rows. */
export interface UnlabelledModel extends LoadedModel {
  readonly path: string;
  readonly task: 'clustering' | 'autoencoder';
  readonly preprocessor: InputPreprocessor;
}

/**
 * Whether a loaded model file was learnt without labels (its `task` is clustering or autoencoder).
 *
 * @example
 * ```ts
 * isUnlabelled(parseModel(text)); // true for a map written by neurite cluster
 * ```
 */
export function isUnlabelled(m: LoadedModel): boolean {
  return m.meta.task === 'clustering' || m.meta.task === 'autoencoder';
}

/** Inputs fed as they are, for a file without preprocessing (one written by the library). */
function passThrough(m: LoadedModel, path: string): InputPreprocessingJSON {
  const features = m.meta.features ?? [];
  if (features.length !== m.network.inputs) {
    throw new ModelFormatError([{ path: 'features', expected: `${m.network.inputs} feature names (one per input), since the file has no preprocessing`, received: `${features.length}` }], path);
  }
  return { version: 1, scale: 'none', features: features.map((name) => ({ name, kind: 'numeric', center: 0, scale: 1 })) };
}

/** What a clustering or autoencoder model file must hold beyond a valid network. */
function problemsOf(m: LoadedModel, p: InputPreprocessor): Problem[] {
  const problems: Problem[] = [];
  const net = m.network;
  if (p.inputs !== net.inputs) problems.push({ path: 'preprocessing.features', expected: `features encoding to ${net.inputs} inputs (the network's inputs)`, received: `${p.inputs} inputs` });
  if (m.meta.task === 'clustering' && (net.layers.length !== 1 || net.layers[0].type !== 'competitive')) {
    problems.push({ path: 'layers', expected: 'one competitive layer (a clustering model)', received: net.layers.map((l) => l.type).join(', ') });
  }
  if (m.meta.task === 'autoencoder') {
    if (net.outputs !== net.inputs) problems.push({ path: 'layers', expected: `${net.inputs} outputs, one per input (an autoencoder reproduces its input)`, received: `${net.outputs}` });
    const b = m.meta.bottleneck;
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b >= net.layers.length - 1) {
      problems.push({ path: 'bottleneck', expected: `the index of the layer that gives the code, 0 to ${net.layers.length - 2}`, received: JSON.stringify(b) ?? 'nothing' });
    }
  }
  return problems;
}

/**
 * Prepares a loaded clustering or autoencoder model file; every problem is reported at once.
 *
 * @throws ModelFormatError naming each problem
 * @example
 * ```ts
 * const m = unlabelledModel(parseModel(text, 'map.json'), 'map.json');
 * m.preprocessor.transform(table);
 * ```
 */
export function unlabelledModel(m: LoadedModel, path: string): UnlabelledModel {
  const json = m.meta.preprocessing ?? passThrough(m, path);
  const preprocessor = InputPreprocessor.fromJSON(json, path);
  const problems = problemsOf(m, preprocessor);
  if (problems.length > 0) throw new ModelFormatError(problems, path);
  return { ...m, path, task: m.meta.task as 'clustering' | 'autoencoder', preprocessor };
}

/**
 * `neurite inspect --model FILE`: a model file's architecture, parameter count, preprocessing
 * and training history (for a policy, how it was learnt from rewards).
 */
import { parseModel, type EpochLog, type Layer, type LoadedModel } from '../index.js';
import { InputPreprocessor, Preprocessor, type InputPreprocessingJSON, type TargetJSON } from '../data/index.js';
import { metric, table } from './format.js';
import type { Io } from './io.js';
import { readText } from './io.js';
import { policySection } from './reinforce/inspect-policy.js';

interface LayerRow {
  type: string;
  shape: string;
  activation: string;
  parameters: number;
  /** Its other settings (`rate 0.5`): the config besides the activation and the units the shape shows. */
  settings: string;
}

/** `4` for a flat shape, `28×28×1` for another. */
const shapeText = (s: readonly number[]): string => s.join('×');

function layersOf(m: LoadedModel): LayerRow[] {
  return m.network.layers.map((l: Layer, i) => {
    const { activation, units: _units, ...rest } = l.config();
    return {
      type: l.type, shape: `${shapeText(l.inputShape)} → ${shapeText(l.outputShape)}`,
      activation: typeof activation === 'string' ? activation : '',
      parameters: l.parameters(`layers.${i}`).reduce((s, p) => s + p.tensor.size, 0),
      settings: Object.entries(rest).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', '),
    };
  });
}

function architecture(m: LoadedModel): string[][] {
  const rows = layersOf(m).map((l, i) => [String(i), l.type, l.shape, l.activation, String(l.parameters), l.settings]);
  return [['layer', 'type', 'shape', 'activation', 'parameters', 'settings'], ['input', '', shapeText(m.network.inputShape), '', '', ''], ...rows];
}

function preprocessing(json: InputPreprocessingJSON & { target?: TargetJSON }): string {
  const features = json.features.map((f) => {
    const missing = f.kind === 'date' ? 'missing: median parts' : f.impute === undefined ? '' : `missing: ${f.kind === 'numeric' ? metric(f.impute) : JSON.stringify(f.impute)}`;
    const fill = `${missing}${f.missingIndicator ? ' + indicator input' : ''}`;
    if (f.kind === 'numeric') return [f.name, 'numeric', `(x − ${metric(f.center)}) / ${metric(f.scale)}`, fill];
    if (f.kind === 'date') return [f.name, 'date', `${f.format}: ${f.parts.map((p) => p.part).join(', ')}`, fill];
    return [f.name, 'one-hot', `${f.categories.length} categories: ${f.categories.join(', ')}`, fill];
  });
  const t = json.target;
  const target = t === undefined
    ? 'no target: learnt without labels'
    : t.task === 'classification'
    ? `target ${t.name}: classification, ${t.classes.length} classes in output order: ${t.classes.join(', ')}`
    : `target ${t.name}: regression, predicted as (y − ${metric(t.center)}) / ${metric(t.scale)} and scaled back`;
  const shown = features.length > 12 ? [...features.slice(0, 10), ['…', `${features.length - 10} more`, '', '']] : features;
  return `preprocessing (scale ${json.scale}):\n${table([['feature', 'kind', 'encoding', 'missing values'], ...shown], '  ')}  ${target}\n`;
}

function history(h: readonly EpochLog[]): string {
  const keys = (['loss', 'accuracy', 'mae', 'valLoss', 'valAccuracy', 'valMae', 'lr'] as const).filter((k) => h.some((e) => e[k] !== undefined));
  const pick = h.length > 12 ? [...h.slice(0, 5), null, ...h.slice(-5)] : h;
  const rows = pick.map((e) => (e ? [String(e.epoch), ...keys.map((k) => metric(e[k]))] : ['…', ...keys.map(() => '')]));
  return `training history (${h.length} epochs):\n${table([['epoch', ...keys], ...rows], '  ')}`;
}

/**
 * Runs `neurite inspect`.
 *
 * @returns the exit status
 */
export function inspectCommand(io: Io, o: { model: string; json?: boolean }): number {
  const text = readText(o.model, '--model');
  const m = parseModel(text, o.model);
  const policy = m.meta.reinforcement === undefined ? null : policySection(JSON.parse(text), o.model);
  const unlabelled = m.meta.task === 'clustering' || m.meta.task === 'autoencoder';
  const prep = m.meta.preprocessing === undefined ? undefined : (unlabelled ? InputPreprocessor : Preprocessor).fromJSON(m.meta.preprocessing, o.model).toJSON();
  const hist = Array.isArray(m.meta.history) ? (m.meta.history as EpochLog[]) : [];
  const params = m.network.parameterCount();
  if (o.json) {
    const { preprocessing: _p, history: _h, ...meta } = m.meta;
    io.out(`${JSON.stringify({ inputs: m.network.inputs, inputShape: m.network.inputShape, layers: layersOf(m), parameters: params, ...meta, preprocessing: prep, history: hist })}\n`);
    return 0;
  }
  const facts = [
    `model ${o.model}`,
    `task ${m.meta.task ?? (policy ? 'a policy learnt from rewards' : 'not recorded')}${m.meta.loss ? `, loss ${m.meta.loss}` : ''}${m.meta.target ? `, target ${m.meta.target}` : ''}`,
    ...(typeof m.meta.seed === 'number' ? [`seed ${m.meta.seed}`] : []),
  ];
  let out = `${facts.join('\n')}\n\n${table(architecture(m), '  ')}  ${params} parameters\n\n`;
  out += prep ? preprocessing(prep) : `no preprocessing recorded: inputs are fed as they are${m.meta.features ? ` (features ${m.meta.features.join(', ')})` : ''}\n`;
  out += policy ? `\n${policy}` : hist.length > 0 ? `\n${history(hist)}` : '\nno training history recorded\n';
  io.out(out);
  return 0;
}

/**
 * The standalone predictor: one dependency-free ES module with the weights inlined and a
 * `predict(rows)` function, preprocessing included. Everything taken from the model file is
 * written through `literal` (names, labels) or `numberLiteral` (numbers), never pasted as text.
 */
import { shortestFloat32 } from '../io/float32.js';
import { literal, numberLiteral } from './js-literal.js';
import { ACTIVATION_FORMS } from '../nn/activations.js';
import { describeLayers, planExport, type ExportPlan, type PlanLayer, type PlanStep } from './plan.js';
import { IMAGE_CODE, imageLayerCode, POOL_CODE, WINDOW_CODE } from './standalone-image.js';
import { DATE_CODE, ENCODE_CODE, FORWARD_CODE, PREDICT_CLASS_CODE, PREDICT_VALUE_CODE } from './standalone-runtime.js';

const short = (x: number): string => String(Number(x.toPrecision(6)));

function featureLine(f: ExportPlan['features'][number], scaling: string): string {
  const missing = f.kind === 'date' || f.impute !== undefined
    ? `; a missing value (null, NaN, "", "NA", ...) counts as ${f.kind === 'numeric' ? short(f.impute ?? f.center) : f.kind === 'categorical' ? literal(f.impute ?? '') : 'the median date parts'}${f.missingIndicator ? ', and an extra input says it was missing' : ''}`
    : '';
  if (f.kind === 'categorical') return ` *   ${literal(f.name)}: categorical, one of ${f.categories.map(literal).join(', ')} (one-hot; any other value counts as none of them)${missing}`;
  if (f.kind === 'date') return ` *   ${literal(f.name)}: a date (${f.format}), used as ${f.parts.map((p) => p.part).join(', ')}${missing}`;
  const how = f.center === 0 && f.scale === 1 ? 'used as it is' : `(x - ${short(f.center)}) / ${short(f.scale)} (${scaling} scaling)`;
  return ` *   ${literal(f.name)}: numeric, ${how}${missing}`;
}

function header(plan: ExportPlan): string {
  const params = plan.layers.reduce((s, l) => s + parameterCount(l), 0);
  const task = plan.task === 'classification'
    ? `classification of ${literal(plan.target)} into ${plan.classes?.length} classes: ${plan.classes?.map(literal).join(', ')}`
    : `regression of ${literal(plan.target)} (predictions in its own units)`;
  const output = plan.task === 'regression' ? 'predict(rows)  // one number per row'
    : `predict(rows)  // one label per row\n *   outputs(rows)  // ${plan.outputs === 1 ? 'per row, [p] with p the probability of the second class' : 'per row, the output layer (class probabilities for softmax)'}`;
  return [
    '/**',
    ' * A neural network exported by Neurite as a standalone ES module: no dependencies.',
    ' *',
    ` * Task:     ${task}`,
    ` * Network:  ${describeLayers(plan).replace(/→/g, '->')}; ${params} parameters`,
    ` * Features: ${plan.features.length}, in this order, as raw values (the preprocessing is done here):`,
    ...plan.features.map((f) => featureLine(f, plan.scaling)),
    ' *',
    ' * Usage (a row is an object keyed by feature name, or an array of values in feature order):',
    ' *   import { predict, outputs } from \'./model.js\';',
    ` *   ${output}`,
    ' *',
    ' * It computes in float32, in the same order as Neurite, so it gives the library\'s predictions.',
    ' */',
  ].join('\n');
}

function floats(values: ArrayLike<number>): string {
  return Array.from(values, (v) => numberLiteral(shortestFloat32(v))).join(', ');
}

function layerCode(l: PlanLayer): string {
  const rows = Array.from({ length: l.inputs }, (_, i) => `      ${floats(l.weights.subarray(i * l.units, (i + 1) * l.units))},`);
  return [
    '  {',
    `    // layers.${l.index}: dense ${l.units} (${l.activation}); weights[i * units + j] joins input i to unit j`,
    `    run: dense, inputs: ${l.inputs}, units: ${l.units}, activation: ${ACTIVATION_FORMS[l.activation].js.name},`,
    '    weights: new Float32Array([',
    ...rows,
    '    ]),',
    `    bias: new Float32Array([${floats(l.bias)}]),`,
    '  },',
  ].join('\n');
}

/** The parameters a step holds (a batch norm's running statistics are not parameters). */
function parameterCount(l: PlanStep): number {
  switch (l.kind) {
    case 'dense': return l.inputs * l.units + l.units;
    case 'conv2d': return l.weights.length + l.bias.length;
    case 'batchNorm': return 2 * l.gamma.length;
    default: return 0;
  }
}

/** The code of the image kinds the layers use, each once, and of the window loops they share. */
function imageCode(layers: readonly PlanStep[]): string[] {
  const kinds = new Set(layers.flatMap((l) => (l.kind === 'dense' ? [] : [l.kind])));
  const pools = kinds.has('maxPool2d') || kinds.has('avgPool2d');
  return [
    ...(kinds.has('conv2d') || pools ? [WINDOW_CODE] : []),
    ...(pools ? [POOL_CODE] : []),
    ...[...kinds].map((k) => IMAGE_CODE[k]),
  ].map((code) => `${code}\n`);
}

function featureCode(f: ExportPlan['features'][number]): string {
  const extra = `${f.kind !== 'date' && f.impute !== undefined ? `, impute: ${typeof f.impute === 'number' ? numberLiteral(f.impute) : literal(f.impute)}` : ''}${f.missingIndicator ? ', missingIndicator: true' : ''}`;
  if (f.kind === 'numeric') return `  { name: ${literal(f.name)}, kind: 'numeric', center: ${numberLiteral(f.center)}, scale: ${numberLiteral(f.scale)}${extra} },`;
  if (f.kind === 'categorical') return `  { name: ${literal(f.name)}, kind: 'categorical', categories: ${literal(f.categories)}${extra} },`;
  const parts = f.parts.map((p) => `{ part: ${literal(p.part)}, center: ${numberLiteral(p.center)}, scale: ${numberLiteral(p.scale)}, impute: ${numberLiteral(p.impute)} }`).join(', ');
  return `  { name: ${literal(f.name)}, kind: 'date', format: ${literal(f.format)}, parts: [${parts}]${extra} },`;
}

function constants(plan: ExportPlan): string {
  const lines = [
    '/** What the model predicts and from what. */',
    `export const task = ${literal(plan.task)};`,
    `export const target = ${literal(plan.target)};`,
    `export const features = Object.freeze(${literal(plan.features.map((f) => f.name))});`,
  ];
  if (plan.classes) lines.push(`export const classes = Object.freeze(${literal(plan.classes)});`);
  lines.push('', '/** Each feature\'s preprocessing, in input order: numeric (x - center) / scale, or one-hot over categories. */');
  lines.push('const FEATURES = [', ...plan.features.map(featureCode), '];');
  lines.push(`const INPUTS = ${plan.order.length};`);
  lines.push('/** Texts that mean a value is missing, besides a blank string. */');
  lines.push(`const MISSING = new Set(${literal(plan.markers)});`);
  lines.push(`const OUTPUTS = ${plan.outputs};`);
  if (plan.targetScale) {
    lines.push('/** Regression: the network predicts (y - center) / scale. */');
    lines.push(`const TARGET_SCALE = { center: ${numberLiteral(plan.targetScale.center)}, scale: ${numberLiteral(plan.targetScale.scale)} };`);
  }
  return lines.join('\n');
}

/**
 * Exports a model file as one dependency-free ES module: `predict(rows)` gives a class label
 * (classification) or a number in the target's units (regression) per row, `outputs(rows)` the
 * output layer's values; rows are objects keyed by feature name or arrays in feature order, with
 * raw values (numbers, or numeric strings; strings for categorical features). It also exports
 * `task`, `target`, `features` and (classification) `classes`. The text depends only on the model
 * file, so exporting twice gives the same file.
 *
 * @param file a parsed model file (e.g. `JSON.parse(text)`), validated here
 * @param source the file's name, for errors
 * @returns the module's source text
 * @throws ModelFormatError listing every problem of an invalid model file
 * @example
 * ```ts
 * writeFileSync('model.mjs', toStandaloneModule(JSON.parse(readFileSync('model.json', 'utf8'))));
 * // then: import { predict } from './model.mjs'; predict([{ x: 1, y: 2 }]);
 * ```
 */
export function toStandaloneModule(file: unknown, source = 'model'): string {
  const plan = planExport(file, source);
  const used = [...new Set(plan.layers.flatMap((l) => ('activation' in l ? [l.activation] : [])))];
  return [
    header(plan),
    '',
    constants(plan),
    '',
    '// ---- the network: activations, layers and weights ----',
    '',
    ...used.map((a) => `${ACTIVATION_FORMS[a].js.code}\n`),
    ...imageCode(plan.layers),
    'const LAYERS = [',
    ...plan.layers.map((l) => (l.kind === 'dense' ? layerCode(l) : imageLayerCode(l, (a) => ACTIVATION_FORMS[a].js.name))),
    '];',
    '',
    '// ---- preprocessing: raw rows -> network inputs ----',
    '',
    ENCODE_CODE,
    '',
    ...(plan.features.some((f) => f.kind === 'date') ? [DATE_CODE, ''] : []),
    '// ---- prediction ----',
    '',
    FORWARD_CODE,
    '',
    plan.task === 'classification' ? PREDICT_CLASS_CODE : PREDICT_VALUE_CODE,
    '',
  ].join('\n');
}

/**
 * The ONNX graph of an {@link ExportPlan}, as plain objects shaped like the schema's messages
 * (onnx-schema.ts): preprocessing, one Gemm and one activation per dense layer, and for regression
 * the target's un-scaling.
 *
 * Note [onnx precision]: raw features go in as float64 and are scaled in float64, then cast to
 * float32, which is exactly what Neurite does (scale in double, store in a Float32Array); a
 * float32 input would already round a value like 2021.37 to 2021.3700, an error the scaling then
 * magnifies. The network runs in float32 like Neurite's. A regression output is cast back to
 * float64 and un-scaled there, as Neurite's `decodeTarget` is.
 */
import { ACTIVATION_FORMS, type Activation, type OnnxBuilder } from '../nn/activations.js';
import { float, GraphBuilder, int, type NodeObject, type TensorObject } from './onnx-builder.js';
import { imageStep, toImage, toRows } from './onnx-image.js';
import { DATA_TYPE } from './onnx-schema.js';
import type { ExportPlan, PlanLayer } from './plan.js';

/** The name of the graph's input: `[batch, inputs]` raw feature values, float64. */
export const ONNX_INPUT = 'features';
/** The name of the graph's output: `[batch, outputs]`. */
export const ONNX_OUTPUT = 'outputs';

/**
 * An activation as ONNX operators, from its entry in the activation table: each node and constant
 * named within the layer (`layers.0.y` its output).
 */
function activation(g: GraphBuilder, name: Activation, z: string, prefix: string): string {
  const b: OnnxBuilder = {
    node: (node, op, inputs, attributes = {}) => g.add(op, [...inputs], `${prefix}.${node}`, Object.entries(attributes).map(([key, a]) => ('float' in a ? float(key, a.float) : int(key, a.int)))),
    scalar: (node, value) => g.constant(`${prefix}.${node}`, [], [value], 'float'),
  };
  return ACTIVATION_FORMS[name].onnx(b, z);
}

function dense(g: GraphBuilder, layer: PlanLayer, x: string): string {
  const prefix = `layers.${layer.index}`;
  const w = g.constant(`${prefix}.weights`, [layer.inputs, layer.units], layer.weights, 'float');
  const b = g.constant(`${prefix}.bias`, [layer.units], layer.bias, 'float');
  const z = g.add('Gemm', [x, w, b], `${prefix}.z`);
  return activation(g, layer.activation, z, prefix);
}

/**
 * Raw features (float64) → network inputs (float32): NaN filled with the imputed value, `(x − center)
 * / scale`, then the missing indicators placed after their features (Note [export imputation]);
 * each step left out where it is the identity.
 */
function preprocess(g: GraphBuilder, plan: ExportPlan): string {
  const n = plan.inputNames.length;
  let x = ONNX_INPUT;
  // version 1 models have no imputation: their graph is left as it was
  const imputes = plan.features.some((f) => f.kind === 'date' || f.impute !== undefined || f.missingIndicator === true);
  const missing = imputes ? g.add('IsNaN', [x], 'preprocessing.missing') : '';
  if (imputes) x = g.add('Where', [missing, g.constant('preprocessing.impute', [n], plan.impute, 'double'), x], 'preprocessing.imputed');
  if (plan.center.some((c) => c !== 0)) x = g.add('Sub', [x, g.constant('preprocessing.center', [n], plan.center, 'double')], 'preprocessing.centered');
  if (plan.scale.some((s) => s !== 1)) x = g.add('Div', [x, g.constant('preprocessing.scale', [n], plan.scale, 'double')], 'preprocessing.scaled');
  if (plan.indicators.length === 0) return g.add('Cast', [x], 'inputs', [int('to', DATA_TYPE.FLOAT)]);
  const scaled = g.add('Cast', [x], 'preprocessing.float', [int('to', DATA_TYPE.FLOAT)]);
  const flags = g.add('Gather', [missing, g.constant('preprocessing.indicators', [plan.indicators.length], plan.indicators, 'int64')], 'preprocessing.flags', [int('axis', 1)]);
  const indicators = g.add('Cast', [flags], 'preprocessing.indicator', [int('to', DATA_TYPE.FLOAT)]);
  const all = g.add('Concat', [scaled, indicators], 'preprocessing.all', [int('axis', 1)]);
  return g.add('Gather', [all, g.constant('preprocessing.order', [plan.order.length], plan.order, 'int64')], 'inputs', [int('axis', 1)]);
}

/** Regression outputs (float32) → the target's units (float64): `y · scale + center`. */
function unscale(g: GraphBuilder, plan: ExportPlan, y: string): string {
  const t = plan.targetScale as { center: number; scale: number };
  let out = g.add('Cast', [y], 'target.float64', [int('to', DATA_TYPE.DOUBLE)]);
  if (t.scale !== 1) out = g.add('Mul', [out, g.constant('target.scale', [], [t.scale], 'double')], 'target.scaled');
  if (t.center !== 0) out = g.add('Add', [out, g.constant('target.center', [], [t.center], 'double')], 'target.centered');
  return out;
}

function tensorType(elemType: number, dims: (number | string)[]): object {
  return { tensor_type: { elem_type: elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) } } };
}

/**
 * The `GraphProto` object of a plan: input `features` float64 `[batch, inputs]`, output `outputs`
 * `[batch, units]` (float32; float64 in the target's units for regression).
 *
 * @example
 * ```ts
 * onnxGraph(planExport(file)).node.map((n) => n.op_type); // ['Sub', 'Div', 'Cast', 'Gemm', 'Relu', ...]
 * ```
 */
export function onnxGraph(plan: ExportPlan, name: string): { node: NodeObject[]; initializer: TensorObject[]; [field: string]: unknown } {
  const g = new GraphBuilder();
  let y = preprocess(g, plan);
  let image = plan.inputShape.length === 3 && plan.layers[0]?.kind !== 'dense';
  if (image) y = toImage(g, y, plan.inputShape);
  for (const layer of plan.layers) {
    if (layer.kind === 'dense') y = dense(g, layer, y);
    else ({ y, image } = imageStep(g, layer, y, image, activation));
  }
  if (image) y = toRows(g, y, 'output');
  const regression = plan.task === 'regression';
  if (regression) y = unscale(g, plan, y);
  // the last node writes the graph's output directly
  g.node[g.node.length - 1].output = [ONNX_OUTPUT];
  const units = plan.outputs;
  return {
    name,
    node: g.node,
    initializer: g.initializer,
    input: [{ name: ONNX_INPUT, type: tensorType(DATA_TYPE.DOUBLE, ['batch', plan.inputNames.length]), doc_string: `raw feature values, one row per sample, columns: ${plan.inputNames.join(', ')}` }],
    output: [{ name: ONNX_OUTPUT, type: tensorType(regression ? DATA_TYPE.DOUBLE : DATA_TYPE.FLOAT, ['batch', units]), doc_string: outputDoc(plan) }],
  };
}

function outputDoc(plan: ExportPlan): string {
  if (plan.task === 'regression') return `the predicted ${plan.target}, in its own units`;
  const classes = plan.classes as readonly string[];
  const units = plan.outputs;
  return units === 1 ? `the probability of class ${classes[1]} (else ${classes[0]})` : `one score per class, in the order of the metadata "classes"`;
}

/**
 * ONNX export: a model file becomes an ONNX model that takes raw feature rows and gives what
 * `neurite predict` gives, encoded with protobufjs and the ONNX schema (onnx-schema.ts).
 */
import { onnxGraph } from './onnx-graph.js';
import { onnxModelType } from './onnx-schema.js';
import { describeLayers, planExport, type ExportPlan } from './plan.js';

export { ONNX_INPUT, ONNX_OUTPUT } from './onnx-graph.js';

/**
 * The ONNX operator set the export uses. 13 has every operator needed (GreaterOrEqual since 12,
 * Softmax over one axis since 13) and is read by onnxruntime since 1.6 and the onnx package since 1.8.
 */
export const ONNX_OPSET = 13;
/** The ONNX IR version written: 7, the one that goes with opset 13. */
export const ONNX_IR_VERSION = 7;

/**
 * The model's description, also stored as `metadata_props`: every value is a string, lists are
 * JSON arrays (labels may hold commas).
 */
function metadata(plan: ExportPlan): { key: string; value: string }[] {
  const props: Record<string, string> = {
    task: plan.task,
    target: plan.target,
    features: JSON.stringify(plan.features.map((f) => f.name)),
    inputs: JSON.stringify(plan.inputNames),
    scaling: plan.scaling,
    architecture: describeLayers(plan),
  };
  if (plan.classes) props.classes = JSON.stringify(plan.classes);
  return Object.entries(props).map(([key, value]) => ({ key, value }));
}

function docString(plan: ExportPlan): string {
  const what = plan.task === 'classification'
    ? `classification of ${plan.target} into ${(plan.classes as readonly string[]).join(', ')}`
    : `regression of ${plan.target}`;
  const categorical = plan.features.some((f) => f.kind === 'categorical')
    ? ' Categorical features go in one-hot encoded, one 0/1 column per category (see metadata "inputs").'
    : '';
  return `Neurite model: ${what}; ${describeLayers(plan)}. Input "features" is [batch, ${plan.inputNames.length}] raw values (float64), preprocessing included.${categorical}`;
}

/**
 * Exports a model file as an ONNX model (opset {@link ONNX_OPSET}).
 *
 * The graph's input `features` is float64 `[batch, inputs]`: raw values of the numeric features
 * (scaled in the graph as in the model's preprocessing) and, for a categorical feature, one 0/1
 * column per category (an ONNX float tensor cannot hold text). Its output `outputs` is
 * `[batch, units]`: the output layer (class probabilities for softmax) as float32, or for
 * regression the prediction in the target's units as float64. `metadata_props` name the task,
 * target, features, inputs and classes.
 *
 * @param file a parsed model file (e.g. `JSON.parse(text)`), validated here
 * @param source the file's name, for errors
 * @returns the bytes of the `.onnx` file
 * @throws ModelFormatError listing every problem of an invalid model file
 * @example
 * ```ts
 * writeFileSync('model.onnx', toOnnx(JSON.parse(readFileSync('model.json', 'utf8'))));
 * ```
 */
export function toOnnx(file: unknown, source = 'model'): Uint8Array {
  const plan = planExport(file, source);
  const type = onnxModelType();
  const model = type.fromObject({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'neurite',
    doc_string: docString(plan),
    graph: onnxGraph(plan, 'neurite'),
    metadata_props: metadata(plan),
  });
  return type.encode(model).finish();
}

/**
 * The activation table's second part (Note [activation table in two parts] in
 * backend/activations.ts): how each activation is written outside the kernels, in its ONNX form,
 * the standalone export's code and the playground's formula. Keyed by the first part's names, so a
 * new activation without its forms here does not compile.
 */
import { type Activation, ELU_ALPHA, GELU_C, GELU_K, LEAKY_SLOPE } from '../backend/activations.js';

/** An ONNX node attribute: a float or an integer. */
export type OnnxAttribute = { readonly float: number } | { readonly int: number };

/** ONNX's TensorProto data type FLOAT (for Cast's `to`). */
export const ONNX_FLOAT = 1;

/**
 * What an activation's ONNX form may add to the graph of a layer: operators and float32 scalars,
 * each named within the layer (`y` names the activation's output).
 */
export interface OnnxBuilder {
  /** Adds the operator `op` on `inputs`; returns the name of its output. */
  node(name: string, op: string, inputs: readonly string[], attributes?: Readonly<Record<string, OnnxAttribute>>): string;
  /** A float32 scalar constant; returns its name. */
  scalar(name: string, value: number): string;
}

/** How an activation is written outside the kernels. */
export interface ActivationForms {
  /** Its ONNX operators (opset 13), from the pre-activations z; returns the output's name. */
  onnx(b: OnnxBuilder, z: string): string;
  /**
   * The standalone export's function (plain JavaScript, in place over a Float32Array z of
   * `[rows, units]` pre-activations, the same arithmetic as `f` so that it gives the library's
   * numbers): its name and its code.
   */
  readonly js: { readonly name: string; readonly code: string };
  /** How it and its derivative are written for people (the playground), in z and a = f(z): `max(0, z)`, `1 if z > 0, else 0`. */
  readonly formula: { readonly f: string; readonly df: string };
}

/** `a * expr` in generated code, or `expr` itself when a is 1 (the same value, shorter text). */
const times = (a: number, expr: string): string => (a === 1 ? expr : `${a} * ${expr}`);

/** An element-wise activation's standalone function: `z[i] = expr` over all of z. */
function loop(name: string, expr: string, comment = ''): { name: string; code: string } {
  const note = comment ? `  // ${comment}\n` : '';
  return { name, code: `function ${name}(z) {\n${note}  for (let i = 0; i < z.length; i++) z[i] = ${expr};\n  return z;\n}` };
}

/** Each activation's forms, by the names of backend/activations.ts. */
export const ACTIVATION_FORMS = {
  linear: {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Identity', [z]),
    js: { name: 'linear', code: 'function linear(z) {\n  return z;\n}' },
    formula: { f: 'z', df: '1' },
  },
  step: {
    // exactly: the comparison gives a boolean, cast to 1.0 or 0.0
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Cast', [b.node('nonnegative', 'GreaterOrEqual', [z, b.scalar('zero', 0)])], { to: { int: ONNX_FLOAT } }),
    js: loop('step', 'z[i] >= 0 ? 1 : 0'),
    formula: { f: '1 if z ≥ 0, else 0', df: '0' },
  },
  sigmoid: {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Sigmoid', [z]),
    js: {
      name: 'sigmoid',
      code: 'function sigmoid(z) {\n  // written so that Math.exp never overflows\n  for (let i = 0; i < z.length; i++) {\n    const x = z[i];\n'
        + '    z[i] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));\n  }\n  return z;\n}',
    },
    formula: { f: '1 / (1 + e^−z)', df: 'a·(1 − a)' },
  },
  tanh: {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Tanh', [z]),
    js: loop('tanh', 'Math.tanh(z[i])'),
    formula: { f: '(e^z − e^−z) / (e^z + e^−z)', df: '1 − a²' },
  },
  relu: {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Relu', [z]),
    js: loop('relu', 'z[i] > 0 ? z[i] : 0'),
    formula: { f: 'max(0, z)', df: '1 if z > 0, else 0' },
  },
  'leaky-relu': {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'LeakyRelu', [z], { alpha: { float: LEAKY_SLOPE } }),
    js: loop('leakyRelu', `z[i] > 0 ? z[i] : ${LEAKY_SLOPE} * z[i]`),
    formula: { f: `z if z > 0, else ${LEAKY_SLOPE}·z`, df: `1 if z > 0, else ${LEAKY_SLOPE}` },
  },
  elu: {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Elu', [z], { alpha: { float: ELU_ALPHA } }),
    js: loop('elu', `z[i] > 0 ? z[i] : ${times(ELU_ALPHA, 'Math.expm1(z[i])')}`),
    formula: { f: `z if z > 0, else ${times(ELU_ALPHA, '(e^z − 1)')}`, df: `1 if z > 0, else a + ${ELU_ALPHA}` },
  },
  softplus: {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Softplus', [z]),
    js: loop('softplus', 'Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i])))', 'ln(1 + e^x) as max(x, 0) + ln(1 + e^-|x|), which never overflows'),
    formula: { f: 'ln(1 + e^z)', df: 'sigmoid(z)' },
  },
  softmax: {
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Softmax', [z], { axis: { int: -1 } }),
    js: {
      name: 'softmax',
      code: 'function softmax(z, units) {\n  // e^(z - max) / sum: subtracting each row\'s maximum keeps every exponent <= 0\n  for (let o = 0; o < z.length; o += units) {\n'
        + '    let max = -Infinity;\n    for (let j = 0; j < units; j++) if (z[o + j] > max) max = z[o + j];\n    let sum = 0;\n    for (let j = 0; j < units; j++) {\n'
        + '      const e = Math.exp(z[o + j] - max);\n      z[o + j] = e;\n      sum += e;\n    }\n    for (let j = 0; j < units; j++) z[o + j] /= sum;\n  }\n  return z;\n}',
    },
    formula: { f: 'e^zᵢ / Σⱼ e^zⱼ (across the layer)', df: 'taken with the loss: ∂L/∂z = a − t' },
  },
  gelu: {
    onnx: (b: OnnxBuilder, z: string) => {
      // opset 13 has no Gelu: x·σ(2u) from its parts
      const cube = b.node('cube', 'Mul', [b.node('square', 'Mul', [z, z]), z]);
      const inner = b.node('inner', 'Add', [z, b.node('cubic', 'Mul', [cube, b.scalar('k', GELU_K)])]);
      const gate = b.node('gate', 'Sigmoid', [b.node('scaled', 'Mul', [inner, b.scalar('twiceC', 2 * GELU_C)])]);
      return b.node('y', 'Mul', [z, gate]);
    },
    js: loop('gelu', `z[i] / (1 + Math.exp(-2 * ${GELU_C} * (z[i] + ${GELU_K} * z[i] * z[i] * z[i])))`, 'x·σ(2u), u = √(2/π)(x + 0.044715x³): GELU\'s tanh approximation'),
    formula: { f: `½z(1 + tanh u), u = √(2/π)(z + ${GELU_K}z³)`, df: `½(1 + tanh u) + ½z(1 − tanh² u)·√(2/π)(1 + 3·${GELU_K}z²)` },
  },
} as const satisfies { readonly [A in Activation]: ActivationForms };

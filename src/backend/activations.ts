/**
 * The one table of activations (STYLE.md, example 13): for each, its reference function and
 * derivative, its codes in the WebAssembly module, its ONNX form, the standalone export's code, its
 * weight initialisation and the playground's formula. Its type makes the compiler ask for every
 * field of a new entry; the kernels, autograd, the exporters, the model file's checks, the command
 * line and the playground all read it, so an activation is added here (and, for speed, in asm/).
 */

/** The leaky ReLU's slope below 0 (PyTorch's default `negative_slope`). */
export const LEAKY_SLOPE = 0.01;
/** ELU's α (PyTorch's default). */
export const ELU_ALPHA = 1;
/** √(2/π), in GELU's tanh approximation (PyTorch's `approximate='tanh'`). */
export const GELU_C = Math.sqrt(2 / Math.PI);
/** The cubic's coefficient in GELU's tanh approximation: u = √(2/π)(x + 0.044715x³). */
export const GELU_K = 0.044715;

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

/** Everything about one activation. */
export interface ActivationEntry {
  /**
   * f(x), the reference (in float64; a float32 kernel stores it rounded); null for an activation
   * across a row (softmax), which has kernels of its own.
   */
  readonly f: ((x: number) => number) | null;
  /** f'(x), from x and y = f(x), whichever is cheaper or more stable; null with `f`. */
  readonly df: ((x: number, y: number) => number) | null;
  /**
   * Its codes in the WebAssembly module: forward, a `unary` code (asm/elementwise.ts) or a
   * `unaryExp` code + 16 (asm/transcendental.ts); backward, an `unaryBackward` code. Null where the
   * module has no body for it (the reference kernels run it).
   */
  readonly wasm: { readonly forward: number; readonly backward: number } | null;
  /** Its ONNX operators (opset 13), from the pre-activations z; returns the output's name. */
  onnx(b: OnnxBuilder, z: string): string;
  /**
   * The standalone export's function (plain JavaScript, in place over a Float32Array z of
   * `[rows, units]` pre-activations, the same arithmetic as `f` so that it gives the library's
   * numbers): its name and its code.
   */
  readonly js: { readonly name: string; readonly code: string };
  /**
   * The model file version that first had it: 1 for the first nine; an activation added since
   * says 2, so that a file using it is written as version 2, which older readers refuse as newer
   * instead of failing on an unknown name.
   */
  readonly version: 1 | 2;
  /** The weights' initialisation that suits it: He for the ReLU family, Glorot for the rest (nn/init.ts). */
  readonly init: 'glorot' | 'he';
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

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** GELU's e^−2u, u = √(2/π)(x + 0.044715x³): its gate ½(1 + tanh u) is 1/(1 + e^−2u). */
const geluE = (x: number): number => Math.exp(-2 * GELU_C * (x + GELU_K * x * x * x));

/** The activations, in the order they are listed to people. */
export const ACTIVATION_TABLE = {
  // d/dx x = 1
  linear: {
    f: (x: number) => x, df: () => 1, wasm: { forward: 0, backward: 0 },
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Identity', [z]),
    js: { name: 'linear', code: 'function linear(z) {\n  return z;\n}' }, version: 1, init: 'glorot', formula: { f: 'z', df: '1' },
  },
  // step(x) = 1 if x ≥ 0 else 0; its derivative is 0 wherever it exists, so it carries no gradient
  // (training a network with a step layer anywhere but alone is refused before this is used)
  step: {
    f: (x: number) => (x >= 0 ? 1 : 0), df: () => 0, wasm: null,
    // exactly: the comparison gives a boolean, cast to 1.0 or 0.0
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Cast', [b.node('nonnegative', 'GreaterOrEqual', [z, b.scalar('zero', 0)])], { to: { int: ONNX_FLOAT } }),
    js: loop('step', 'z[i] >= 0 ? 1 : 0'), version: 1, init: 'glorot', formula: { f: '1 if z ≥ 0, else 0', df: '0' },
  },
  // σ(x) = 1/(1+e^−x); d/dx σ = σ(1−σ) = y(1−y). Written to never overflow e^−x for x ≪ 0.
  sigmoid: {
    f: sigmoid, df: (_x: number, y: number) => y * (1 - y), wasm: { forward: 17, backward: 3 },
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Sigmoid', [z]),
    js: {
      name: 'sigmoid',
      code: 'function sigmoid(z) {\n  // written so that Math.exp never overflows\n  for (let i = 0; i < z.length; i++) {\n    const x = z[i];\n'
        + '    z[i] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));\n  }\n  return z;\n}',
    },
    version: 1, init: 'glorot', formula: { f: '1 / (1 + e^−z)', df: 'a·(1 − a)' },
  },
  // d/dx tanh x = 1 − tanh² x = 1 − y²
  tanh: {
    f: Math.tanh, df: (_x: number, y: number) => 1 - y * y, wasm: { forward: 18, backward: 4 },
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Tanh', [z]),
    js: loop('tanh', 'Math.tanh(z[i])'), version: 1, init: 'glorot', formula: { f: '(e^z − e^−z) / (e^z + e^−z)', df: '1 − a²' },
  },
  // relu(x) = max(0, x); derivative 1 for x > 0, 0 otherwise (0 at 0, as PyTorch)
  relu: {
    f: (x: number) => (x > 0 ? x : 0), df: (x: number) => (x > 0 ? 1 : 0), wasm: { forward: 1, backward: 1 },
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Relu', [z]),
    js: loop('relu', 'z[i] > 0 ? z[i] : 0'), version: 1, init: 'he', formula: { f: 'max(0, z)', df: '1 if z > 0, else 0' },
  },
  // leaky relu: x for x > 0, slope·x otherwise; derivative 1 or the slope
  'leaky-relu': {
    f: (x: number) => (x > 0 ? x : LEAKY_SLOPE * x), df: (x: number) => (x > 0 ? 1 : LEAKY_SLOPE), wasm: { forward: 2, backward: 2 },
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'LeakyRelu', [z], { alpha: { float: LEAKY_SLOPE } }),
    js: loop('leakyRelu', `z[i] > 0 ? z[i] : ${LEAKY_SLOPE} * z[i]`), version: 1, init: 'he', formula: { f: `z if z > 0, else ${LEAKY_SLOPE}·z`, df: `1 if z > 0, else ${LEAKY_SLOPE}` },
  },
  // elu: x for x > 0, α(eˣ − 1) otherwise; derivative 1, or αeˣ = y + α
  elu: {
    f: (x: number) => (x > 0 ? x : ELU_ALPHA * Math.expm1(x)), df: (x: number, y: number) => (x > 0 ? 1 : y + ELU_ALPHA), wasm: { forward: 19, backward: 7 },
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Elu', [z], { alpha: { float: ELU_ALPHA } }),
    js: loop('elu', `z[i] > 0 ? z[i] : ${times(ELU_ALPHA, 'Math.expm1(z[i])')}`), version: 1, init: 'he', formula: { f: `z if z > 0, else ${times(ELU_ALPHA, '(e^z − 1)')}`, df: `1 if z > 0, else a + ${ELU_ALPHA}` },
  },
  // softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) to avoid overflow; its derivative is σ(x)
  softplus: {
    f: (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), df: (x: number) => sigmoid(x), wasm: { forward: 20, backward: 8 },
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Softplus', [z]),
    js: loop('softplus', 'Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i])))', 'ln(1 + e^x) as max(x, 0) + ln(1 + e^-|x|), which never overflows'),
    version: 1, init: 'he', formula: { f: 'ln(1 + e^z)', df: 'sigmoid(z)' },
  },
  // softmax works across a row (ops/softmax.ts and its kernels, Note [stable softmax]), not element by element
  softmax: {
    f: null, df: null, wasm: null,
    onnx: (b: OnnxBuilder, z: string) => b.node('y', 'Softmax', [z], { axis: { int: -1 } }),
    js: {
      name: 'softmax',
      code: 'function softmax(z, units) {\n  // e^(z - max) / sum: subtracting each row\'s maximum keeps every exponent <= 0\n  for (let o = 0; o < z.length; o += units) {\n'
        + '    let max = -Infinity;\n    for (let j = 0; j < units; j++) if (z[o + j] > max) max = z[o + j];\n    let sum = 0;\n    for (let j = 0; j < units; j++) {\n'
        + '      const e = Math.exp(z[o + j] - max);\n      z[o + j] = e;\n      sum += e;\n    }\n    for (let j = 0; j < units; j++) z[o + j] /= sum;\n  }\n  return z;\n}',
    },
    version: 1, init: 'glorot', formula: { f: 'e^zᵢ / Σⱼ e^zⱼ (across the layer)', df: 'taken with the loss: ∂L/∂z = a − t' },
  },
  // gelu(x) = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³) (PyTorch's approximate='tanh'), written as
  // x·σ(2u) (the same function: ½(1 + tanh u) = σ(2u)), which keeps its accuracy far below 0.
  // d/dx x·s = s + x·s' with s = σ(2u), s' = 2s(1 − s)·u', u' = √(2/π)(1 + 3·0.044715x²)
  gelu: {
    f: (x: number) => x / (1 + geluE(x)),
    df: (x: number) => {
      const s = 1 / (1 + geluE(x));
      const t = s * (1 - s);
      // far out t is 0 (and x² may be ∞): the derivative is s itself
      return t === 0 ? s : s + 2 * x * t * GELU_C * (1 + 3 * GELU_K * x * x);
    },
    wasm: { forward: 21, backward: 9 },
    onnx: (b: OnnxBuilder, z: string) => {
      // opset 13 has no Gelu: x·σ(2u) from its parts
      const cube = b.node('cube', 'Mul', [b.node('square', 'Mul', [z, z]), z]);
      const inner = b.node('inner', 'Add', [z, b.node('cubic', 'Mul', [cube, b.scalar('k', GELU_K)])]);
      const gate = b.node('gate', 'Sigmoid', [b.node('scaled', 'Mul', [inner, b.scalar('twiceC', 2 * GELU_C)])]);
      return b.node('y', 'Mul', [z, gate]);
    },
    js: loop('gelu', `z[i] / (1 + Math.exp(-2 * ${GELU_C} * (z[i] + ${GELU_K} * z[i] * z[i] * z[i])))`, 'x·σ(2u), u = √(2/π)(x + 0.044715x³): GELU\'s tanh approximation'),
    version: 2, init: 'he',
    formula: { f: `½z(1 + tanh u), u = √(2/π)(z + ${GELU_K}z³)`, df: `½(1 + tanh u) + ½z(1 − tanh² u)·√(2/π)(1 + 3·${GELU_K}z²)` },
  },
} as const satisfies Record<string, ActivationEntry>;

type Table = typeof ACTIVATION_TABLE;
/** The name of an activation. */
export type Activation = keyof Table;
/** The activations a dense layer can use, in the table's order. */
export const ACTIVATIONS = Object.keys(ACTIVATION_TABLE) as readonly Activation[];
/** An activation computed element by element (every one but softmax): also a unary op. */
export type ElementwiseActivation = { [K in Activation]: Table[K]['f'] extends null ? never : K }[Activation];
/** The element-wise activations, in the table's order. */
export const ELEMENTWISE_ACTIVATIONS = ACTIVATIONS.filter((a): a is ElementwiseActivation => ACTIVATION_TABLE[a].f !== null);

/** An activation's entry, as the table's type describes every entry. */
export function activationEntry(name: Activation): ActivationEntry {
  return ACTIVATION_TABLE[name];
}

/** True when `name` is an activation of the table. */
export function isActivationName(name: unknown): name is Activation {
  return typeof name === 'string' && Object.hasOwn(ACTIVATION_TABLE, name);
}

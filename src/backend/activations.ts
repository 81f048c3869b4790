/**
 * The one table of activations (STYLE.md, example 13), in two parts keyed by the same names: here
 * what computing with one needs (its reference function and derivative, its codes in the
 * WebAssembly module, its weight initialisation, the model file version that first had it), and in
 * nn/activation-forms.ts how it is written elsewhere (its ONNX form, the standalone export's code,
 * the playground's formula). The second part's type is keyed by this part's names, so the compiler
 * asks for every field of a new entry in both; `ACTIVATION_TABLE` (nn/activations.ts) joins them.
 * Two parts because a page that only runs a network then carries no export code or formula text
 * (Note [activation table in two parts]); an activation is added in both (and, for speed, in asm/).
 */

/** The leaky ReLU's slope below 0 (PyTorch's default `negative_slope`). */
export const LEAKY_SLOPE = 0.01;
/** ELU's α (PyTorch's default). */
export const ELU_ALPHA = 1;
/** √(2/π), in GELU's tanh approximation (PyTorch's `approximate='tanh'`). */
export const GELU_C = Math.sqrt(2 / Math.PI);
/** The cubic's coefficient in GELU's tanh approximation: u = √(2/π)(x + 0.044715x³). */
export const GELU_K = 0.044715;

/** What computing with an activation needs (nn/activation-forms.ts has how it is written elsewhere). */
export interface ActivationMath {
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
  /**
   * The model file version that first had it: 1 for the first nine; an activation added since
   * says 2, so that a file using it is written as version 2, which older readers refuse as newer
   * instead of failing on an unknown name.
   */
  readonly version: 1 | 2;
  /** The weights' initialisation that suits it: He for the ReLU family, Glorot for the rest (nn/init.ts). */
  readonly init: 'glorot' | 'he';
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** GELU's e^−2u, u = √(2/π)(x + 0.044715x³): its gate ½(1 + tanh u) is 1/(1 + e^−2u). */
const geluE = (x: number): number => Math.exp(-2 * GELU_C * (x + GELU_K * x * x * x));

/** The activations, in the order they are listed to people: what computing with each needs. */
export const ACTIVATION_MATH = {
  // d/dx x = 1
  linear: {
    f: (x: number) => x, df: () => 1, wasm: { forward: 0, backward: 0 }, version: 1, init: 'glorot',
  },
  // step(x) = 1 if x ≥ 0 else 0; its derivative is 0 wherever it exists, so it carries no gradient
  // (training a network with a step layer anywhere but alone is refused before this is used)
  step: {
    f: (x: number) => (x >= 0 ? 1 : 0), df: () => 0, wasm: null, version: 1, init: 'glorot',
  },
  // σ(x) = 1/(1+e^−x); d/dx σ = σ(1−σ) = y(1−y). Written to never overflow e^−x for x ≪ 0.
  sigmoid: {
    f: sigmoid, df: (_x: number, y: number) => y * (1 - y), wasm: { forward: 17, backward: 3 }, version: 1,
    init: 'glorot',
  },
  // d/dx tanh x = 1 − tanh² x = 1 − y²
  tanh: {
    f: Math.tanh, df: (_x: number, y: number) => 1 - y * y, wasm: { forward: 18, backward: 4 }, version: 1,
    init: 'glorot',
  },
  // relu(x) = max(0, x); derivative 1 for x > 0, 0 otherwise (0 at 0, as PyTorch)
  relu: {
    f: (x: number) => (x > 0 ? x : 0), df: (x: number) => (x > 0 ? 1 : 0), wasm: { forward: 1, backward: 1 },
    version: 1, init: 'he',
  },
  // leaky relu: x for x > 0, slope·x otherwise; derivative 1 or the slope
  'leaky-relu': {
    f: (x: number) => (x > 0 ? x : LEAKY_SLOPE * x), df: (x: number) => (x > 0 ? 1 : LEAKY_SLOPE),
    wasm: { forward: 2, backward: 2 }, version: 1, init: 'he',
  },
  // elu: x for x > 0, α(eˣ − 1) otherwise; derivative 1, or αeˣ = y + α
  elu: {
    f: (x: number) => (x > 0 ? x : ELU_ALPHA * Math.expm1(x)),
    df: (x: number, y: number) => (x > 0 ? 1 : y + ELU_ALPHA), wasm: { forward: 19, backward: 7 }, version: 1,
    init: 'he',
  },
  // softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) to avoid overflow; its derivative is σ(x)
  softplus: {
    f: (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), df: (x: number) => sigmoid(x),
    wasm: { forward: 20, backward: 8 }, version: 1, init: 'he',
  },
  // softmax works across a row (ops/softmax.ts and its kernels, Note [stable softmax]), not element by element
  softmax: {
    f: null, df: null, wasm: null, version: 1, init: 'glorot',
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
    wasm: { forward: 21, backward: 9 }, version: 2, init: 'he',
  },
} as const satisfies Record<string, ActivationMath>;

type Table = typeof ACTIVATION_MATH;
/** The name of an activation. */
export type Activation = keyof Table;
/** The activations a dense layer can use, in the table's order. */
export const ACTIVATIONS = Object.keys(ACTIVATION_MATH) as readonly Activation[];
/** An activation computed element by element (every one but softmax): also a unary op. */
export type ElementwiseActivation = { [K in Activation]: Table[K]['f'] extends null ? never : K }[Activation];
/** The element-wise activations, in the table's order. */
export const ELEMENTWISE_ACTIVATIONS = ACTIVATIONS.filter((a): a is ElementwiseActivation => ACTIVATION_MATH[a].f !== null);

/** What computing with an activation needs, as the table's type describes every entry. */
export function activationEntry(name: Activation): ActivationMath {
  return ACTIVATION_MATH[name];
}

/** True when `name` is an activation of the table. */
export function isActivationName(name: unknown): name is Activation {
  return typeof name === 'string' && Object.hasOwn(ACTIVATION_MATH, name);
}

// Note [activation table in two parts]
// An object literal is kept or dropped whole by every bundler: with the ONNX builders, the export's
// code and the formulas in the same entries as f, a page that loads a model file and predicts
// carried all of them (3 KB minified, 1.2 KB gzipped of its 12 KB budget, docs/browser.md). Keyed
// by the same names and typed from this part's keys, the second part cannot miss or add an
// activation without a compile error, which is what one table was for.

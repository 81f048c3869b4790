/**
 * The extra inputs a person can give the network, computed from the two features of the plane
 * (TensorFlow Playground's x², sin x, …). They become real columns of the table, so the library's
 * preprocessing scales them and the exported model file names them like any other feature.
 */

/** One derived input: its column name from the two feature names, and its value. */
interface Feature {
  readonly name: (x: string, y: string) => string;
  readonly value: (x: number, y: number) => number;
}

export const FEATURES = {
  x2: { name: (x) => `${x}²`, value: (x) => x * x },
  y2: { name: (_, y) => `${y}²`, value: (_, y) => y * y },
  xy: { name: (x, y) => `${x}·${y}`, value: (x, y) => x * y },
  sinx: { name: (x) => `sin(${x})`, value: (x) => Math.sin(x) },
  siny: { name: (_, y) => `sin(${y})`, value: (_, y) => Math.sin(y) },
} as const satisfies Record<string, Feature>;

export type FeatureId = keyof typeof FEATURES;

/** How the network's inputs come from a point of the plane: each input's raw value, then its scaling. */
export interface PlaneInputs {
  /** Per network input: the derived feature it is, or null for the plane's x (0) and y (1) themselves. */
  readonly kinds: readonly (FeatureId | 'x' | 'y')[];
  /** input = (raw − center) / scale, per input. */
  readonly center: readonly number[];
  readonly scale: readonly number[];
}

/** The raw value of one input at a point of the plane. */
export function rawInput(kind: FeatureId | 'x' | 'y', x: number, y: number): number {
  return kind === 'x' ? x : kind === 'y' ? y : FEATURES[kind].value(x, y);
}

/** The network's inputs at a point of the plane (raw units), scaled as the preprocessing scales them. */
export function encodePoint(p: PlaneInputs, x: number, y: number, out: number[] | Float32Array = new Array<number>(p.kinds.length), at = 0): number[] | Float32Array {
  p.kinds.forEach((k, i) => (out[at + i] = (rawInput(k, x, y) - p.center[i]) / p.scale[i]));
  return out;
}

import type { Data } from '../backend/kernels.js';
import { ArgumentError } from '../core/errors.js';
import { type Shape, shapeString, sizeOf } from '../core/shape.js';
import { allocate, allocatePersistent, type DType } from './memory.js';

/** How a tensor was made: the op, its inputs and whatever its derivative rule needs. */
export interface Node {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Op-specific values saved for the backward pass (axes, broadcast modes, masks…). */
  readonly saved: Readonly<Record<string, unknown>>;
}

/**
 * A float tensor: a shape, its values in row-major order, and for autodiff the gradient and the
 * node that made it. Ops are functions in `ops/`; the chained methods (`x.add(y)`) are installed
 * onto this class by `ops/chain.ts`.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]); // shape [2, 2]
 * ```
 */
export class Tensor {
  /** Size of each axis. */
  readonly shape: Shape;
  /** Values, row-major. */
  readonly data: Data;
  /** Gradient of the last `backward()` with respect to this tensor, same shape, or null. */
  grad: Data | null = null;
  /** Whether gradients flow to this tensor. */
  requiresGrad: boolean;
  /** The op that made this tensor, or null for a leaf. */
  node: Node | null = null;
  /** Optional name, e.g. `layers.0.weights`. */
  name?: string;

  constructor(data: Data, shape: Shape, requiresGrad = false) {
    if (data.length !== sizeOf(shape)) {
      throw new ArgumentError(`tensor: ${data.length} values do not fill shape ${shapeString(shape)} (${sizeOf(shape)} values)`, {
        where: 'tensor', expected: `${sizeOf(shape)} values`, received: `${data.length}`,
      });
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.requiresGrad = requiresGrad;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** Element type. */
  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new ArgumentError(`item: tensor of shape ${shapeString(this.shape)} has ${this.size} values, expected 1`, {
        where: 'item', expected: '1 value', received: `${this.size}`,
      });
    }
    return this.data[0];
  }

  /** Values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    return nest(this.data, this.shape, 0, 0);
  }

  /** Marks this tensor as a leaf that gradients flow to, and returns it. */
  variable(): this {
    this.requiresGrad = true;
    return this;
  }

  toString(): string {
    return `Tensor${shapeString(this.shape)} ${JSON.stringify(this.toArray())}`;
  }
}

/** A number or nested arrays of numbers. */
export type NestedArray = number | NestedArray[];

function nest(data: Data, shape: Shape, axis: number, offset: number): NestedArray {
  if (axis === shape.length) return data[offset];
  const inner = sizeOf(shape.slice(axis + 1));
  const out: NestedArray[] = [];
  for (let i = 0; i < shape[axis]; i++) out.push(nest(data, shape, axis + 1, offset + i * inner));
  return out;
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

function flattenInto(values: NestedArray, shape: number[], axis: number, out: number[], path: string): void {
  if (axis === shape.length) {
    if (typeof values !== 'number') throw new ArgumentError(`tensor: expected a number at ${path}, found an array`, { where: path });
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    const got = Array.isArray(values) ? `${values.length} items` : 'a number';
    throw new ArgumentError(`tensor: ragged array at ${path}: expected ${shape[axis]} items, found ${got}`, {
      where: path, expected: `${shape[axis]} items`, received: got,
    });
  }
  values.forEach((v, i) => flattenInto(v, shape, axis + 1, out, `${path}[${i}]`));
}

/**
 * Makes a tensor from a number or nested arrays (the shape is inferred), or from flat values and
 * a shape.
 *
 * @example
 * ```ts
 * tensor([[1, 2, 3]]);            // [1, 3]
 * tensor([1, 2, 3, 4], [2, 2]);   // [2, 2]
 * tensor(5, [], 'float64');       // a float64 scalar
 * ```
 */
export function tensor(values: NestedArray | ArrayLike<number>, shape?: Shape, dtype: DType = 'float32'): Tensor {
  let flat: ArrayLike<number>;
  let s: Shape;
  if (shape !== undefined) {
    flat = typeof values === 'number' ? [values] : Array.isArray(values) ? flatDeep(values as NestedArray[]) : values;
    s = shape;
  } else if (typeof values === 'number' || Array.isArray(values)) {
    s = inferShape(values as NestedArray);
    const out: number[] = [];
    flattenInto(values as NestedArray, [...s], 0, out, 'values');
    flat = out;
  } else {
    flat = values;
    s = [values.length];
  }
  const data = allocatePersistent(flat.length, dtype);
  for (let i = 0; i < flat.length; i++) data[i] = flat[i];
  return new Tensor(data, s);
}

function flatDeep(values: NestedArray[]): number[] {
  const out: number[] = [];
  const walk = (v: NestedArray): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(v);
  };
  values.forEach(walk);
  return out;
}

/** A tensor of zeros. `zeros([2, 3])`. */
export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  return new Tensor(allocatePersistent(sizeOf(shape), dtype), shape);
}

/** A tensor whose buffer comes from the current scope (ops use this for their outputs). */
export function empty(shape: Shape, dtype: DType = 'float32'): Tensor {
  return new Tensor(allocate(sizeOf(shape), dtype), shape);
}

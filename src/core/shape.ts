/** A tensor's shape: the size of each axis, outermost first. `[]` is a scalar. */
export type Shape = readonly number[];

/** The number of elements a tensor of this shape holds: the product of its sizes (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Renders a shape as in error messages: `[2, 3]`. */
export function shapeString(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** True when two shapes are equal axis by axis. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Normalises an axis that may count from the end (-1 is the last) into 0..rank-1, or returns -1 if out of range. */
export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < rank ? a : -1;
}

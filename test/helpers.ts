import { expect } from 'vitest';

/** Asserts two arrays are equal element by element within an absolute + relative tolerance. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    const ok = Math.abs(a - e) <= tol * (1 + Math.abs(e));
    if (!ok) expect.fail(`${label}[${i}]: expected ${e}, got ${a} (tolerance ${tol})`);
  }
}

/** Flattens nested number arrays. */
export function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x as number];
}

/** The message of the error `f` throws, asserting it is an instance of `type`. */
export function messageOf(f: () => unknown, type: abstract new (...args: never[]) => Error): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return (e as Error).message;
  }
  throw new Error(`expected a ${type.name}`);
}

/**
 * JSON text the way model files and checkpoints are written, built in one pass: float32 tensors
 * written from their bytes, rows of numbers on one line (Note [model text]).
 */
import { shortestFloat32, writeFloat32Text } from './float32.js';

// Note [model text]: a model file was JSON.stringify(file, null, 2) and then a regular expression
// that put each array of numbers back on one line; with every weight first turned into its
// shortest decimal as a number and then formatted again, W1's 235,146 weights took over a second
// to write (bench/notes.md, Note [model text]). Here the text is built once: a tensor is given as
// a Float32Block and its rows written as bytes from the float32 values (writeFloat32Text), and the
// rest follows JSON.stringify's rules (toJSON, undefined and functions left out of objects and
// null in arrays, non-finite numbers null, the same indentation), so the text is the one the old
// way gave, except that a string that merely looked like an array of numbers ("[ 1, 2 ]") is now
// kept as written.

/**
 * A float32 tensor to be written as nested arrays (a matrix as rows), each value the shortest
 * decimal that reads back to the same float32, as {@link shortestFloat32} gives it.
 */
export class Float32Block {
  /**
   * @param data the values, row-major
   * @param shape the tensor's shape (an empty shape is written as one value in an array)
   */
  constructor(readonly data: ArrayLike<number>, readonly shape: readonly number[]) {}

  /** The nested arrays of numbers this block is written as (what JSON.parse gives back). */
  toJSON(): unknown[] {
    return nestedValues(this.data, this.shape, 0);
  }
}

/** The bytes of the block being written (grown when a block needs more) and where it ends. */
let bytes = new Uint8Array(1 << 16);
let end = 0;
const ascii = new TextDecoder();

/**
 * JSON text of a value, as `JSON.stringify(value, null, indent)` writes it (indent 0: compact),
 * with each array of numbers on one line when indented, and {@link Float32Block}s written from
 * their float32 values (Note [model text]).
 *
 * @param indent 0 (compact) or the spaces per level
 * @example
 * ```ts
 * jsonText({ w: new Float32Block(new Float32Array([0.1, 2]), [2]) }, 2); // '{\n  "w": [0.1, 2]\n}'
 * ```
 */
export function jsonText(value: unknown, indent: number): string {
  const parts: string[] = [];
  write(value, '', '', parts, indent);
  return parts.join('');
}

function write(value: unknown, key: string, pad: string, parts: string[], indent: number): boolean {
  if (value instanceof Float32Block) {
    end = 0;
    // a NaN or an infinity is written null, and its row laid out as JSON.stringify would lay it out
    if (writeBlock(value.data, value.shape, 0, pad, indent)) parts.push(ascii.decode(bytes.subarray(0, end)));
    else writeArray(value.toJSON(), pad, parts, indent);
    return true;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'number':
      parts.push(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'string':
    case 'boolean':
      parts.push(JSON.stringify(value));
      return true;
    case 'object':
      if (value === null) parts.push('null');
      else if (Array.isArray(value)) writeArray(value, pad, parts, indent);
      else writeObject(value as Record<string, unknown>, pad, parts, indent);
      return true;
    default:
      return false; // undefined, functions, symbols: left out (null in an array)
  }
}

function writeArray(a: readonly unknown[], pad: string, parts: string[], indent: number): void {
  if (a.length === 0) {
    parts.push('[]');
    return;
  }
  if (a.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    parts.push(`[${a.join(indent > 0 ? ', ' : ',')}]`);
    return;
  }
  const inner = indent > 0 ? `${pad}${' '.repeat(indent)}` : '';
  const open = indent > 0 ? `[\n${inner}` : '[';
  const sep = indent > 0 ? `,\n${inner}` : ',';
  parts.push(open);
  for (let i = 0; i < a.length; i++) {
    if (i > 0) parts.push(sep);
    if (!write(a[i], String(i), inner, parts, indent)) parts.push('null');
  }
  parts.push(indent > 0 ? `\n${pad}]` : ']');
}

function writeObject(o: Record<string, unknown>, pad: string, parts: string[], indent: number): void {
  const inner = indent > 0 ? `${pad}${' '.repeat(indent)}` : '';
  const colon = indent > 0 ? ': ' : ':';
  const start = parts.length;
  let first = true;
  for (const k of Object.keys(o)) {
    const at = parts.length;
    parts.push(first ? (indent > 0 ? `{\n${inner}` : '{') : indent > 0 ? `,\n${inner}` : ',', `${JSON.stringify(k)}${colon}`);
    if (write(o[k], k, inner, parts, indent)) first = false;
    else parts.length = at;
  }
  if (parts.length === start) parts.push('{}');
  else parts.push(indent > 0 ? `\n${pad}}` : '}');
}

/** Writes a block's values `[shape]` from `at` as nested arrays, the innermost on one line; false at a non-finite value. */
function writeBlock(data: ArrayLike<number>, shape: readonly number[], at: number, pad: string, indent: number): boolean {
  if (shape.length <= 1) return writeRow(data, at, shape[0] ?? 1, indent);
  const rows = shape[0];
  if (rows === 0) {
    writeAscii('[]');
    return true;
  }
  const rest = shape.slice(1);
  const size = rest.reduce((p, q) => p * q, 1);
  const inner = indent > 0 ? `${pad}${' '.repeat(indent)}` : '';
  const open = indent > 0 ? `[\n${inner}` : '[';
  const sep = indent > 0 ? `,\n${inner}` : ',';
  for (let i = 0; i < rows; i++) {
    writeAscii(i > 0 ? sep : open);
    if (!writeBlock(data, rest, at + i * size, inner, indent)) return false;
  }
  writeAscii(indent > 0 ? `\n${pad}]` : ']');
  return true;
}

function writeRow(data: ArrayLike<number>, at: number, n: number, indent: number): boolean {
  room(n * 24 + 2); // 22 bytes a number at most, and ', '
  const out = bytes;
  let k = end;
  out[k++] = 91; // '['
  for (let j = 0; j < n; j++) {
    const v = Math.fround(data[at + j]);
    if (v - v !== 0) return false; // NaN or ±Infinity
    if (j > 0) {
      out[k++] = 44; // ','
      if (indent > 0) out[k++] = 32;
    }
    k = writeFloat32Text(out, k, v);
  }
  out[k++] = 93; // ']'
  end = k;
  return true;
}

function writeAscii(text: string): void {
  room(text.length);
  for (let i = 0; i < text.length; i++) bytes[end++] = text.charCodeAt(i);
}

function room(more: number): void {
  if (end + more <= bytes.length) return;
  const grown = new Uint8Array(Math.max(2 * bytes.length, end + more));
  grown.set(bytes.subarray(0, end));
  bytes = grown;
}

/** The shortest decimals of values `[shape]` from `at`, as nested arrays (non-finite values kept). */
function nestedValues(data: ArrayLike<number>, shape: readonly number[], at: number): unknown[] {
  if (shape.length <= 1) {
    return Array.from({ length: shape[0] ?? 1 }, (_, j) => shortestFloat32(data[at + j]));
  }
  const size = shape.slice(1).reduce((p, q) => p * q, 1);
  return Array.from({ length: shape[0] }, (_, i) => nestedValues(data, shape.slice(1), at + i * size));
}

/**
 * JSON text the way model files and checkpoints are written, built in one pass: float32 tensors
 * written from their bytes, rows of numbers on one line (Note [model text]).
 */
import { shortestFloat32, writeFloat32Row } from './float32.js';

// Note [model text]: a model file was JSON.stringify(file, null, 2) and then a regular expression
// that put each array of numbers back on one line; with every weight first turned into its
// shortest decimal as a number and then formatted again, W1's 235,146 weights took over a second
// to write (bench/notes.md, Note [model text]). Here the text is built once, as UTF-8 bytes in one
// buffer made a string at the end: a tensor is given as a Float32Block and its rows written from
// the float32 values' bits (writeFloat32Row), and the rest follows JSON.stringify's rules (toJSON,
// undefined and functions left out of objects and null in arrays, non-finite numbers null, the
// same indentation), so the text is the one the old way gave, except that a string that merely looked like an array of numbers ("[ 1, 2 ]") is now
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

/**
 * The bytes of the text being written, and where they end: kept from one call to the next (a
 * checkpoint a epoch is the same size each time) unless larger than KEEP.
 */
let bytes = new Uint8Array(1 << 16);
let end = 0;
const KEEP = 64 << 20;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

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
  // a toJSON that writes JSON text itself gets a buffer of its own, and ours is kept as it was
  const outer = writing ? { bytes, end } : null;
  if (outer) bytes = new Uint8Array(1 << 16);
  writing = true;
  end = 0;
  try {
    write(value, '', '', indent);
    // the whole text as UTF-8 bytes, made a string once
    const text = utf8.decode(bytes.subarray(0, end));
    if (bytes.length > KEEP) bytes = new Uint8Array(1 << 16);
    return text;
  } finally {
    if (outer) ({ bytes, end } = outer);
    else writing = false;
  }
}

/** Whether a jsonText call is under way (Note [model text]'s buffer is in use). */
let writing = false;

function write(value: unknown, key: string, pad: string, indent: number): boolean {
  if (value instanceof Float32Block) {
    const start = end;
    // a NaN or an infinity is written null, and its row laid out as JSON.stringify would lay it out
    if (!writeBlock(float32Bits(value.data), value.shape, 0, pad, indent)) {
      end = start;
      writeArray(value.toJSON(), pad, indent);
    }
    return true;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'number':
      writeText(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'string':
    case 'boolean':
      writeText(JSON.stringify(value));
      return true;
    case 'object':
      if (value === null) writeText('null');
      else if (Array.isArray(value)) writeArray(value, pad, indent);
      else writeObject(value as Record<string, unknown>, pad, indent);
      return true;
    default:
      return false; // undefined, functions, symbols: left out (null in an array)
  }
}

function writeArray(a: readonly unknown[], pad: string, indent: number): void {
  if (a.length === 0) {
    writeText('[]');
    return;
  }
  if (a.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    writeText(`[${a.join(indent > 0 ? ', ' : ',')}]`);
    return;
  }
  const inner = indent > 0 ? `${pad}${' '.repeat(indent)}` : '';
  const sep = indent > 0 ? `,\n${inner}` : ',';
  writeText(indent > 0 ? `[\n${inner}` : '[');
  for (let i = 0; i < a.length; i++) {
    if (i > 0) writeText(sep);
    if (!write(a[i], String(i), inner, indent)) writeText('null');
  }
  writeText(indent > 0 ? `\n${pad}]` : ']');
}

function writeObject(o: Record<string, unknown>, pad: string, indent: number): void {
  const inner = indent > 0 ? `${pad}${' '.repeat(indent)}` : '';
  const colon = indent > 0 ? ': ' : ':';
  const start = end;
  let first = true;
  for (const k of Object.keys(o)) {
    const at = end;
    writeText(first ? (indent > 0 ? `{\n${inner}` : '{') : indent > 0 ? `,\n${inner}` : ',');
    writeText(`${JSON.stringify(k)}${colon}`);
    if (write(o[k], k, inner, indent)) first = false;
    else end = at;
  }
  writeText(end === start ? '{}' : indent > 0 ? `\n${pad}}` : '}');
}

/** Writes a block's values `[shape]` from `at` as nested arrays, the innermost on one line; false at a non-finite value. */
function writeBlock(data: Uint32Array, shape: readonly number[], at: number, pad: string, indent: number): boolean {
  if (shape.length <= 1) return writeRow(data, at, shape[0] ?? 1, indent);
  const rows = shape[0];
  if (rows === 0) {
    writeText('[]');
    return true;
  }
  const rest = shape.slice(1);
  const size = rest.reduce((p, q) => p * q, 1);
  const inner = indent > 0 ? `${pad}${' '.repeat(indent)}` : '';
  const open = indent > 0 ? `[\n${inner}` : '[';
  const sep = indent > 0 ? `,\n${inner}` : ',';
  for (let i = 0; i < rows; i++) {
    writeText(i > 0 ? sep : open);
    if (!writeBlock(data, rest, at + i * size, inner, indent)) return false;
  }
  writeText(indent > 0 ? `\n${pad}]` : ']');
  return true;
}

function writeRow(values: Uint32Array, at: number, n: number, indent: number): boolean {
  room(n * 24 + 2); // 22 bytes a number at most, ', ', and the bytes past the end (Note [bytes past the end])
  bytes[end] = 91; // '['
  const k = writeFloat32Row(bytes, end + 1, values, at, at + n, indent > 0);
  if (k < 0) return false; // NaN or ±Infinity
  bytes[k] = 93; // ']'
  end = k + 1;
  return true;
}

/** The bits of the values as float32s: a view of a Float32Array's, else of a rounded copy. */
function float32Bits(data: ArrayLike<number>): Uint32Array {
  const f = data instanceof Float32Array ? data : new Float32Array(data);
  return new Uint32Array(f.buffer, f.byteOffset, f.length);
}

/** Appends a string's UTF-8 bytes. */
function writeText(text: string): void {
  room(3 * text.length);
  let k = end;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      end = k + encoder.encodeInto(text.slice(i), bytes.subarray(k)).written;
      return;
    }
    bytes[k++] = c;
  }
  end = k;
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

/**
 * Building an ONNX graph as plain objects shaped like the schema's messages (onnx-schema.ts):
 * nodes and initializers, each value named once, and the attribute forms the exporters use.
 */
import { ATTRIBUTE_TYPE, DATA_TYPE } from './onnx-schema.js';

/** An `AttributeProto`: a float, an int or a list of ints. */
export type Attribute = { name: string; type: number; f?: number; i?: number; ints?: number[] };
/** A `NodeProto`. */
export interface NodeObject { name: string; op_type: string; input: string[]; output: string[]; attribute: Attribute[] }
/** A `TensorProto` initializer. */
export interface TensorObject { name: string; data_type: number; dims: number[]; float_data?: number[]; double_data?: number[]; int64_data?: number[]; raw_data?: Uint8Array }

/** A graph under construction: nodes and initializers, each value named once. */
export class GraphBuilder {
  readonly node: NodeObject[] = [];
  readonly initializer: TensorObject[] = [];

  /** Adds an initializer (float32, float64 or int64 values) and returns its name. */
  constant(name: string, dims: number[], values: ArrayLike<number>, type: 'float' | 'double' | 'int64'): string {
    if (type === 'float') this.initializer.push({ name, data_type: DATA_TYPE.FLOAT, dims, float_data: Array.from(values) });
    else if (type === 'int64') this.initializer.push({ name, data_type: DATA_TYPE.INT64, dims, int64_data: Array.from(values) });
    else this.initializer.push({ name, data_type: DATA_TYPE.DOUBLE, dims, raw_data: doubleBytes(values) });
    return name;
  }

  /** Adds a node writing `output` and returns its name. */
  add(op: string, input: string[], output: string, attribute: Attribute[] = []): string {
    this.node.push({ name: output, op_type: op, input, output: [output], attribute });
    return output;
  }
}

/** float64 values as little-endian bytes: the schema subset has no `double_data` field, `raw_data` carries them. */
function doubleBytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

/** A float attribute. */
export const float = (name: string, f: number): Attribute => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f });
/** An int attribute. */
export const int = (name: string, i: number): Attribute => ({ name, type: ATTRIBUTE_TYPE.INT, i });
/** A list-of-ints attribute (kernel_shape, strides, pads, perm). */
export const ints = (name: string, values: readonly number[]): Attribute => ({ name, type: ATTRIBUTE_TYPE.INTS, ints: [...values] });

/**
 * Installs the chained methods (`x.add(y).relu()`) onto Tensor from this one file, so the tensor
 * module never imports the ops and the import graph stays one-way.
 */
import type { Shape } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as ops from './index.js';

declare module '../tensor/tensor.js' {
  interface Tensor {
    /** {@link ops.add} */ add(b: ops.TensorLike): Tensor;
    /** {@link ops.sub} */ sub(b: ops.TensorLike): Tensor;
    /** {@link ops.mul} */ mul(b: ops.TensorLike): Tensor;
    /** {@link ops.div} */ div(b: ops.TensorLike): Tensor;
    /** {@link ops.pow} */ pow(b: ops.TensorLike): Tensor;
    /** {@link ops.neg} */ neg(): Tensor;
    /** {@link ops.exp} */ exp(): Tensor;
    /** {@link ops.log} */ log(): Tensor;
    /** {@link ops.sqrt} */ sqrt(): Tensor;
    /** {@link ops.abs} */ abs(): Tensor;
    /** {@link ops.square} */ square(): Tensor;
    /** {@link ops.sigmoid} */ sigmoid(): Tensor;
    /** {@link ops.tanh} */ tanh(): Tensor;
    /** {@link ops.relu} */ relu(): Tensor;
    /** {@link ops.softmax} */ softmax(): Tensor;
    /** {@link ops.matmul} */ matmul(b: Tensor, options?: ops.MatmulOptions): Tensor;
    /** {@link ops.sum} */ sum(axis?: number, keepDims?: boolean): Tensor;
    /** {@link ops.mean} */ mean(axis?: number, keepDims?: boolean): Tensor;
    /** {@link ops.max} */ max(axis?: number, keepDims?: boolean): Tensor;
    /** {@link ops.reshape} */ reshape(shape: Shape): Tensor;
  }
}

const p = Tensor.prototype;
p.add = function (b) { return ops.add(this, b); };
p.sub = function (b) { return ops.sub(this, b); };
p.mul = function (b) { return ops.mul(this, b); };
p.div = function (b) { return ops.div(this, b); };
p.pow = function (b) { return ops.pow(this, b); };
p.neg = function () { return ops.neg(this); };
p.exp = function () { return ops.exp(this); };
p.log = function () { return ops.log(this); };
p.sqrt = function () { return ops.sqrt(this); };
p.abs = function () { return ops.abs(this); };
p.square = function () { return ops.square(this); };
p.sigmoid = function () { return ops.sigmoid(this); };
p.tanh = function () { return ops.tanh(this); };
p.relu = function () { return ops.relu(this); };
p.softmax = function () { return ops.softmax(this); };
p.matmul = function (b, options) { return ops.matmul(this, b, options); };
p.sum = function (axis, keepDims) { return ops.sum(this, axis, keepDims); };
p.mean = function (axis, keepDims) { return ops.mean(this, axis, keepDims); };
p.max = function (axis, keepDims) { return ops.max(this, axis, keepDims); };
p.reshape = function (shape) { return ops.reshape(this, shape); };

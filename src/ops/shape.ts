import { ArgumentError } from '../core/errors.js';
import { type Shape, shapeString, sizeOf } from '../core/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

/** The same values under another shape with as many elements; shares x's storage. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  if (sizeOf(shape) !== x.size) {
    throw new ArgumentError(`reshape: cannot view ${shapeString(x.shape)} (${x.size} values) as ${shapeString(shape)}`, {
      where: 'reshape', expected: `${x.size} values`, received: `${sizeOf(shape)}`,
    });
  }
  return record('reshape', [x], new Tensor(x.data, shape));
}

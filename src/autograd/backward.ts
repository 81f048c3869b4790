import type { Data } from '../backend/kernels.js';
import { kernels } from '../backend/registry.js';
import { ArgumentError, NeuriteError } from '../core/errors.js';
import { shapeString } from '../core/shape.js';
import { setGradEnabled } from '../tensor/grad-mode.js';
import { allocateOutput, allocatePersistent } from '../tensor/memory.js';
import type { Tensor } from '../tensor/tensor.js';
import { GRADIENTS } from './gradients.js';

/** The tensors that `root` depends on through recorded nodes, inputs before the tensors they make. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [t, expanded] = stack.pop() as [Tensor, boolean];
    if (expanded) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const x of t.node?.inputs ?? []) if (x.requiresGrad && !seen.has(x)) stack.push([x, false]);
  }
  return order;
}

function accumulate(t: Tensor, g: Data): void {
  const k = kernels();
  if (t.grad !== null) {
    k.axpy(t.grad, 1, g);
  } else if (t.node === null) {
    // a leaf's gradient outlives the step (the optimizer reads it)
    t.grad = k.axpy(allocatePersistent(t.size, t.dtype), 1, g);
  } else {
    // an intermediate's is scratch, and its first gradient is the only one most get: copied into
    // an unzeroed buffer, one pass instead of zeroing and adding (0 + g would only turn −0 into +0)
    t.grad = k.copy(allocateOutput(t.size, t.dtype), g);
  }
}

/**
 * Backpropagation: fills `.grad` of every tensor that `loss` depends on and that requires a
 * gradient, by reverse-mode differentiation through the recorded graph. Leaf gradients
 * accumulate across calls (as in PyTorch); clear them with an optimizer's `zeroGrad()`.
 *
 * @param loss a one-element tensor (`[]` or `[1]`).
 * @example
 * ```ts
 * const x = tensor(3, [], 'float64').variable();
 * backward(x.mul(x)); // x.grad[0] === 6
 * ```
 */
export function backward(loss: Tensor): void {
  if (loss.size !== 1) {
    throw new ArgumentError(`backward: expected a scalar loss, got shape ${shapeString(loss.shape)}`, {
      where: 'backward', expected: 'one value', received: shapeString(loss.shape),
    });
  }
  if (!loss.requiresGrad) {
    throw new NeuriteError('backward: the loss does not depend on any tensor that requires a gradient (mark inputs with .variable())', {
      where: 'backward', expected: 'a loss computed from variables', received: 'a constant',
    });
  }
  const order = topologicalOrder(loss);
  for (const t of order) if (t.node !== null) t.grad = null;
  accumulate(loss, new Float64Array([1]));
  const previous = setGradEnabled(false);
  try {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      if (t.node === null || t.grad === null) continue;
      const rule = GRADIENTS[t.node.op];
      if (rule === undefined) throw new NeuriteError(`backward: no derivative rule for op ${t.node.op}`, { where: t.node.op });
      const grads = rule(t.node, t, t.grad);
      t.node.inputs.forEach((x, j) => {
        const g = grads[j];
        if (x.requiresGrad && g) accumulate(x, g);
      });
    }
  } finally {
    setGradEnabled(previous);
  }
}

/**
 * Runs `fn` without recording the graph: for inference, where no gradient is needed.
 *
 * @example
 * ```ts
 * const y = noGrad(() => model.forward(x));
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  const previous = setGradEnabled(false);
  try {
    return fn();
  } finally {
    setGradEnabled(previous);
  }
}

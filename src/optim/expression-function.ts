/**
 * Turns a parsed expression into a function of tensors, so the library's automatic
 * differentiation gives its gradient.
 */
import { abs, cos, exp, log, sin, sqrt, tanh } from '../ops/unary.js';
import { tensor, type Tensor } from '../tensor/tensor.js';
import type { Expr, FunctionName } from './expression.js';

type Value = Tensor | number;

const TENSOR_FNS: Record<FunctionName, (x: Tensor) => Tensor> = { exp, log, sin, cos, tanh, sqrt, abs };
const NUMBER_FNS: Record<FunctionName, (x: number) => number> = {
  exp: Math.exp, log: Math.log, sin: Math.sin, cos: Math.cos, tanh: Math.tanh, sqrt: Math.sqrt, abs: Math.abs,
};

function binary(op: '+' | '-' | '*' | '/' | '^', a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a ** b;
  }
  // a number on the left becomes a float64 scalar so the op keeps the variables' precision
  const x = typeof a === 'number' ? tensor(a, [], 'float64') : a;
  return op === '+' ? x.add(b) : op === '-' ? x.sub(b) : op === '*' ? x.mul(b) : op === '/' ? x.div(b) : x.pow(b);
}

function evaluate(e: Expr, vars: Readonly<Record<string, Tensor>>): Value {
  switch (e.kind) {
    case 'number': return e.value;
    case 'variable': return vars[e.name];
    case 'negate': {
      const v = evaluate(e.arg, vars);
      return typeof v === 'number' ? -v : v.neg();
    }
    case 'call': {
      const v = evaluate(e.arg, vars);
      return typeof v === 'number' ? NUMBER_FNS[e.fn](v) : TENSOR_FNS[e.fn](v);
    }
    case 'binary': return binary(e.op, evaluate(e.left, vars), evaluate(e.right, vars));
  }
}

/**
 * The function of named scalar tensors an expression computes, for `minimize`.
 *
 * @example
 * ```ts
 * const f = toFunction(parseExpression('x^2 - x + 1'));
 * minimize(f, { x: 9 }, { lr: 0.1, steps: 2 }).path[1].point; // { x: 7.3 }
 * ```
 */
export function toFunction(e: Expr): (vars: Readonly<Record<string, Tensor>>) => Tensor {
  return (vars) => {
    const v = evaluate(e, vars);
    return typeof v === 'number' ? tensor(v, [], 'float64') : v;
  };
}

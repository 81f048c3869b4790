/**
 * Turns a parsed expression into a function of tensors, so the library's automatic
 * differentiation gives its gradient.
 */
import { ArgumentError } from '../core/errors.js';
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

function variable(vars: Readonly<Record<string, Tensor>>, name: string): Tensor {
  // own properties only: a variable named constructor or __proto__ is a variable like any other
  if (!Object.hasOwn(vars, name)) throw new ArgumentError(`toFunction: the expression uses ${name}, which is not among the variables given`, { expected: name, received: Object.keys(vars).join(', ') });
  return vars[name];
}

function apply(e: Expr & { kind: 'negate' | 'call' }, v: Value): Value {
  if (e.kind === 'negate') return typeof v === 'number' ? -v : v.neg();
  return typeof v === 'number' ? NUMBER_FNS[e.fn](v) : TENSOR_FNS[e.fn](v);
}

/** Evaluates children before parents with a stack of its own (Note [parsing without recursion]). */
function evaluate(root: Expr, vars: Readonly<Record<string, Tensor>>): Value {
  const todo: [Expr, boolean][] = [[root, false]];
  const values: Value[] = [];
  while (todo.length > 0) {
    const [e, ready] = todo.pop() as [Expr, boolean];
    if (e.kind === 'number') values.push(e.value);
    else if (e.kind === 'variable') values.push(variable(vars, e.name));
    else if (!ready) {
      todo.push([e, true]);
      if (e.kind === 'binary') todo.push([e.right, false], [e.left, false]);
      else todo.push([e.arg, false]);
    } else if (e.kind === 'binary') {
      const right = values.pop() as Value;
      values.push(binary(e.op, values.pop() as Value, right));
    } else values.push(apply(e, values.pop() as Value));
  }
  return values[0];
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

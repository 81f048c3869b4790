// A kernel set replaces the reference without touching layers, autodiff or the training loop:
// a backend registered under another name receives every kernel call of a training run.
import { afterEach, describe, expect, it } from 'vitest';
import { fit, jsBackend, type Kernels, Network, registerBackend, setBackend } from '../src/index.js';

describe('swapping the kernel set', () => {
  afterEach(() => setBackend('js'));

  it('training runs entirely on the selected backend and gives the same result', () => {
    const calls = new Map<string, number>();
    const counting = Object.fromEntries(
      Object.entries(jsBackend.kernels).map(([name, fn]) => [name, (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (fn as (...a: unknown[]) => unknown)(...args);
      }]),
    ) as unknown as Kernels;
    registerBackend({ name: 'counting', kernels: counting });
    // a plain dense stack takes the training loop's fast path; dropout takes the autograd path
    const train = (dropout: boolean) => {
      const hidden = dropout ? [{ units: 4, activation: 'tanh' as const }, { type: 'dropout' as const, rate: 0.2 }] : [{ units: 4, activation: 'tanh' as const }];
      const net = new Network({ inputs: 2, layers: [...hidden, { units: 2, activation: 'softmax' }], seed: 1 });
      fit(net, [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { epochs: 5, batchSize: 2, optimizer: 'adam', seed: 1 });
      return net.parameters().flatMap((p) => Array.from(p.tensor.data));
    };
    for (const dropout of [false, true]) {
      setBackend('js');
      const reference = train(dropout);
      calls.clear();
      setBackend('counting');
      expect(train(dropout)).toEqual(reference);
      // the fast path runs a layer's bias and activation as one kernel each way, autograd as its ops
      const layer = dropout ? ['unary', 'unaryBackward'] : ['biasActivation', 'biasActivationBackward'];
      for (const k of ['matmul', 'binary', ...layer, 'softmaxCrossEntropy', 'reduce', 'update', 'allFinite', 'gatherRows']) {
        expect(calls.get(k) ?? 0, `${k}, dropout ${dropout}`).toBeGreaterThan(0);
      }
    }
  });

  it('a kernel set without every kernel is refused at registration, naming what it lacks', () => {
    const { gatherRows: _gather, softmax: _softmax, ...rest } = jsBackend.kernels;
    expect(() => registerBackend({ name: 'partial', kernels: rest as unknown as Kernels })).toThrow(
      /registerBackend: backend "partial" lacks the kernels gatherRows, softmax \(spread jsBackend\.kernels/,
    );
    expect(() => setBackend('partial')).toThrow(/unknown backend "partial"/);
  });

  it('an unknown backend name is an error listing the known ones', () => {
    expect(() => setBackend('gpu')).toThrow(/unknown backend "gpu" \(expected one of js/);
  });
});

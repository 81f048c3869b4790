// Network.predictFlat runs the kernels directly (Note [prediction through the kernels] in
// src/nn/network.ts); its outputs must be the general forward pass's, bit for bit, on every backend.
import { afterAll, describe, expect, it } from 'vitest';
import { getBackend, Network, setBackend, type Activation } from '../src/index.js';
import { initBackend } from '../src/backend/init.js';
import { noGrad } from '../src/autograd/backward.js';
import { Tensor } from '../src/tensor/tensor.js';

function viaForward(net: Network, x: Float32Array, rows: number): number[] {
  return noGrad(() => Array.from(net.forward(new Tensor(x, [rows, net.inputs])).y.data));
}

const before = getBackend().name;
afterAll(() => setBackend(before));

describe.each([['js', 1], ['wasm-simd', 1], ['wasm-simd', 2]] as const)('%s ×%i', (backend, threads) => {
  const stacks: [Activation, Activation][] = [['relu', 'softmax'], ['tanh', 'sigmoid'], ['leaky-relu', 'linear'], ['elu', 'softplus'], ['sigmoid', 'tanh']];
  it.each(stacks)('%s hidden, %s output: predictFlat equals forward bit for bit', async (hidden, out) => {
    if (backend === 'js') setBackend('js');
    else expect(await initBackend({ backend, threads })).toBe(backend);
    // wide enough that the products are split across threads; a dropout layer is the identity here
    const net = new Network({ inputs: 97, seed: 7, layers: [{ units: 300, activation: hidden }, { type: 'dropout', rate: 0.5 }, { units: 64, activation: hidden }, { units: 10, activation: out }] });
    const rows = 130;
    const x = new Float32Array(rows * 97).map((_, i) => Math.sin(i * 0.13) * 2);
    const got = Array.from(net.predictFlat(x, rows));
    expect(got).toEqual(viaForward(net, x, rows));
    expect(new Set(got).size).toBeGreaterThan(rows);
    // again on other rows, in buffers that the first prediction left its values in (they are not
    // zeroed first), and 250 rows: 75,000 values in the first layer, split across threads
    for (const [n, seed] of [[rows, 0.29], [250, 0.41]] as const) {
      const x2 = new Float32Array(n * 97).map((_, i) => Math.cos(i * seed) * 2);
      expect(Array.from(net.predictFlat(x2, n)), `${n} rows`).toEqual(viaForward(net, x2, n));
    }
  });
});

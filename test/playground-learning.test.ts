// The playground as a place to see learning (issue 24), in a real headless Chromium: the
// step-through of one example against the library's autograd, gradients on the network, editing
// a weight, reading the output, the controls and the lessons. Skipped without Chromium (see
// playground.test.ts); playground-pages.test.ts has the descent view, CSV files and the layout.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { activate, backward, loadDataset, lossFromLogits, Network, scope, Tensor } from '../src/index.js';
import { prepare } from '../playground/src/data.js';
import { LESSONS } from '../playground/src/lessons.js';
import type { Trace } from '../playground/src/protocol.js';
import { fromHash } from '../playground/src/settings.js';
import { findChromium, open, SHOTS as shots, usePlayground } from './playground/browser.js';
import { difference, metrics, pixels, waitForMetrics } from './playground/page.js';

const chromiumPath = findChromium();

interface Hooks {
  trace(): Trace | null;
  weights(): { weights: number[]; bias: number[] }[] | null;
  layout(): { layer: number; unit: number; x: number; y: number; size: number }[][];
  drawn(): number;
}
const hooks = (page: Page) => <T>(fn: (h: Hooks) => T): Promise<T> =>
  page.evaluate(`(${fn.toString()})(window.neuritePlayground)`) as Promise<T>;

/** A number as the page writes it (a real minus sign, e−5 exponents). */
const parse = (s: string): number => Number(s.replace(/−/g, '-'));

describe.skipIf(!chromiumPath)('the playground shows how a network learns', () => {
  const pg = usePlayground(chromiumPath, 'neurite-learning-');

  async function fresh(hash = ''): Promise<{ page: Page; errors: string[] }> {
    const r = await open(pg.browser, `${pg.url}${hash}`);
    await r.page.waitForFunction(() => (document.querySelector('#classes-legend')?.textContent ?? '') !== '' || !document.querySelector('#descent-view')?.hasAttribute('hidden'));
    return r;
  }

  /** Page coordinates of a point of the network canvas. */
  async function onNetwork(page: Page, x: number, y: number): Promise<[number, number]> {
    const box = (await page.locator('#network').boundingBox())!;
    const width = await page.$eval('#network', (c) => (c as HTMLCanvasElement).width);
    return [box.x + (x * box.width) / width, box.y + (y * box.width) / width];
  }

  it('steps one example forward, back and through the update, with the numbers of the library\'s autograd', async () => {
    const hash = '#data=xor&n=40&hidden=3&lr=0.1';
    const { page, errors } = await fresh(hash);
    await page.click('#step-epoch');
    await waitForMetrics(page, (m) => m.epoch === '1', 10_000);
    await page.click('#explain-first');
    await page.waitForFunction(() => !document.querySelector('#step')?.hasAttribute('hidden'));
    const h = hooks(page);
    const t = (await h((p) => p.trace())) as Trace;
    const w = (await h((p) => p.weights()))!;
    // the example is a row of the data, as the library's preprocessing encodes it, and the weights are the network's
    const s = fromHash(hash);
    const prepared = prepare(s, loadDataset('xor', { seed: s.seed, samples: s.samples, noise: s.noise }));
    expect(t.x).toEqual(Array.from(prepared.x.data.subarray(2 * t.row, 2 * t.row + 2)));
    t.layers.forEach((L, i) => expect([L.w, L.b]).toEqual([w[i].weights, w[i].bias]));

    // autograd in Node on the same weights and example
    const net = new Network({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 2, activation: 'softmax' }] });
    net.dense.forEach((d, i) => {
      d.weights.data.set(w[i].weights);
      d.bias.data.set(w[i].bias);
    });
    const ref = scope(() => {
      const z1 = net.dense[0].linear(new Tensor(Float32Array.from(t.x), [1, 2]));
      const a1 = activate('tanh', z1);
      const z2 = net.dense[1].linear(a1);
      const loss = lossFromLogits('cross-entropy', 'softmax', z2, new Tensor(Float32Array.from(t.t), [1, 2]));
      backward(loss);
      const copy = (d: ArrayLike<number> | null) => Array.from(d as ArrayLike<number>);
      return {
        z: [copy(z1.data), copy(z2.data)], a: [copy(a1.data), copy(activate('softmax', z2).data)], delta: [copy(z1.grad), copy(z2.grad)],
        gw: net.dense.map((d) => copy(d.weights.grad)), gb: net.dense.map((d) => copy(d.bias.grad)), loss: loss.item(),
      };
    });
    const near = (a: number[], b: number[], what: string) => a.forEach((v, i) => expect(Math.abs(v - b[i]), `${what}[${i}]`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(b[i]))));
    t.layers.forEach((L, l) => {
      near(L.z, ref.z[l], `z${l}`);
      near(L.a, ref.a[l], `a${l}`);
      near(L.delta!, ref.delta[l], `δ${l}`);
      near(L.gw!, ref.gw[l], `∂L/∂w${l}`);
      near(L.gb!, ref.gb[l], `∂L/∂b${l}`);
      near(L.wAfter, L.w.map((v, i) => Math.fround(v - Math.fround(0.1 * ref.gw[l][i]))), `w after${l}`);
    });
    expect(Math.abs(t.lossValue - ref.loss)).toBeLessThan(1e-6);

    // every stage, by button and by key, with the numbers written out
    const titles: string[] = [];
    for (let i = 0; i < 7; i++) {
      titles.push(await page.textContent('#step-title') as string);
      const stage = await page.getAttribute('#step', 'data-stage');
      if (stage === 'forward' || stage === 'backward' || stage === 'update') await page.screenshot({ path: join(shots, `step-${i}-${stage}.png`) });
      if (i === 1) {
        // layer 1, neuron 1: z written out, and its value as the library computed it (4 significant digits)
        const line = (await page.textContent('#step-text'))!.split('\n').find((l) => l.startsWith('h1.1: z ='))!;
        expect(parse(line.slice(line.lastIndexOf('= ') + 2))).toBeCloseTo(ref.z[0][0], 3);
      }
      if (i === 5) {
        const line = (await page.textContent('#step-text'))!.split('\n').find((l) => l.startsWith('h1.1: δ ='))!;
        expect(parse(line.slice(line.lastIndexOf('= ') + 2))).toBeCloseTo(ref.delta[0][0], 3);
      }
      if (i === 6) break;
      if (i % 2 === 0) await page.click('#step-next');
      else await page.keyboard.press('n');
    }
    expect(titles).toEqual(['The example', 'Forward: layer 1 of 2', 'Forward: layer 2 of 2 (the output)', 'The loss for this example',
      'Backward: layer 2 of 2 (the output)', 'Backward: layer 1 of 2', 'The update']);
    await page.keyboard.press('p');
    expect(await page.textContent('#step-title')).toBe('Backward: layer 1 of 2');
    await page.keyboard.press('n');
    // applying the update: the network takes the new weights, and this example's loss falls
    await page.click('#step-apply');
    await page.waitForFunction(() => (document.querySelector('#step-note')?.textContent ?? '').includes('went from'));
    const after = (await h((p) => p.weights()))!;
    t.layers.forEach((L, i) => expect(after[i].weights).toEqual(L.wAfter));
    const [, before, now] = /from (\S+) to (\S+)\./.exec((await page.textContent('#step-note'))!)!;
    expect(parse(now)).toBeLessThan(parse(before));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hovering a connection shows its weight, last gradient and last change; clicking it edits the weight', async () => {
    const { page, errors } = await fresh('#data=xor&n=40&hidden=3');
    const h = hooks(page);
    const w0 = (await h((p) => p.weights()))!;
    await page.click('#step-batch');
    await waitForMetrics(page, (m) => m.steps === '1', 10_000);
    await page.waitForFunction(`window.neuritePlayground.weights()[0].weights[0] !== ${w0[0].weights[0]}`);
    const w1 = (await h((p) => p.weights()))!;
    const at = await h((p) => p.layout());
    const [a, b] = [at[0][0], at[1][0]];
    // a quarter of the way along the connection x → h1.1
    const [ax, bx] = [a.x + a.size / 2, b.x - b.size / 2];
    const [px, py] = await onNetwork(page, ax + (bx - ax) / 4, a.y + (b.y - a.y) / 4);
    await page.mouse.move(px, py);
    const tip = (await page.textContent('#tooltip'))!;
    const m = /^weight x → h1\.1\nw = (\S+)\nlast gradient ∂L\/∂w = (\S+)\nlast change Δw = (\S+)/.exec(tip);
    expect(m, tip).not.toBeNull();
    expect(parse(m![1])).toBeCloseTo(w1[0].weights[0], 3);
    expect(parse(m![3])).toBeCloseTo(w1[0].weights[0] - w0[0].weights[0], 4);
    expect(Number.isFinite(parse(m![2]))).toBe(true);
    await page.screenshot({ path: join(shots, 'hover-weight.png') });
    // colour by gradient: the same network drawn differently
    const byWeight = await pixels(page, 'network');
    await page.selectOption('#color-by', 'gradient');
    await page.waitForTimeout(200);
    expect(await difference(page, byWeight, await pixels(page, 'network'))).toBeGreaterThan(0.005);
    await page.screenshot({ path: join(shots, 'colour-by-gradient.png') });
    // the bias of h1.1: its small square
    const s = Math.max(5, b.size / 3);
    await page.mouse.move(...(await onNetwork(page, b.x - b.size / 2 - s * 0.6 + s / 2, b.y + b.size / 2 - s * 0.4 + s / 2)));
    expect(await page.textContent('#tooltip')).toMatch(/^bias of h1\.1\nb = /);
    // edit the weight: the output changes
    const regions = await pixels(page, 'regions');
    await page.mouse.click(px, py);
    await page.waitForSelector('#param-editor:not([hidden])');
    await page.fill('#param-value', '6');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { neuritePlayground: Hooks }).neuritePlayground.weights()?.[0].weights[0] === 6);
    await page.waitForTimeout(200);
    expect(await difference(page, regions, await pixels(page, 'regions'))).toBeGreaterThan(0.01);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reading the output: class probabilities, a regression in the target\'s units, ME beside MSE and MAE', async () => {
    const { page, errors } = await fresh('#data=moons');
    const box = (await page.locator('#regions').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.45);
    const tip = (await page.textContent('#tooltip'))!;
    const probs = [...tip.matchAll(/P\(label = (\d)\) = ([\d.]+) %/g)].map((x) => Number(x[2]));
    expect(probs.length).toBe(2);
    expect(probs[0] + probs[1]).toBeCloseTo(100, 0);
    await page.screenshot({ path: join(shots, 'hover-output.png') });
    await page.selectOption('#source', 'salary');
    await page.waitForFunction(() => document.querySelector('#classes-legend')?.textContent?.includes('colour: salary'));
    for (let i = 0; i < 3; i++) await page.click('#step-epoch');
    await waitForMetrics(page, (x) => x.epoch === '3', 20_000);
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const salary = /predicted salary ≈ ([\d,]+)/.exec((await page.textContent('#tooltip'))!);
    expect(Number(salary![1].replace(/,/g, ''))).toBeGreaterThan(20_000);
    expect(Number((await page.textContent('#m-val-metric'))!.replace(/,/g, ''))).toBeGreaterThan(500); // MAE in salary units
    expect(await page.isVisible('#costs')).toBe(true);
    const [me, mae] = [parse((await page.textContent('#cost-me'))!.replace(/,/g, '')), parse((await page.textContent('#cost-mae'))!.replace(/,/g, ''))];
    expect(Math.abs(me)).toBeLessThanOrEqual(mae);
    expect(await page.textContent('#classes-legend')).toMatch(/\d{2},\d{3}/); // a numeric colour scale in salary units
    await page.screenshot({ path: join(shots, 'regression-output.png'), fullPage: true });
    expect(await page.textContent('#backend')).toMatch(/^(wasm|js)/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('controls that teach: x² and y² make circles separable without a hidden layer; step is a perceptron; a new rate continues', async () => {
    const { page, errors } = await fresh('#data=circles&feat=x2,y2&hidden=none&lr=0.1');
    expect((await hooks(page)((p) => p.weights()))![0].weights.length).toBe(4 * 2);
    await page.click('#play');
    const m = await waitForMetrics(page, (x) => Number(x.valAccuracy) >= 0.95, 30_000);
    await page.click('#play');
    expect(Number(m.valAccuracy)).toBeGreaterThanOrEqual(0.95);
    await page.screenshot({ path: join(shots, 'features.png') });
    // a new learning rate keeps the network and its steps
    const before = Number((await metrics(page)).steps);
    await page.selectOption('#lr', '0.01');
    await page.click('#step-batch');
    await waitForMetrics(page, (x) => Number(x.steps) === before + 1, 10_000);
    // the step activation: one layer of perceptrons, trained by the perceptron rule
    await page.selectOption('#activation', 'step');
    // one step unit for two classes, on the four inputs
    await page.waitForFunction(() => (window as unknown as { neuritePlayground: Hooks }).neuritePlayground.weights()?.map((l) => l.weights.length).join() === '4');
    await page.click('#step-epoch');
    await waitForMetrics(page, (x) => x.epoch === '1', 10_000);
    await page.click('#explain-first');
    await page.waitForFunction(() => !document.querySelector('#step')?.hasAttribute('hidden'));
    const titles = [];
    for (let i = 0; i < 4; i++) {
      titles.push(await page.textContent('#step-title'));
      if (i < 3) await page.click('#step-next');
    }
    expect(titles).toEqual(['The example', 'Forward: layer 1 of 1 (the output)', 'The error', 'The update']);
    expect(await page.textContent('#step-text')).toContain('w ← w + η·(t − y)·x');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('each lesson loads and says what to look for; a rate too high says when the loss explodes', async () => {
    const { page, errors } = await fresh();
    for (const [id, lesson] of Object.entries(LESSONS)) {
      await page.selectOption('#lesson', id);
      await page.waitForFunction((t) => document.querySelector('#lesson-title')?.textContent === t, lesson.title);
      expect(page.url()).toContain(`lesson=${id}`);
      expect(await page.textContent('#lesson-what')).toBe(lesson.text[0]);
      if (lesson.settings.view === 'descent') {
        expect(await page.textContent('#descent-verdict')).toContain('local minimum');
      } else {
        await page.waitForFunction(() => (document.querySelector('#classes-legend')?.textContent ?? '') !== '' && document.querySelector('#metrics')?.getAttribute('data-steps') === '0');
        expect(await page.textContent('#status')).toBe('');
      }
      await page.screenshot({ path: join(shots, `lesson-${id}.png`) });
    }
    await page.selectOption('#lesson', 'rate');
    await page.waitForFunction(() => (document.querySelector('#classes-legend')?.textContent ?? '').includes('salary'));
    await page.click('#play');
    await page.waitForFunction(() => /exploded|growing/.test(document.querySelector('#status')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('exploded'), undefined, { timeout: 20_000 });
    expect(await page.textContent('#play')).toContain('Play');
    await page.screenshot({ path: join(shots, 'lesson-rate-exploded.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});

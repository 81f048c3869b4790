// The playground's settings and their text form in the URL, and what a change asks of the training.
import { describe, expect, it } from 'vitest';
import { changeOf, DEFAULTS, fromHash, toHash, type Settings } from '../playground/src/settings.js';

describe('playground settings in the URL', () => {
  it('the defaults make an empty hash and come back from it', () => {
    expect(toHash({ ...DEFAULTS, hidden: [...DEFAULTS.hidden] })).toBe('');
    expect(fromHash('')).toEqual(DEFAULTS);
  });

  it('every setting survives the round trip', () => {
    const s: Settings = {
      source: 'csv', samples: 120, noise: 0.3, classes: 4, featureX: 'a b', featureY: 'c&d', target: 'label=1', task: 'regression', features: ['x2', 'sinx'],
      hidden: [3, 1, 32], activation: 'step', loss: 'mse', optimizer: 'rmsprop', lr: 0.003, batch: 0, reg: 'l1', regRate: 0.01,
      dropout: 0.2, validation: 0, seed: 123456, weightSeed: 9, view: 'descent', colorBy: 'gradient', logScale: false, lesson: 'xor',
      preset: 'custom', fn: 'x^2 + 3*y^2 & z', from: 'x=1, y=-2', descentLr: 1.3, descentSteps: 7,
      rlEnv: 'gridworld', rlAlgorithm: 'dqn', rlSeed: 42, somData: 'moons', somGrid: '1x12', somSeed: 7, pictureSet: 'fashion',
    };
    const hash = toHash(s);
    expect(hash).toContain('hidden=3%2C1%2C32');
    expect(fromHash(`#${hash}`)).toEqual(s);
    expect(fromHash('#hidden=none').hidden).toEqual([]);
  });

  it('a bad or out-of-range value takes its default instead of breaking the page', () => {
    const s = fromHash('#data=mnist&n=-5&noise=abc&hidden=4,0,8&act=gelu&opt=lbfgs&lr=0&batch=2.5&val=0.95&seed=-1&view=x&reg=l3&feat=x3&lesson=nope&preset=cube&env=pong&alg=sarsa&rlseed=-3&somdata=iris&grid=9x9&somseed=x&pics=mnist');
    expect(s).toEqual(DEFAULTS);
  });

  it('the rate, optimizer, batch size and regularisation keep the network; the data or its shape make a new one', () => {
    const base = { ...DEFAULTS, hidden: [...DEFAULTS.hidden] };
    for (const retune of [{ lr: 0.1 }, { optimizer: 'sgd' as const }, { batch: 0 }, { reg: 'l2' as const }, { regRate: 0.1 }]) {
      expect(changeOf(base, { ...base, ...retune })).toBe('retune');
    }
    for (const rebuild of [{ hidden: [4] }, { seed: 2 }, { weightSeed: 2 }, { activation: 'relu' as const }, { features: ['x2' as const] }, { source: 'xor' as const }]) {
      expect(changeOf(base, { ...base, ...rebuild })).toBe('rebuild');
    }
    expect(changeOf(base, { ...base, colorBy: 'change', logScale: false, view: 'descent', preset: 'bowl' })).toBe('none');
    expect(changeOf(base, { ...base, view: 'rewards', rlEnv: 'gridworld', rlAlgorithm: 'a2c', rlSeed: 5 })).toBe('none');
    expect(changeOf(base, { ...base, view: 'pictures', pictureSet: 'fashion' })).toBe('none');
  });
});

// The playground's settings and their text form in the URL.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, fromHash, toHash, type Settings } from '../playground/src/settings.js';

describe('playground settings in the URL', () => {
  it('the defaults make an empty hash and come back from it', () => {
    expect(toHash({ ...DEFAULTS, hidden: [...DEFAULTS.hidden] })).toBe('');
    expect(fromHash('')).toEqual(DEFAULTS);
  });

  it('every setting survives the round trip', () => {
    const s: Settings = {
      source: 'csv', samples: 120, noise: 0.3, classes: 4, featureX: 'a b', featureY: 'c&d', target: 'label=1',
      hidden: [3, 1, 32], activation: 'relu', loss: 'mse', optimizer: 'rmsprop', lr: 0.003, batch: 0,
      weightDecay: 0.01, dropout: 0.2, validation: 0, seed: 123456, view: 'descent', preset: 'bowl', descentLr: 1.3, descentSteps: 7,
    };
    const hash = toHash(s);
    expect(hash).toContain('hidden=3%2C1%2C32');
    expect(fromHash(`#${hash}`)).toEqual(s);
    expect(fromHash('#hidden=none').hidden).toEqual([]);
  });

  it('a bad or out-of-range value takes its default instead of breaking the page', () => {
    const s = fromHash('#data=mnist&n=-5&noise=abc&hidden=4,0,8&act=step&opt=lbfgs&lr=0&batch=2.5&val=0.95&seed=-1&view=x');
    expect(s).toEqual(DEFAULTS);
  });
});

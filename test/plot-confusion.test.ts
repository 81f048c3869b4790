// A confusion matrix of many classes is drawn bounded: the 50 classes with the most rows.
import { describe, expect, it } from 'vitest';
import { confusionSvg, MAX_SHOWN_CLASSES, topClasses } from '../src/cli/plot/confusion.js';

describe('confusionSvg of many classes', () => {
  it('keeps the classes with the most rows, in class order', () => {
    expect(topClasses([[5, 0, 0], [0, 1, 0], [1, 0, 9]], 2)).toEqual([0, 2]);
    expect(topClasses([[1, 0], [0, 1]], 1)).toEqual([0]);
  });

  it('draws at most 50 × 50 cells and says which classes it shows', () => {
    const n = 1000;
    // class i has i + 1 rows, all predicted right: the top 50 are the last 50
    const confusion = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? i + 1 : 0)));
    const classes = Array.from({ length: n }, (_, i) => `k${i}`);
    const svg = confusionSvg(confusion, classes, 'big');
    expect(MAX_SHOWN_CLASSES).toBe(50);
    expect(svg.match(/<rect [^>]*stroke="#ffffff"/g)?.length).toBe(50 * 50);
    expect(svg).toContain('the 50 of 1000 classes with the most rows');
    expect(svg).toContain('>k999<');
    expect(svg).not.toContain('>k949<');
    expect(svg.length).toBeLessThan(1_000_000);
  });
});

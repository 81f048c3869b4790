// What the command shows from a user's file: every plot is well-formed XML whatever the labels and
// names hold (checked by a real XML parser, Python's expat), and nothing printed to the terminal
// carries a control character or escape sequence from the file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { confusionSvg } from '../src/cli/plot/confusion.js';
import { trainingCurves } from '../src/cli/plot/line-chart.js';
import { regionsSvg } from '../src/cli/plot/regions.js';
import { esc } from '../src/cli/plot/svg.js';
import { forTerminal } from '../src/cli/terminal.js';

const PYTHON = '/usr/bin/python3';
const hasPython = existsSync(PYTHON);
if (!hasPython) console.warn('SVG well-formedness test SKIPPED: no /usr/bin/python3 (its expat parser checks the XML)');

/** Parses every file with expat; returns the errors by file name. */
function xmlErrors(files: string[]): string[] {
  const script = 'import sys, xml.parsers.expat\nfor f in sys.argv[1:]:\n  p = xml.parsers.expat.ParserCreate()\n  try:\n    p.Parse(open(f, "rb").read(), True)\n  except Exception as e:\n    print(f, e)\n';
  const r = spawnSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

// Text a hostile CSV can put in a label or a column name: controls, lone surrogates, markup.
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '\u0000', '\u001b', '\ud800', '\udfff', '\ufffe', '\uffff', '\u0085', 'a', '😀'), maxLength: 12 }),
);

describe.skipIf(!hasPython)('SVG plots are well-formed XML', () => {
  it('confusion matrix, decision regions and training curves, with random labels and names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-svg-'));
    const files: string[] = [];
    fc.assert(fc.property(fc.array(hostile, { minLength: 2, maxLength: 4 }), hostile, hostile, (classes, name, title) => {
      const n = classes.length;
      const confusion = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 3 : 1)));
      const px = Float64Array.from({ length: 8 }, (_, i) => i);
      const regions = regionsSvg({ xName: name, yName: title, px, py: px.map((v) => -v), labels: px.map((_, i) => i % n), classes,
        classify: (_p, count) => Array.from({ length: count }, (_, i) => i % n), title });
      const curves = trainingCurves([{ epoch: 1, loss: 1, lr: 0.1 }, { epoch: 2, loss: 0.5, lr: 0.1 }], title);
      for (const svg of [confusionSvg(confusion, classes, title), regions, curves]) {
        const file = join(dir, `${files.length}.svg`);
        writeFileSync(file, svg);
        files.push(file);
      }
    }), { seed: 1913, numRuns: 60 });
    expect(xmlErrors(files)).toEqual([]);
  });

  it('the check can fail: text escaped only for markup, not for XML characters, is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-svg-'));
    writeFileSync(join(dir, 'bad.svg'), `<svg><text>${'a\u0000b'.replace(/</g, '&lt;')}</text></svg>`);
    writeFileSync(join(dir, 'good.svg'), `<svg><text>${esc('a\u0000b\ud800<&')}</text></svg>`);
    expect(xmlErrors([join(dir, 'bad.svg'), join(dir, 'good.svg')])).toEqual([expect.stringMatching(/bad\.svg/)]);
  });
});

describe('the terminal sees no control characters from a file', () => {
  it('forTerminal escapes C0 (but tab and newline), DEL, C1, separators and bidi overrides, as JSON would read them', () => {
    expect(forTerminal('a\u001b[2Jb\u0007\u0008\r\t\n\u007f\u009b31m\u2028\u202e\u2066é😀')).toBe('a\\u001b[2Jb\\u0007\\u0008\\u000d\t\n\\u007f\\u009b31m\\u2028\\u202e\\u2066é😀');
    expect(JSON.parse(forTerminal(JSON.stringify({ label: 'x\u009by\u202e' })))).toEqual({ label: 'x\u009by\u202e' });
  });

  it('train, inspect, predict and evaluate on a file with escape sequences in its names and labels print none of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-ansi-'));
    const evil = ['\u001b[2J\u001b[Hcleared', 'bell\u0007', 'csi\u009b31mred', 'rtl\u202eevil'];
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},"${evil[i % 4]}"`);
    writeFileSync(join(dir, 'evil.csv'), `"x\u001b]0;title\u0007",y,"label\u001b[31m"\n${rows.join('\n')}\n`);
    let all = '';
    const io = { out: (s: string) => void (all += s), err: (s: string) => void (all += s), errIsTTY: false };
    const m = join(dir, 'm.json');
    expect(await main(['train', '--data', join(dir, 'evil.csv'), '--epochs', '2', '--seed', '1', '--out', m], io)).toBe(0);
    for (const args of [['inspect', '--model', m], ['predict', '--model', m, '--data', join(dir, 'evil.csv')], ['evaluate', '--model', m, '--data', join(dir, 'evil.csv')],
      ['evaluate', '--model', m, '--data', join(dir, 'evil.csv'), '--json'], ['predict', '--model', m, '--data', join(dir, 'nope.csv')]]) {
      await main(args, io);
    }
    expect(all).toContain('\\u001b[2J');
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    // the model file itself keeps the names as they were
    expect(JSON.parse(readFileSync(m, 'utf8')).classes).toEqual([...evil].sort());
  });
});

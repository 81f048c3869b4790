// Bundle-size budgets (docs/browser.md): what a page that imports Neurite downloads, built by
// esbuild (minified, browser) from the packed tarball, for three uses. The figures are gzip -9.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { installProject, packTarball } from './package-helpers.js';

const XOR = "[[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]";
const SPEC = "{ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 }";
/** Each use: its source, and the budget in gzipped bytes. */
const USES: Record<string, { source: string; budget: number }> = {
  // a model file of dense layers loaded and run, from the entry docs/browser.md recommends for it
  // (only the dense and dropout kinds registered, Note [kinds by entry] in src/nn/layers.ts)
  'predict only (neurite/dense)': { source: `import { parseModel } from 'neurite/dense';\nexport const y = parseModel(document.body.dataset.model).network.predict([[0, 1]]);`, budget: 12_000 },
  // the same from the main entry, which registers every layer kind a file may hold (not an issue budget: a guard)
  'predict only (neurite, every layer kind)': { source: `import { parseModel } from 'neurite';\nexport const y = parseModel(document.body.dataset.model).network.predict([[0, 1]]);`, budget: 16_000 },
  'training, js kernels': { source: `import { fit, Network } from 'neurite';\nconst net = new Network(${SPEC});\nfit(net, ${XOR}, { epochs: 10 });\nexport const y = net.predict([[0, 1]]);`, budget: 25_000 },
  'training, WebAssembly kernels (plus one .wasm)': { source: `import { fit, initBackend, Network } from 'neurite';\nawait initBackend();\nconst net = new Network(${SPEC});\nfit(net, ${XOR}, { epochs: 10 });\nexport const y = net.predict([[0, 1]]);`, budget: 60_000 },
};

describe('bundle sizes from the packed tarball (esbuild --minify, gzip -9)', () => {
  let dir = '';
  beforeAll(() => {
    dir = installProject(packTarball(), { type: 'module' });
  });

  it.each(Object.entries(USES))('%s stays within its budget, with no protobufjs and no Node module', async (_name, { source, budget }) => {
    writeFileSync(join(dir, 'entry.js'), source);
    const r = await build({ entryPoints: [join(dir, 'entry.js')], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, absWorkingDir: dir, logLevel: 'silent' });
    const text = r.outputFiles[0].contents;
    const gz = gzipSync(text, { level: 9 }).length;
    console.log(`${_name}: ${(text.length / 1000).toFixed(1)} KB min, ${(gz / 1000).toFixed(1)} KB gz`);
    // the modules with bytes in the bundle (the metafile's inputs also list what was read and dropped)
    const inputs = Object.entries(Object.values(r.metafile.outputs)[0].inputs).filter(([, v]) => v.bytesInOutput > 0).map(([p]) => p);
    expect(inputs.filter((p) => /protobufjs|onnx|node:|host\/node/.test(p))).toEqual([]);
    // the main entry registers every layer kind (a bundler must keep that import), 'neurite/dense' none beyond its two
    const kinds = inputs.filter((p) => /dist\/nn\/(layer-kinds|conv2d|pool2d|batch-norm|competitive)\.js$/.test(p)).length;
    if (source.includes("'neurite/dense'")) expect(kinds).toBe(0);
    else expect(kinds).toBe(5);
    expect(gz).toBeLessThanOrEqual(budget);
  });
});

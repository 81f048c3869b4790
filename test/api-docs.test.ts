// The API reference (docs/api, `npm run docs:api`) builds from the TSDoc with no warning: every
// type a public signature names is itself documented (or listed in typedoc.json as internal on
// purpose), every {@link} resolves, every @param names a parameter. The HTML is not committed
// (7.5 MB, rewritten by every TSDoc change of every branch: a stale-copy check would fail main
// whenever anyone edits a comment); it is generated from these same sources, so what can break
// is the TSDoc, and this test fails then.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';
import { devTool } from './package-helpers.js';

const typedoc = devTool('typedoc', 'bin/typedoc');

describe('API reference', () => {
  it.skipIf(!typedoc)('TypeDoc validates the three entry points with warnings as errors', () => {
    const r = spawnSync(process.execPath, [typedoc ?? '', '--emit', 'none'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(`${r.stdout}${r.stderr}`.replace(/npm warn.*\n/g, '')).not.toMatch(/warning|error/i);
    expect(r.status).toBe(0);
  }, 120_000);
});

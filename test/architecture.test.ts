// The import graph flows one way (STYLE.md): each module may import only the modules below it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

const LOW = ['core', 'backend', 'tensor', 'ops', 'autograd'];
/** module → the modules it may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  backend: ['core'],
  tensor: ['core', 'backend'],
  ops: ['core', 'backend', 'tensor'],
  autograd: ['core', 'backend', 'tensor', 'ops'],
  nn: [...LOW],
  optim: [...LOW, 'nn'],
  data: ['core'],
  train: [...LOW, 'nn', 'optim', 'data'],
  io: [...LOW, 'nn', 'data'],
  export: [...LOW, 'nn', 'io', 'data'],
  // learning from rewards: environments and learners over networks, policies saved as model files
  rl: [...LOW, 'nn', 'optim', 'train', 'data', 'io'],
  // the command line uses the public API (index.ts, node.ts) and the data readers
  cli: ['index.ts', 'node.ts', 'data', 'export'],
  'index.ts': ['*'],
  'node.ts': ['*'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const moduleOf = (file: string): string => relative(root, file).split('/')[0];

describe('architecture', () => {
  it('no module imports upward', () => {
    const bad: string[] = [];
    for (const file of files(root)) {
      const from = moduleOf(file);
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        bad.push(`${relative(root, file)}: module ${from} is not in the table`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
        const to = moduleOf(resolve(dirname(file), m[1]).replace(/\.js$/, '.ts'));
        if (to !== from && !allowed.includes(to) && !allowed.includes('*')) bad.push(`${relative(root, file)} imports ${m[1]} (${from} → ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('library code never calls Math.random', () => {
    const offenders = files(root).filter((f) => /Math\.random\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});

// Helpers of the tests that use Neurite as someone installing it from npm would: the tarball
// `npm pack` makes from the built dist/, unpacked into node_modules/neurite of a fresh project
// (its dependencies linked from this checkout's node_modules: no network), and bundlers run on
// small apps there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from './cli-helpers.js';

/** What `npm pack --dry-run --json` lists: each file's path and size. */
export interface PackEntry {
  readonly path: string;
  readonly size: number;
}

/** The files the published package would hold, and its packed and unpacked sizes. */
export function packList(): { files: PackEntry[]; size: number; unpackedSize: number } {
  ensureBuilt();
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed:\n${r.stderr}`);
  return JSON.parse(r.stdout)[0];
}

/** Packs the package into a new folder; returns the tarball's path. */
export function packTarball(): string {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'neurite-pack-'));
  const r = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stderr}`);
  return join(dir, r.stdout.trim().split('\n').pop() ?? '');
}

/** A fresh project (package.json of its own) with the tarball unpacked as node_modules/neurite. */
export function installProject(tarball: string, pkg: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-app-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, ...pkg }));
  const into = join(dir, 'node_modules', 'neurite');
  mkdirSync(into, { recursive: true });
  const t = spawnSync('tar', ['xzf', tarball, '-C', into, '--strip-components=1']);
  if (t.status !== 0) throw new Error(`tar failed: ${t.stderr}`);
  for (const dep of ['cli-progress', 'commander', 'protobufjs']) symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep));
  return dir;
}

/** Runs a command in `cwd`; its status and output. */
export function run(cmd: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
}

/**
 * The path of a devDependency's file, or null (and the reason printed) when the checkout's
 * node_modules predates it: the tests that need it are skipped until `npm install`.
 */
export function devTool(pkg: string, file: string): string | null {
  const path = join(ROOT, 'node_modules', pkg, file);
  if (existsSync(path)) return path;
  const msg = `tests that need ${pkg} skipped: node_modules/${pkg} is missing (run npm install)`;
  if (process.env.NEURITE_REQUIRE_TOOLS === '1') throw new Error(msg);
  console.log(msg);
  return null;
}

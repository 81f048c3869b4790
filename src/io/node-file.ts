import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { NeuriteError } from '../core/errors.js';
import type { Network } from '../nn/network.js';
import { parseModel, type LoadedModel } from './load.js';
import { type ModelMeta, stringifyModel, toModelFile } from './model-file.js';

/**
 * Writes a file atomically: the content goes to a temporary name beside it, is flushed to disk,
 * and is renamed over the target, so a crash or kill at any moment leaves either the old file or
 * the new one, never half of one.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Saves a network (and its meta) as a model file, atomically. */
export function saveModel(path: string, net: Network, meta: ModelMeta = {}): void {
  writeFileAtomic(path, stringifyModel(toModelFile(net, meta)));
}

/** Loads a model file; a missing file, bad JSON or any invalid field is a clear error naming the file. */
export function loadModel(path: string): LoadedModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new NeuriteError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? (e as Error).message})`, { where: path });
  }
  return parseModel(text, path);
}

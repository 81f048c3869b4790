import { randomBytes } from 'node:crypto';
import {
  closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync,
  writeSync, type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NeuriteError } from '../core/errors.js';
import type { Network } from '../nn/network.js';
import { parseModel, type LoadedModel } from './load.js';
import { type ModelMeta, modelText } from './model-file.js';

/**
 * Writes a file atomically: the content goes to a temporary file beside it
 * (`.NAME.<pid>.<hex>.tmp`), every byte is written and flushed to disk, the temporary file is
 * renamed over the target, and the folder is flushed so the rename survives a power cut. A
 * failure at any step (a full disk, a missing folder) removes the temporary file and leaves the
 * old file as it was; a kill leaves either the old file or the new one, never half of one.
 *
 * A file being replaced keeps its permissions (and, when run as root, its owner). A symbolic
 * link is written through: its target gets the new content and the link stays a link.
 * Temporary files of the same name left by processes that are gone are removed first.
 *
 * @throws the file system's error (its `code`, e.g. `ENOSPC`), after cleaning up
 * @example
 * ```ts
 * writeFileAtomic('model.json', text);
 * ```
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const target = followLinks(path);
  const dir = dirname(target);
  const name = basename(target);
  removeStaleTemporaries(dir, name);
  const old = statIfFile(target);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', old ? old.mode & 0o7777 : 0o666);
    if (old) keepAccess(fd, old);
    writeAll(fd, bytes);
    fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    closeSync(closing); // a network file system may report a failed write only here
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  syncFolder(dir);
}

/** One write(2) may write fewer bytes than asked (a disk that fills up): write the rest until all is written or it fails. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    if (n <= 0) throw Object.assign(new Error(`write returned ${n} with ${bytes.length - done} bytes left`), { code: 'EIO' });
    done += n;
  }
}

/** A symbolic link (or a chain of them, even one whose end does not exist yet) stands for its target. */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: 'ELOOP' });
}

function statIfFile(path: string): Stats | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

/** The new file gets the old one's mode (which the umask may have cut when opening) and, as root, its owner. */
function keepAccess(fd: number, old: Stats): void {
  fchmodSync(fd, old.mode & 0o7777);
  if (process.getuid?.() === 0) fchownSync(fd, old.uid, old.gid);
}

/** Flushes a folder, so that a rename in it is on disk; a platform that cannot open folders (Windows) skips it. */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EPERM' && code !== 'EISDIR') throw e;
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes `.NAME.<pid>.<hex>.tmp` files in `dir` whose process no longer runs: what a kill
 * between writing and renaming left behind. Another live process's temporary file is kept.
 */
function removeStaleTemporaries(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // the write itself will report the folder's problem
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    rmSync(join(dir, entry), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

/** Saves a network (and its meta) as a model file, atomically. */
export function saveModel(path: string, net: Network, meta: ModelMeta = {}): void {
  writeFileAtomic(path, modelText(net, meta));
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

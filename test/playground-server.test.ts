// The playground's static server: files inside the build folder only, with their content types.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundCommand, playgroundServer, resolveStatic } from '../src/cli/playground.js';

const base = mkdtempSync(join(tmpdir(), 'neurite-serve-'));
const root = join(base, 'site');
mkdirSync(join(root, 'sub'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(root, 'main.js'), 'console.log(1)');
writeFileSync(join(root, 'style.css'), 'body{}');
writeFileSync(join(root, 'sub', 'a b.json'), '{}');
writeFileSync(join(base, 'secret.txt'), 'do not serve');
mkdirSync(join(base, 'site-other'));
writeFileSync(join(base, 'site-other', 'x.txt'), 'sibling folder');
// the package's built-in data module and a file beside it that is not served
mkdirSync(join(base, 'data'));
writeFileSync(join(base, 'data', 'builtin-csv.js'), 'export const IRIS_CSV = "a,b";');
writeFileSync(join(base, 'data', 'other.js'), 'not this one');
symlinkSync(join(base, 'secret.txt'), join(base, 'data', 'linked.js'));

/** A raw GET: the path is sent exactly as given (no client-side normalisation of ../). */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('playground server', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = playgroundServer(root, { builtinData: join(base, 'data', 'builtin-csv.js') });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it('serves the page and its files with their content types', async () => {
    expect(await get(port, '/')).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>t</title>' });
    expect((await get(port, '/main.js')).type).toBe('text/javascript; charset=utf-8');
    expect((await get(port, '/style.css?v=1')).type).toBe('text/css; charset=utf-8');
    expect(await get(port, '/sub/a%20b.json')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', body: '{}' });
    expect(await get(port, '/main.js', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('serves the built-in data module at /builtin-csv.js, and no other file of its folder', async () => {
    expect(await get(port, '/builtin-csv.js?v=1')).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', body: 'export const IRIS_CSV = "a,b";' });
    for (const path of ['/other.js', '/builtin-csv.js/../other.js', '/data/builtin-csv.js', '/%2e%2e/data/other.js', '/builtin-csv.js%00']) {
      expect({ path, status: (await get(port, path)).status }).toEqual({ path, status: 404 });
    }
    // nor a data module that is a symbolic link (here out of its folder)
    const linked = playgroundServer(root, { builtinData: join(base, 'data', 'linked.js') });
    await new Promise<void>((ok) => linked.listen(0, '127.0.0.1', ok));
    expect((await get((linked.address() as AddressInfo).port, '/builtin-csv.js')).status).toBe(404);
    linked.close();
  });

  it('refuses paths outside the folder, encoded or not, and other methods', async () => {
    for (const path of ['/../secret.txt', '/sub/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/sub/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt', '/%252e%252e/secret.txt', '/../site-other/x.txt', '/%2e%2e/site-other/x.txt', '/main.js%00.html', '/%zz', '/sub', '/nope.js']) {
      const r = await get(port, path);
      expect({ path, status: r.status, leaked: r.body.includes('serve') || r.body.includes('sibling') }).toEqual({ path, status: 404, leaked: false });
    }
    expect((await get(port, '/', 'POST')).status).toBe(405);
  });

  it('resolveStatic keeps every answer inside the root', () => {
    expect(resolveStatic(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStatic(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveStatic(root, '/..')).toBeNull();
    expect(resolveStatic(root, 'index.html')).toBeNull();
  });

  it('neurite playground prints its address on 127.0.0.1 and says when the page is not built', async () => {
    let out = '';
    const io = { out: (s: string) => void (out += s), err: () => undefined, errIsTTY: false };
    expect(await playgroundCommand(io, { port: 0, host: '127.0.0.1', root })).toBe(0);
    const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
    expect(m).not.toBeNull();
    expect((await get(Number(m![1]), '/')).status).toBe(200);
    await expect(playgroundCommand(io, { port: 0, host: '127.0.0.1', root: join(base, 'empty') })).rejects.toThrow(/not built.*npm run build:playground/);
  });
});

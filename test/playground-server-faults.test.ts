// Errors while a request is served (a disk error, an unreadable file: as root no file is
// unreadable, so they are injected into node:fs/promises here) become a 500 or 404 answer, and
// the server answers the next request.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

const faults = new Map<string, string>(); // file name → the error code its read fails with
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const fail = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
  return {
    ...fs,
    open: async (path: string, flags: number): Promise<FileHandle> => {
      const code = [...faults].find(([name]) => path.endsWith(name))?.[1];
      if (code === 'EACCES') throw fail(code);
      const handle = await fs.open(path, flags);
      if (code) handle.readFile = (() => Promise.reject(fail(code))) as FileHandle['readFile'];
      return handle;
    },
  };
});
const { playgroundServer } = await import('../src/cli/playground.js');

const root = mkdtempSync(join(tmpdir(), 'neurite-serve-faults-'));
for (const f of ['index.html', 'eio.js', 'denied.js', 'odd.js']) writeFileSync(join(root, f), `// ${f}`);
faults.set('eio.js', 'EIO').set('denied.js', 'EACCES').set('odd.js', 'EWHATEVER');

function get(port: number, path: string): Promise<{ status: number; body: string; csp: unknown }> {
  return new Promise((ok, fail) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, csp: res.headers['content-security-policy'] }));
    }).on('error', fail).end();
  });
}

let server: Server;
let port: number;
beforeAll(async () => {
  server = playgroundServer(root);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

it('a read error is a 500, an unreadable file a 404, and the server keeps answering', async () => {
  expect(await get(port, '/eio.js')).toMatchObject({ status: 500, body: 'internal error: EIO\n' });
  expect(await get(port, '/odd.js')).toMatchObject({ status: 500, body: 'internal error: EWHATEVER\n' });
  expect(await get(port, '/denied.js')).toMatchObject({ status: 404, body: 'not found\n' });
  const next = await get(port, '/');
  expect(next).toMatchObject({ status: 200, body: '// index.html' });
  expect(next.csp).toContain("frame-ancestors 'none'");
});

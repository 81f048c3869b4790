// The playground server as a local tool must be: the headers of every answer, requests for other
// hosts refused (DNS rebinding), no symbolic link out of the folder, no request that stops the
// server, and a --host that is checked and warned about.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { PLAYGROUND_HEADERS, playgroundCommand, playgroundServer } from '../src/cli/playground.js';

const base = mkdtempSync(join(tmpdir(), 'neurite-serve-safety-'));
const root = join(base, 'site');
mkdirSync(join(root, 'sub'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(root, 'main.js'), 'console.log(1)');
writeFileSync(join(base, 'secret.txt'), 'do not serve');
mkdirSync(join(base, 'outside'));
writeFileSync(join(base, 'outside', 'x.txt'), 'outside the folder');
symlinkSync('/etc/passwd', join(root, 'leak'));
symlinkSync('../secret.txt', join(root, 'sub', 'up'));
symlinkSync(join(base, 'outside'), join(root, 'linked-dir'));
symlinkSync('main.js', join(root, 'alias.js'));

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

afterAll(() => rmSync(base, { recursive: true, force: true }));

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Sends raw bytes and returns what comes back before the server closes or 2 s pass. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (c) => (got += c));
    socket.on('close', () => ok(got));
    socket.on('error', () => ok(got));
    setTimeout(() => socket.destroy(), 2000);
  });
}

describe('playground server safety', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = playgroundServer(root);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it('every answer carries CSP, COOP/COEP, frame and sniffing headers: 200, 404, 405 and 403 alike', async () => {
    const answers = [await get(port, '/'), await get(port, '/nope'), await get(port, '/', {}, 'POST'), await get(port, '/', { Host: 'evil.example' })];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 405, 403]);
    for (const a of answers) {
      expect(a.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; style-src 'self'; " +
          "img-src 'self' data: blob:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(a.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(a.headers['cross-origin-embedder-policy']).toBe('require-corp');
      expect(a.headers['x-frame-options']).toBe('DENY');
      expect(a.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(Object.keys(PLAYGROUND_HEADERS)).toContain('Cross-Origin-Resource-Policy');
  });

  it('answers to localhost and the address it is reached at, refuses any other Host (DNS rebinding)', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `LOCALHOST:${port}`, `localhost.:${port}`]) {
      expect({ host, status: (await get(port, '/', { Host: host })).status }).toEqual({ host, status: 200 });
    }
    for (const host of [`evil.example:${port}`, 'attacker.localhost.evil', `127.0.0.2:${port}`, `[::1]:${port}`, 'localhost@evil.example']) {
      const r = await get(port, '/', { Host: host });
      expect({ host, status: r.status, served: r.body.includes('<title>') }).toEqual({ host, status: 403, served: false });
    }
    // HTTP/1.0 without a Host header at all
    expect(await raw(port, 'GET / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 403 /);
    const named = playgroundServer(root, { hosts: ['mybox.local'] });
    await new Promise<void>((ok) => named.listen(0, '127.0.0.1', ok));
    const p = (named.address() as AddressInfo).port;
    expect((await get(p, '/', { Host: `mybox.local:${p}` })).status).toBe(200);
    expect((await get(p, '/', { Host: `other.local:${p}` })).status).toBe(403);
    named.close();
  });

  it('serves no file whose real path is outside the folder; a link inside it is served', async () => {
    for (const path of ['/leak', '/sub/up', '/linked-dir/x.txt', '/linked-dir/', '/%6c%65%61%6b']) {
      const r = await get(port, path);
      expect({ path, status: r.status, leaked: /root:|do not serve|outside the folder/.test(r.body) }).toEqual({ path, status: 404, leaked: false });
    }
    expect(await get(port, '/alias.js')).toMatchObject({ status: 200, body: 'console.log(1)' });
  });

  it('a file swapped for a folder, a FIFO, garbage and a dropped connection are answered, and the server stays up', async () => {
    writeFileSync(join(root, 'swap.js'), 'x');
    expect((await get(port, '/swap.js')).status).toBe(200);
    rmSync(join(root, 'swap.js'));
    mkdirSync(join(root, 'swap.js'));
    expect((await get(port, '/swap.js')).status).toBe(404);
    execFileSync('mkfifo', [join(root, 'fifo.js')]);
    expect((await get(port, '/fifo.js')).status).toBe(404);
    expect(await raw(port, 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    await raw(port, 'GET / HTTP/1.1\r\nHost: loc'); // cut in the middle of the headers
    expect((await get(port, '/')).status).toBe(200);
  });
});

describe('neurite playground --host', () => {
  const io = () => {
    const o = { out: '', err: '', errIsTTY: false };
    return Object.assign(o, { io: { out: (s: string) => void (o.out += s), err: (s: string) => void (o.err += s), errIsTTY: false } });
  };

  it('refuses an address that is none with exit 2, and one this machine lacks with a clear error; no stack trace', async () => {
    for (const [args, status, message] of [
      [['--host', '256.1.1.1'], 2, /^error: option '--host <host>' argument '256\.1\.1\.1' is invalid\. expected an IPv4 or IPv6 address/],
      [['--host', 'a b'], 2, /argument 'a b' is invalid/],
      [['--host', '-x.example'], 2, /argument '-x\.example' is invalid/],
    ] as const) {
      const o = io();
      expect(await main(['playground', ...args], o.io)).toBe(status);
      expect(o.err).toMatch(message);
      expect(o.err.split('\n').filter(Boolean)).toHaveLength(1);
    }
    // 192.0.2.1 is a documentation address no machine has
    await expect(playgroundCommand(io().io, { port: 0, host: '192.0.2.1', root })).rejects.toThrow(
      expect.objectContaining({ name: 'CliError', message: '--host 192.0.2.1: this machine has no such address; use 127.0.0.1 (this machine only) or one of its own addresses' }));
  });

  it('warns that a non-loopback address makes the page reachable from the network; loopback does not', async () => {
    const quiet = io();
    expect(await playgroundCommand(quiet.io, { port: 0, host: '127.0.0.1', root })).toBe(0);
    expect(quiet.err).toBe('');
    const loud = io();
    expect(await playgroundCommand(loud.io, { port: 0, host: '0.0.0.0', root })).toBe(0);
    expect(loud.err).toBe('warning: listening on 0.0.0.0, so the playground is reachable from the network by anyone who can reach this machine; use --host 127.0.0.1 to keep it to this machine\n');
    const m = /:(\d+)\//.exec(loud.out) as RegExpExecArray;
    expect((await get(Number(m[1]), '/', { Host: `0.0.0.0:${m[1]}` })).status).toBe(200);
  });
});

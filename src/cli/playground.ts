/**
 * `neurite playground [--port N] [--host H]`: serves the built playground (dist/playground) on
 * localhost with node:http, offline, and prints the address. Only files whose real path lies
 * inside the build folder are served (no `..`, encoded or not, no symbolic link out of it), and at
 * fixed paths the package's own kernels and built-in data sets, checked the same way; every
 * answer carries the headers a local tool should send (Note [playground headers]); a request whose
 * Host is not this machine's is refused (DNS rebinding); and no request, whatever fails while it
 * is served, stops the server.
 */
import { constants, existsSync, realpathSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.js';
import type { Io } from './io.js';

/** dist/cli/playground.js → dist/playground/. */
export const PLAYGROUND_ROOT = fileURLToPath(new URL('../playground/', import.meta.url));

/** The package's WebAssembly kernels (dist/backend/wasm/, or src/backend/wasm/ from the sources), served as /kernels-*.wasm. */
const KERNELS_ROOT = fileURLToPath(new URL('../backend/wasm/', import.meta.url));
const KERNELS = /^\/kernels-(simd|relaxed)-(shared|private)\.wasm$/;

/**
 * The library's built-in data sets (dist/data/builtin-csv.js), served as /builtin-csv.js: the
 * playground's modules import them from there (scripts/build-playground.mjs) instead of carrying
 * a copy. From the sources there is no such .js file: a caller passes one (`builtinData`).
 */
const BUILTIN_DATA = fileURLToPath(new URL('../data/builtin-csv.js', import.meta.url));
const BUILTIN_DATA_PATH = '/builtin-csv.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
};

// Note [playground headers]: the page runs only its own scripts, workers (the thread pool starts
// its Web Workers from blob: URLs) and WebAssembly ('wasm-unsafe-eval' compiles the kernels);
// nothing may frame it; COOP same-origin with COEP require-corp make it cross-origin isolated, so
// SharedArrayBuffer exists and the threaded kernels can run.
const CSP = [
  "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:", "connect-src 'self'",
  "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

/** The headers of every answer (Note [playground headers]). */
export const PLAYGROUND_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * The file a request path names inside `root`, as its real path, or null when it is outside the
 * folder (by `..`, encoded or not, or by a symbolic link), malformed or not a file. `/` is
 * `index.html`.
 *
 * @example
 * ```ts
 * resolveStatic('/srv/pg', '/main.js');          // '/srv/pg/main.js' (if it exists)
 * resolveStatic('/srv/pg', '/%2e%2e/secret');    // null
 * ```
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || !path.startsWith('/')) return null;
  try {
    const base = realpathSync(root);
    const file = realpathSync(resolve(base, `.${path === '/' ? '/index.html' : path}`));
    return file.startsWith(base + sep) && statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** The host name of a Host header, without its port or IPv6 brackets, lower case. */
function hostName(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.replace(/:\d*$/, '');
  return name.replace(/\.$/, '');
}

/** The address a request arrived at: what a browser on the network typed. */
function localAddress(req: IncomingMessage): string {
  return (req.socket.localAddress ?? '').replace(/^::ffff:(?=\d+\.)/, '').toLowerCase();
}

function answer(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...PLAYGROUND_HEADERS, ...extra, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

// What a file that vanished, turned into a folder or cannot be opened means to a browser.
const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EACCES', 'EPERM']);

/** The file a request names: the package's kernels and data module at their fixed paths, else one inside `root`. */
function fileOf(root: string, url: string, builtinData: string): string | null {
  const path = url.split(/[?#]/)[0];
  // the worker fetches its kernels beside itself; they are the package's own, not a copy
  if (KERNELS.test(path)) return resolveStatic(KERNELS_ROOT, path);
  // one named file, with the same checks as any other (its real path inside its own folder)
  if (path === BUILTIN_DATA_PATH) return resolveStatic(dirname(builtinData), `/${basename(builtinData)}`);
  return resolveStatic(root, url);
}

async function serveFile(root: string, builtinData: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = fileOf(root, req.url ?? '/', builtinData);
  if (!file) return answer(res, 404, 'not found');
  // O_NOFOLLOW and fstat on what was opened: a file swapped for a link or a folder since it was resolved is not served
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    if (!(await handle.stat()).isFile()) return answer(res, 404, 'not found');
    const body = await handle.readFile();
    res.writeHead(200, { ...PLAYGROUND_HEADERS, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  } finally {
    await handle.close();
  }
}

/** What the server answers to besides `localhost` and the address a request arrived at. */
export interface PlaygroundServerOptions {
  /** Host names the server was asked to listen on (`--host`), e.g. `mybox.local`. */
  readonly hosts?: readonly string[];
  /**
   * The built-in data module served as /builtin-csv.js (default: the package's own,
   * dist/data/builtin-csv.js); a server run from the sources passes a built one.
   */
  readonly builtinData?: string;
}

/**
 * An HTTP server for the files in `root` (GET and HEAD only), plus the package's WebAssembly
 * kernels and built-in data module at their fixed paths, answering only requests whose Host is
 * `localhost`, the address the request arrived at or one of `options.hosts`.
 *
 * @example
 * ```ts
 * playgroundServer('dist/playground').listen(8080, '127.0.0.1');
 * ```
 */
export function playgroundServer(root: string, options: PlaygroundServerOptions = {}): Server {
  const hosts = new Set(['localhost', ...(options.hosts ?? []).map((h) => hostName(h))]);
  const builtinData = options.builtinData ?? BUILTIN_DATA;
  const server = createServer((req, res) => {
    const host = hostName(req.headers.host);
    if (!hosts.has(host) && host !== localAddress(req)) {
      return answer(res, 403, `forbidden: this server answers to localhost and ${localAddress(req) || 'its own address'}, not ${JSON.stringify(req.headers.host ?? '')}`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    serveFile(root, builtinData, req, res).catch((e: NodeJS.ErrnoException) => {
      if (NOT_FOUND.has(e.code ?? '')) answer(res, 404, 'not found');
      else answer(res, 500, `internal error: ${e.code ?? 'unexpected'}`);
    });
  });
  // a malformed request gets a 400 from node:http; a socket error must not end the process
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

/** Whether a --host keeps the page on this machine. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

function listenError(e: NodeJS.ErrnoException, o: { port: number; host: string }): Error {
  if (e.code === 'EADDRINUSE') return new CliError(`port ${o.port} on ${o.host} is in use; choose another with --port`);
  if (e.code === 'EADDRNOTAVAIL') return new CliError(`--host ${o.host}: this machine has no such address; use 127.0.0.1 (this machine only) or one of its own addresses`);
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new CliError(`--host ${o.host}: no such host name; use 127.0.0.1, localhost or an address of this machine`);
  if (e.code === 'EACCES') return new CliError(`port ${o.port}: permission denied (ports below 1024 need privileges); choose another with --port`);
  return e;
}

/**
 * Runs `neurite playground`: listens until the process is stopped. A non-loopback `--host`
 * prints a warning: the page is then reachable from the network.
 *
 * @returns the exit status (0 once listening)
 */
export async function playgroundCommand(io: Io, o: { port: number; host: string; root?: string }): Promise<number> {
  const root = o.root ?? PLAYGROUND_ROOT;
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new CliError(`the playground is not built: ${root} has no index.html; run npm run build:playground`);
  }
  const server = playgroundServer(root, { hosts: [o.host] });
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => fail(listenError(e, o)));
    server.listen(o.port, o.host, ok);
  });
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  io.out(`Neurite playground: http://${host}:${port}/\n(press Ctrl+C to stop)\n`);
  if (!isLoopback(o.host)) {
    io.err(`warning: listening on ${o.host}, so the playground is reachable from the network by anyone who can reach this machine; use --host 127.0.0.1 to keep it to this machine\n`);
  }
  return 0;
}

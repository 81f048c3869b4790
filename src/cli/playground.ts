/**
 * `neurite playground [--port N] [--host H]`: serves the built playground (dist/playground) on
 * localhost with node:http, offline, and prints the address. Only files inside the build folder
 * are served; a path that leaves it, encoded or not, is refused.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.js';
import type { Io } from './io.js';

/** dist/cli/playground.js → dist/playground/. */
export const PLAYGROUND_ROOT = fileURLToPath(new URL('../playground/', import.meta.url));

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
};

/**
 * The file a request path names inside `root`, or null when it is outside it, malformed or not
 * a file. `/` is `index.html`.
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
  const base = resolve(root);
  const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
  if (!file.startsWith(base + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * An HTTP server for the files in `root` (GET and HEAD only).
 *
 * @example
 * ```ts
 * playgroundServer('dist/playground').listen(8080, '127.0.0.1');
 * ```
 */
export function playgroundServer(root: string): Server {
  return createServer((req, res) => {
    const headers = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    const file = resolveStatic(root, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

/**
 * Runs `neurite playground`: listens until the process is stopped.
 *
 * @returns the exit status (0 once listening)
 */
export async function playgroundCommand(io: Io, o: { port: number; host: string; root?: string }): Promise<number> {
  const root = o.root ?? PLAYGROUND_ROOT;
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new CliError(`the playground is not built: ${root} has no index.html; run npm run build:playground`);
  }
  const server = playgroundServer(root);
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? new CliError(`port ${o.port} on ${o.host} is in use; choose another with --port`) : e));
    server.listen(o.port, o.host, ok);
  });
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  io.out(`Neurite playground: http://${host}:${port}/\n(press Ctrl+C to stop)\n`);
  return 0;
}

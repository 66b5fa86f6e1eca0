// `switchyard serve`: browser mode. The same renderer and API as the desktop app, on 127.0.0.1
// behind a random token, with the engine and the daemon in this process.
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiHost } from '../../host';
import type { BrowserServer } from '../../server';
import { KEEPALIVE_MS } from '../../server/defaults';
import { CliError, UsageError } from '../errors';
import type { ContextFactory } from '../program';

/**
 * The built renderer beside the bundle: out/main/cli.js -> out/renderer, or from a split chunk
 * (out/main/chunks/*.js, since the CLI loads commands lazily) -> out/renderer too.
 */
export function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'renderer'), join(here, '..', '..', 'renderer')];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[0]!;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port expects a port number (0-65535; 0 picks a free one), found "${value}"`);
  return n;
}

function keepAlive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 3_600_000) throw new UsageError(`--keepalive-ms expects milliseconds between 10 and 3600000, found "${value}"`);
  return n;
}

/** `url` ends up in the argv of xdg-open/open and of the browser, readable by every user in `ps`. */
function openInBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined); // no desktop browser: the printed URL is enough
    child.unref();
  } catch {
    // same: the URL is printed
  }
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export function registerServeCommand(program: Command, ctx: ContextFactory): void {
  program
    .command('serve')
    .description('Serve the Switchyard UI and API on 127.0.0.1 (browser mode), with the daemon in-process')
    .option('--port <port>', 'port to listen on (0 picks a free one)', port, 7420)
    .option('--no-open', 'do not open the page in the default browser')
    .option('--keepalive-ms <ms>', 'ping browser connections this often; one that misses a ping is dropped', keepAlive, KEEPALIVE_MS)
    .action(async (opts: { port: number; open: boolean; keepaliveMs: number }) => {
      const c = ctx();
      const dir = rendererDir();
      if (!existsSync(join(dir, 'index.html'))) throw new CliError(`the UI is not built (no ${join(dir, 'index.html')}); run \`npm run build\` first`);
      const host = createApiHost({
        home: c.home,
        cwd: c.cwd,
        runnerCommand: c.runnerCommand,
        ...(c.runnerEntry ? { runnerEntry: c.runnerEntry } : {}),
        ...(c.globals.config ? { configFile: c.globals.config } : {}),
        log: (line) => c.io.err(line),
      });
      // Loaded here, not at the top: every CLI command and every session runner shares this bundle,
      // and none of them needs the HTTP/WebSocket server (or `ws`) loaded.
      const { startBrowserServer } = await import('../../server');
      let server: BrowserServer;
      try {
        server = await startBrowserServer({ host, rendererDir: dir, port: opts.port, keepAliveMs: opts.keepaliveMs, log: (line) => c.io.err(line) });
      } catch (error) {
        await host.dispose();
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${opts.port} is in use; pass another with --port, or --port 0 for a free one`);
        throw error;
      }
      // Two URLs on purpose. The tokened one goes to stdout only (not visible to other users, and it
      // keeps working, so the user can copy it into any browser). The browser we start gets a
      // one-time code instead, because a command line is visible to every user in `ps`: the code is
      // exchanged for the auth cookie on first use and is worthless afterwards.
      c.io.out(`Switchyard is serving on ${server.url}`);
      const daemon = await host.startDaemon('switchyard serve');
      c.io.err(`switchyard: ${daemon.message}`);
      c.io.err('switchyard: press Ctrl-C to stop serving (sessions keep running)');
      if (opts.open) openInBrowser(server.loginUrl());
      await untilSignal();
      await server.close();
      await host.dispose();
    });
}

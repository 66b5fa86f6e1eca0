// A real `switchyard serve` process for tests that watch it from outside (its fds, its children's
// argv) or try to crash it. Resolves once it prints its URL.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cliPath } from '../../helpers/cli';

export interface ServeProcess {
  url: string;
  base: string;
  token: string;
  pid: number;
  proc: ChildProcess;
  output(): string;
  alive(): boolean;
  /** Open file descriptors of the serve process right now. */
  fds(): number;
  stop(): Promise<void>;
}

export function startServeProcess(opts: { home: string; cwd: string; env: NodeJS.ProcessEnv; args?: string[] }): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [cliPath, '--home', opts.home, 'serve', '--port', '0', ...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const stop = async () => {
    if (!alive()) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve printed no URL in 30 s:\n${out}`));
    }, 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      proc.stderr!.off('data', onData);
      proc.stdout!.on('data', (x: Buffer) => (out += x.toString()));
      proc.stderr!.on('data', (x: Buffer) => (out += x.toString()));
      resolve({
        url: m[1]!,
        base: `http://127.0.0.1:${m[2]}`,
        token: m[3]!,
        pid: proc.pid!,
        proc,
        output: () => out,
        alive,
        fds: () => readdirSync(`/proc/${proc.pid}/fd`).length,
        stop,
      });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing a URL:\n${out}`));
    });
  });
}

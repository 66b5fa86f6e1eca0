// `switchyard remote serve` as a real process: the bearer token comes from the environment or a
// 0600 file, never argv (the old --token flag is refused, naming the replacements), and the token
// appears in no process's command line.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, cliPath, runCli, tempDir } from '../../helpers/cli';

const TOKEN = 'remote-secret-0123456789abcdef';
let dir: { path: string; cleanup: () => void };
let running: ChildProcess | null = null;

afterEach(async () => {
  if (running && running.exitCode === null) {
    const exited = new Promise((r) => running!.once('exit', r));
    running.kill('SIGTERM');
    await exited;
  }
  running = null;
  dir?.cleanup();
});

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--home', join(dir.path, 'home'), 'remote', 'serve', '--bind', '127.0.0.1:0', ...args], { cwd: dir.path, env: cleanEnv(env) });

/** Starts `remote serve` and resolves with its URL once it listens. */
function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const proc = spawn(process.execPath, [cliPath, '--home', join(dir.path, 'home'), 'remote', 'serve', '--bind', '127.0.0.1:0', ...args], {
    cwd: dir.path,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = proc;
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`remote serve exited (${code}):\n${out}`)));
  });
}

const health = (url: string, token: string) => fetch(`${url}/health`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

function argvHolding(secret: string): string[] {
  const hits: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(secret)) hits.push(`${pid}: ${cmdline}`);
    } catch {
      // exited while we looked
    }
  }
  return hits;
}

describe('remote serve token', () => {
  it('refuses the old --token flag, naming the environment variable and --token-file', async () => {
    dir = tempDir('sy-remote-');
    const r = await cli(['--token', 'whatever']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token is no longer accepted');
    expect(r.stderr).toContain('SWITCHYARD_REMOTE_TOKEN');
    expect(r.stderr).toContain('--token-file FILE');
  });

  it('refuses to start without a token, and with a token file others can read', async () => {
    dir = tempDir('sy-remote-');
    expect((await cli([])).stderr).toContain('remote serve needs a bearer token: set SWITCHYARD_REMOTE_TOKEN');
    const file = join(dir.path, 'token');
    writeFileSync(file, `${TOKEN}\n`);
    chmodSync(file, 0o644);
    const open = await cli(['--token-file', 'token']);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain(`--token-file ${file} can be read by other users (mode 644); run \`chmod 600 ${file}\``);
    chmodSync(file, 0o600);
    writeFileSync(file, '\n');
    expect((await cli(['--token-file', file])).stderr).toContain('is empty');
    expect((await cli(['--token-file', join(dir.path, 'missing')])).stderr).toContain('no such file');
  });

  it('serves with the token from a 0600 file, which no command line shows', async () => {
    dir = tempDir('sy-remote-');
    const file = join(dir.path, 'token');
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    const url = await serve(['--token-file', file]);
    expect(await health(url, TOKEN)).toBe(200);
    expect(await health(url, 'wrong')).toBe(401);
    expect(argvHolding(TOKEN)).toEqual([]);
  });

  it('serves with the token from SWITCHYARD_REMOTE_TOKEN', async () => {
    dir = tempDir('sy-remote-');
    const url = await serve([], { SWITCHYARD_REMOTE_TOKEN: TOKEN });
    expect(await health(url, TOKEN)).toBe(200);
    expect(argvHolding(TOKEN)).toEqual([]);
  });
});

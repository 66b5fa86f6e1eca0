import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRunner, readLogFrom, runAgentInPty } from '../../../src-main/engine/runner';
import type { RunAgentOptions, RunnerError } from '../../../src-main/engine/runner';
import { capture, makeTempDir, nodeAgent, recordingPort, waitFor } from './helpers';
import type { RecordingPort } from './helpers';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => cleanup());

function options(agent: { program: string; args: string[] }, port: RecordingPort, extra: Partial<RunAgentOptions> = {}): RunAgentOptions {
  return {
    ...agent,
    env: { ...process.env },
    cwd: dir,
    logPath: join(dir, 'logs', 'sess.log'),
    socketPath: join(dir, 'sockets', 'sess.sock'),
    heartbeatIntervalMs: 200,
    port,
    ...extra,
  };
}

describe('runAgentInPty output and exit', () => {
  it('logs every byte exactly (UTF-8 split across writes, invalid bytes) and reports exit 0', async () => {
    const parts: Array<{ text: string } | { hex: string }> = [
      { text: 'héllo wörld\n' },
      { hex: 'e697' }, // 日 split across two writes
      { hex: 'a5e69cac' },
      { text: ' 🎉 done\n' },
      { hex: 'fffe41' }, // not valid UTF-8: must still be logged as is
    ];
    const port = recordingPort();
    const opts = options(nodeAgent('print-exit.mjs', JSON.stringify({ parts, delayMs: 30 })), port);

    const result = await runAgentInPty(opts);

    // The PTY turns \n into \r\n (onlcr); everything else must be byte-identical.
    const expected = Buffer.concat(parts.map((p) => ('hex' in p ? Buffer.from(p.hex, 'hex') : Buffer.from(p.text.replace(/\n/g, '\r\n')))));
    const log = readFileSync(opts.logPath);
    expect(log.equals(expected)).toBe(true);
    expect(log.toString('utf8')).toContain('日本 🎉 done');
    expect(result).toEqual({ exitCode: 0, signal: null, bytes: expected.length });
    expect(port.calls).toEqual(['started', 'exited']);
    expect(port.startedInfo?.pid).toBeGreaterThan(0);
    expect(port.startedInfo?.runnerPid).toBe(process.pid);
    expect(port.exitInfo).toEqual({ exitCode: 0, signal: null, stopReason: null });
    expect(port.heartbeats).toBeGreaterThan(0);
    expect(existsSync(opts.socketPath)).toBe(false);
  });

  it('reports a non-zero exit code, and a fatal signal by name', async () => {
    const failing = recordingPort();
    const failed = await runAgentInPty(options(nodeAgent('print-exit.mjs', JSON.stringify({ parts: [{ text: 'oops\n' }], exitCode: 3 })), failing));
    expect(failed).toMatchObject({ exitCode: 3, signal: null });
    expect(failing.exitInfo).toEqual({ exitCode: 3, signal: null, stopReason: null });

    const killed = recordingPort();
    const result = await runAgentInPty(
      options(nodeAgent('print-exit.mjs', JSON.stringify({ signal: 'SIGHUP' })), killed, { logPath: join(dir, 'logs', 'killed.log') }),
    );
    expect(result).toMatchObject({ exitCode: null, signal: 'SIGHUP' });
    expect(killed.exitInfo).toEqual({ exitCode: null, signal: 'SIGHUP', stopReason: null });
  });

  it('appends to an existing log when a session resumes, with offsets continuing from its end', async () => {
    const port = recordingPort();
    const opts = options(nodeAgent('echo-size.mjs'), port);
    const first = await runAgentInPty(options(nodeAgent('print-exit.mjs', JSON.stringify({ parts: [{ text: 'first run\n' }] })), recordingPort()));

    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.socketPath), 'the runner socket');
    const client = await connectRunner(opts.socketPath);
    expect(client.hello.bytes).toBeGreaterThanOrEqual(first.bytes);
    const tail = capture(client, first.bytes);
    await waitFor(() => tail.text().includes('ready'), 'the second run to print');
    client.input('\x04');
    await tail.exit;
    await running;

    expect(readFileSync(opts.logPath, 'utf8')).toMatch(/^first run\r\nready size:80x24\r\nbye\r\n$/);
    expect(tail.text()).toBe('ready size:80x24\r\nbye\r\n');
  });
});

describe('runAgentInPty clients', () => {
  it('replays everything, then the exit, to a client that attaches after the agent exited', async () => {
    const port = recordingPort();
    const opts = options(nodeAgent('print-exit.mjs', JSON.stringify({ parts: [{ text: 'line one\n' }, { text: 'line two\n' }], exitCode: 2 })), port, {
      unattachedGraceMs: 5000,
    });
    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.socketPath), 'the runner socket');
    // Connected but not attached: the runner waits for this client before quitting.
    const early = await connectRunner(opts.socketPath);
    await port.exitedPromise;

    const late = await connectRunner(opts.socketPath);
    expect(late.hello.exited).toEqual({ exitCode: 2, signal: null });
    const replay = capture(late, 0);
    const earlyReplay = capture(early, 0);

    expect(await replay.exit).toEqual({ exitCode: 2, signal: null });
    expect(await earlyReplay.exit).toEqual({ exitCode: 2, signal: null });
    expect(replay.text()).toBe('line one\r\nline two\r\n');
    expect(earlyReplay.text()).toBe('line one\r\nline two\r\n');
    expect(replay.gaps).toEqual([]);
    await running;
    expect(existsSync(opts.socketPath)).toBe(false);
  });

  it('serves two clients at once, one from the start and one from a mid-run offset', async () => {
    const port = recordingPort();
    const opts = options(nodeAgent('echo-size.mjs'), port);
    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.socketPath), 'the runner socket');

    const first = await connectRunner(opts.socketPath);
    const full = capture(first, 0);
    await waitFor(() => full.text().includes('ready'), 'the agent to start');
    first.input('one');
    await waitFor(() => full.text().includes('echo:"one"'), 'the first echo');

    const second = await connectRunner(opts.socketPath);
    const midOffset = 6; // inside the first line: "ready |size:..."
    const rest = capture(second, midOffset);
    second.input('two');
    await waitFor(() => rest.text().includes('echo:"two"') && full.text().includes('echo:"two"'), 'the second echo on both');
    second.input('\x04');
    await Promise.all([full.exit, rest.exit]);
    await running;

    const log = readFileSync(opts.logPath);
    expect(full.bytes().equals(log)).toBe(true);
    expect(rest.bytes().equals(log.subarray(midOffset))).toBe(true);
    expect(rest.text().startsWith('size:80x24\r\necho:"one"')).toBe(true);
    expect(full.gaps).toEqual([]);
    expect(rest.gaps).toEqual([]);
    expect((await readLogFrom(opts.logPath, midOffset)).equals(log.subarray(midOffset))).toBe(true);
  });

  it('passes typed input to the agent and resizes its terminal', async () => {
    const opts = options(nodeAgent('echo-size.mjs'), recordingPort(), { cols: 90, rows: 30 });
    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.socketPath), 'the runner socket');
    const client = await connectRunner(opts.socketPath);
    const out = capture(client, 0);
    await waitFor(() => out.text().includes('ready size:90x30'), 'the agent to report its initial size');

    client.input('héllo');
    await waitFor(() => out.text().includes('echo:"héllo"'), 'the typed text to echo back');
    client.resize(132, 43);
    await waitFor(() => out.text().includes('size:132x43'), 'the agent to see the resize');
    client.input('\x04');
    expect(await out.exit).toEqual({ exitCode: 0, signal: null });
    await running;
  });
});

describe('runAgentInPty stop', () => {
  it('stops a cooperative agent with SIGTERM', async () => {
    const port = recordingPort();
    const opts = options(nodeAgent('echo-size.mjs'), port);
    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.socketPath), 'the runner socket');
    const client = await connectRunner(opts.socketPath);
    const out = capture(client, 0);
    await waitFor(() => out.text().includes('ready'), 'the agent to start');

    const started = Date.now();
    expect(await client.stop(5000)).toEqual({ exitCode: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await running).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    expect(port.exitInfo).toEqual({ exitCode: null, signal: 'SIGTERM', stopReason: null });
  });

  it('SIGKILLs an agent that ignores SIGTERM once the grace period is over', async () => {
    const port = recordingPort();
    const opts = options(nodeAgent('ignore-term.mjs'), port, { stopGraceMs: 400 });
    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.socketPath), 'the runner socket');
    const client = await connectRunner(opts.socketPath);
    const out = capture(client, 0);
    await waitFor(() => out.text().includes('ready'), 'the agent to start');

    const started = Date.now();
    const exit = await client.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(exit).toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(out.text()).toContain('ignoring SIGTERM');
    await running;
  });

  it('stops the agent when the abort signal fires (the runner itself was asked to quit)', async () => {
    const abort = new AbortController();
    const opts = options(nodeAgent('echo-size.mjs'), recordingPort(), { signal: abort.signal });
    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.logPath) && readFileSync(opts.logPath, 'utf8').includes('ready'), 'the agent to start');
    abort.abort();
    expect(await running).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
  });
});

describe('runAgentInPty failures', () => {
  it('rejects quickly and clearly when the program does not exist', async () => {
    const port = recordingPort();
    const opts = options({ program: 'switchyard-no-such-agent', args: [] }, port);
    const started = Date.now();
    const err = (await runAgentInPty(opts).catch((e: unknown) => e)) as RunnerError;
    expect(err.code).toBe('program_not_found');
    expect(err.message).toContain('program "switchyard-no-such-agent" was not found on PATH');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(port.calls).toEqual([]);
    expect(existsSync(opts.socketPath)).toBe(false);

    const byPath = (await runAgentInPty(options({ program: join(dir, 'missing-agent'), args: [] }, port)).catch((e: unknown) => e)) as RunnerError;
    expect(byPath.code).toBe('program_not_found');
    expect(byPath.message).toContain(`${join(dir, 'missing-agent')} does not exist or is not an executable file`);
  });

  it('rejects quickly and clearly when the working directory does not exist', async () => {
    const missing = join(dir, 'gone');
    const err = (await runAgentInPty(options(nodeAgent('echo-size.mjs'), recordingPort(), { cwd: missing })).catch((e: unknown) => e)) as RunnerError;
    expect(err.code).toBe('cwd_missing');
    expect(err.message).toContain(`working directory ${missing} does not exist`);
  });

  it('stops the agent and rejects when the state port refuses the start', async () => {
    const port = recordingPort();
    port.started = () => {
      throw new Error('session abc is stopped');
    };
    const opts = options(nodeAgent('echo-size.mjs'), port);
    await expect(runAgentInPty(opts)).rejects.toThrow('session abc is stopped');
    expect(port.exitInfo).toEqual({ exitCode: null, signal: 'SIGTERM', stopReason: null });
    expect(existsSync(opts.socketPath)).toBe(false);
  });

  it('refuses to start a second runner on a socket that is in use', async () => {
    const opts = options(nodeAgent('echo-size.mjs'), recordingPort());
    const running = runAgentInPty(opts);
    await waitFor(() => existsSync(opts.socketPath), 'the runner socket');
    const err = (await runAgentInPty({ ...opts, logPath: join(dir, 'other.log'), port: recordingPort() }).catch((e: unknown) => e)) as RunnerError;
    expect(err.code).toBe('already_running');
    const client = await connectRunner(opts.socketPath);
    await client.stop(2000);
    await running;
  });

  it('tells a client plainly when no runner is listening, and the log stays readable', async () => {
    const socketPath = join(dir, 'sockets', 'nobody.sock');
    await expect(connectRunner(socketPath)).rejects.toThrow(`session runner is not running (no socket at ${socketPath})`);
    await expect(readLogFrom(join(dir, 'none.log'), 0)).rejects.toThrow('No output log at');
  });
});

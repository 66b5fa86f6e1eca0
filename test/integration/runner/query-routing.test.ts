// Who answers an agent's terminal queries once terminals attach: exactly one, the most recent live
// terminal client, told so by `mode` frames; the others (and history) get the queries removed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryFilter, connectRunner, runAgentInPty } from '../../../src-main/engine/runner';
import type { OutputMode, RunnerClient } from '../../../src-main/engine/runner';
import { fixturesDir, makeTempDir, nodeAgent, recordingPort, waitFor } from './helpers';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => cleanup());

/** A client standing in for a terminal: it filters by mode and answers the live queries it keeps. */
function fakeTerminal(client: RunnerClient, name: string, answer: string) {
  const filter = new QueryFilter();
  const modes: OutputMode[] = [];
  let shown = '';
  client.attach(
    0,
    (chunk, _offset, mode) => {
      if (modes.at(-1) !== mode) modes.push(mode);
      const text = filter.push(chunk, mode.live && mode.answering).toString('latin1');
      shown += text;
      // Like a terminal: every cursor position query it is shown gets its reply.
      for (let n = text.split('\x1b[6n').length - 1; n > 0; n--) client.input(answer);
    },
    () => undefined,
    { terminal: true },
  );
  return { name, modes, shown: () => shown };
}

describe('terminal query routing', () => {
  it('the latest live terminal answers, once; earlier ones and the replay never do', async () => {
    const askLog = join(dir, 'ask.log');
    const port = recordingPort();
    const socketPath = join(dir, 'sockets', 'q.sock');
    const run = runAgentInPty({
      ...nodeAgent('asks-terminal.mjs'),
      env: { ...process.env, ASK_LOG: askLog },
      cwd: dir,
      logPath: join(dir, 'logs', 'q.log'),
      socketPath,
      heartbeatIntervalMs: 0,
      port,
    });
    const records = () => (existsSync(askLog) ? readFileSync(askLog, 'utf8') : '');
    await waitFor(() => records().includes('PROMPT'), 'the prompt (start-up queries answered by the runner)', 20_000);

    const first = fakeTerminal(await connectRunner(socketPath), 'first', '\x1b[11;1R');
    await waitFor(() => first.shown().includes('Any key approves'), 'the replay in the first terminal');
    const secondClient = await connectRunner(socketPath);
    const second = fakeTerminal(secondClient, 'second', '\x1b[22;1R');
    await waitFor(() => second.shown().includes('Any key approves'), 'the replay in the second terminal');
    // Neither replay was answered.
    expect(records()).not.toMatch(/APPROVED/);

    secondClient.input('y'); // approves; the agent then asks ESC[6n live
    await waitFor(() => records().includes('LIVE'), 'the live answer');
    expect(records()).toContain('LIVE "\\u001b[22;1R"');
    await waitFor(() => second.shown().includes('LIVE ANSWER'), 'the live answer echoed');
    secondClient.input('q');
    await waitFor(() => records().includes('INPUT'), 'the next input');
    // Exactly one answer: the next input after the live answer is the key typed.
    expect(records().trim().split('\n').slice(-2)).toEqual(['LIVE "\\u001b[22;1R"', 'INPUT "q"']);

    // The replay was history for both; the second terminal went live and was made the answerer.
    expect(first.modes[0]).toMatchObject({ offset: 0, live: false, answering: false });
    expect(second.modes[0]).toMatchObject({ offset: 0, live: false, answering: false });
    expect(second.modes.at(-1)).toMatchObject({ live: true, answering: true });
    expect(first.modes.at(-1)).toMatchObject({ live: true, answering: false });

    const stopper = await connectRunner(socketPath);
    await stopper.stop(200);
    await run;
  }, 60_000);
});

describe('detaching right after typing', () => {
  it('delivers the last keys a client sent before closing, every time', async () => {
    const askLog = join(dir, 'ask.log');
    const socketPath = join(dir, 'sockets', 'd.sock');
    const spec = { ...nodeAgent('asks-terminal.mjs'), cwd: dir, logPath: join(dir, 'logs', 'd.log'), socketPath, stateFile: join(dir, 'state.jsonl') };
    // The runner in its own process, as in real use: its writes race with the client's close.
    const runner = spawn(process.execPath, ['--import', 'tsx', join(fixturesDir, 'runner-main.ts'), JSON.stringify(spec)], {
      cwd: repoRoot,
      env: { ...process.env, ASK_LOG: askLog },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const records = () => (existsSync(askLog) ? readFileSync(askLog, 'utf8') : '');
      await waitFor(() => records().includes('PROMPT'), 'the prompt', 20_000);
      const keys = ['y', ...Array.from({ length: 10 }, (_, i) => `k${i}`)];
      for (const key of keys) {
        // Like `switchyard attach`: see the replay, type, detach at once.
        const client = await connectRunner(socketPath);
        let seen = '';
        await new Promise<void>((resolve) =>
          client.attach(
            0,
            (chunk) => {
              seen += chunk.toString('latin1');
              if (seen.includes(key === 'y' ? 'Any key approves' : '> ')) resolve();
            },
            () => resolve(),
          ),
        );
        client.input(key);
        client.close();
        await waitFor(() => records().includes(JSON.stringify(key)), `the agent to get ${key}`);
      }
      expect(records().match(/^(APPROVED|INPUT) .*$/gm)).toEqual(keys.map((k) => `${k === 'y' ? 'APPROVED' : 'INPUT'} ${JSON.stringify(k)}`));
      const stopper = await connectRunner(socketPath);
      await stopper.stop(200);
      await waitFor(() => runner.exitCode !== null, 'the runner to quit');
    } finally {
      runner.kill('SIGKILL');
    }
  }, 60_000);
});

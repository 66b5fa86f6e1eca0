// "Nothing lost, nobody in": an agent's terminal queries are answered while it runs detached, a
// terminal attached later never answers the replayed ones, and only what the user types reaches
// the agent. Real runners, the built CLI, and tmux as the user's terminal (it answers queries the
// way a terminal emulator does).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAskWorld } from '../../helpers/ask-terminal';
import type { AskWorld } from '../../helpers/ask-terminal';
import { cliPath } from '../../helpers/cli';
import { waitFor } from '../../helpers/sessions';

const haveTmux = existsSync('/usr/bin/tmux');

let world: AskWorld;
beforeEach(() => {
  world = makeAskWorld();
});
afterEach(async () => {
  for (const s of JSON.parse((await world.cli(['list', '--json'])).stdout || '[]') as Array<{ id: string; state: string }>) {
    if (s.state === 'running' || s.state === 'pending') await world.cli(['stop', s.id]);
  }
  world.cleanup();
});

/** The agent (or a zombie of it) no longer exists. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('terminal queries of a detached agent', () => {
  it('are answered by the runner, so the agent starts and waits at its prompt with no approval', async () => {
    await world.startAsking();
    const answers = await world.waitForRecord('ANSWERS');
    // The fake TUI asked ESC[6n then ESC[c: it got a cursor position report, then DA1.
    expect(answers.value).toMatch(/^\x1b\[\d+;\d+R\x1b\[\?[\d;]*c$/);
    await world.waitForRecord('PROMPT');
    expect(world.records().filter((r) => r.kind === 'APPROVED')).toEqual([]);
  });
});

describe.skipIf(!haveTmux)('switchyard attach in a real terminal (tmux)', () => {
  let tmuxSocket: string;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', tmuxSocket, ...args], { encoding: 'utf8' });
  beforeEach(() => {
    tmuxSocket = join(world.root, 'tmux.sock');
  });
  afterEach(() => {
    try {
      tmux('kill-server');
    } catch {
      // no server left
    }
  });

  it('replays the session without the terminal answering stale queries; only typed keys reach the agent', async () => {
    const id = await world.startAsking();
    await world.waitForRecord('PROMPT');
    tmux('new-session', '-d', '-s', 'user', '-x', '120', '-y', '30', process.execPath, cliPath, '--home', world.home, 'attach', id);
    // The whole replay is on screen (the queries came before the prompt line), so tmux has parsed
    // and, had they reached it, answered them: any answer is now ahead of what we type.
    await waitFor('the replayed prompt in the terminal', () => tmux('capture-pane', '-p', '-t', 'user').includes('Any key approves'));
    expect(world.records().filter((r) => r.kind === 'APPROVED')).toEqual([]);

    // Positive control: what the user types does reach the agent, and it is the first input.
    tmux('send-keys', '-t', 'user', 'y');
    const approved = await world.waitForRecord('APPROVED');
    expect(approved.value).toBe('y');

    // Live queries, once attached, are answered by the terminal itself (tmux knows the real cursor
    // row, the runner would say 1;1), exactly once: the next input is the next key typed.
    const live = await world.waitForRecord('LIVE');
    const [, row] = /^\x1b\[(\d+);(\d+)R$/.exec(live.value) ?? [];
    expect(Number(row)).toBeGreaterThan(1);
    await waitFor('the live answer on screen', () => tmux('capture-pane', '-p', '-t', 'user').includes('LIVE ANSWER'));
    tmux('send-keys', '-t', 'user', 'z');
    await world.waitForRecord('INPUT');
    expect(world.records().map((r) => r.kind)).toEqual(['ANSWERS', 'PROMPT', 'APPROVED', 'LIVE', 'INPUT']);
    expect(world.records().at(-1)?.value).toBe('z');
  }, 60_000);

  it('a second attach replays everything again, still without answering old queries', async () => {
    const id = await world.startAsking();
    await world.waitForRecord('PROMPT');
    for (const name of ['first', 'second']) {
      tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', process.execPath, cliPath, '--home', world.home, 'attach', id);
      // Keep the pane (and the server) after `attach` exits, to read its last line. It cannot
      // have exited yet: it runs until we press Ctrl-].
      tmux('set-option', '-t', name, 'remain-on-exit', 'on');
      await waitFor(`the replay in the ${name} terminal`, () => tmux('capture-pane', '-p', '-t', name).includes('Any key approves'));
      tmux('send-keys', '-t', name, 'C-]');
      await waitFor(`the ${name} terminal to detach`, () => tmux('capture-pane', '-p', '-t', name).includes('detached from'));
    }
    expect(world.records().filter((r) => r.kind === 'APPROVED')).toEqual([]);
  }, 60_000);
});

describe('a runner that gets a signal', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('on %s stops the agent’s whole process group and records the session stopped with the reason', async (signal) => {
    const id = await world.startAsking({ ASK_CHILD: '1' });
    await world.waitForRecord('PROMPT');
    const child = Number((await world.waitForRecord('CHILD')).value);
    const running = await world.status(id);
    expect(running.state).toBe('running');
    const agentPid = running.pid!;
    const runnerPid = running.runnerPid!;
    expect(gone(child)).toBe(false);

    process.kill(runnerPid, signal);
    const stopped = await waitFor('the session to be recorded stopped', async () => {
      const s = await world.status(id);
      return s.state === 'stopped' ? s : null;
    });
    expect(stopped.stateReason).toBe(`the session runner received ${signal}`);
    await waitFor('the runner to exit', () => gone(runnerPid));
    expect(gone(agentPid)).toBe(true);
    expect(gone(child)).toBe(true);
  }, 60_000);
});

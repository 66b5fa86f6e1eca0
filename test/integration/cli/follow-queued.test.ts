// `logs -f` and `attach` on a session whose runner is not listening yet (just started, or queued
// for a worktree slot): they wait for it instead of printing the first lines of the log and stopping.
import { afterEach, describe, expect, it } from 'vitest';
import { initUserRepo } from '../../helpers/repo-world';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';

let world: World;
afterEach(() => world?.cleanup());

describe('following a session that has not started yet', () => {
  it('waits for a queued session and prints its whole output once it runs', async () => {
    world = makeWorld({ mode: 'sleep', config: 'max_parallel_worktrees = 1\n' });
    initUserRepo(world.work);
    const first = await world.startJson(['--task', 'hold the only slot']);
    await waitFor('first running', async () => (await world.status(first.id)).state === 'running');
    const queued = await world.startJson(['--task', 'wait your turn']);
    expect(queued.state).toBe('pending');
    expect(queued.stateReason).toContain('waiting for a worktree slot');

    const followed = world.cli(['logs', '-f', queued.id]);
    const attached = world.cli(['attach', queued.id]);
    await new Promise((r) => setTimeout(r, 1500)); // both are waiting, not done
    // Freeing the slot starts the queued session (its agent prints a line, then a dot a second).
    // `stop` starts it itself (the stopped session's runner leaves that to it).
    const stop = await world.cli(['stop', first.id, '--cleanup']);
    expect(stop.stdout).toContain(`Started queued session(s): ${queued.id}`);
    await waitFor('queued running', async () => (await world.status(queued.id)).state === 'running');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await world.cli(['stop', queued.id])).code).toBe(0);

    const f = await followed;
    expect(f.code, f.stderr).toBe(0);
    expect(f.stderr).toContain(`[session ${queued.id} is waiting to start; following it once it does`);
    expect(f.stdout).toContain('fake agent started (sleep)');
    expect(f.stdout).toContain(`[switchyard] created worktree`);
    const a = await attached;
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toContain(`[attached to ${queued.id}`);
    expect(a.stdout).toContain('fake agent started (sleep)');
  }, 60_000);
});

// The checked merge queue's operations on a real host (what the board's "Check" and "Fix with
// agent" call): results validated against the contract, state and events as the board reads them.
import { afterEach, describe, expect, it } from 'vitest';
import { branchCheckOutcomeSchema, mergeCheckEventSchema, mergeCheckSchema } from '../../../src-main/api';
import { createApiHost, type ApiHost } from '../../../src-main/host';
import { cliPath } from '../../helpers/cli';
import { git, queueWorld, type QueueWorld } from '../merge-queue/world';

let w: QueueWorld | undefined;
let host: ApiHost | undefined;
afterEach(async () => {
  await host?.dispose();
  w?.cleanup();
  host = w = undefined;
});

async function call<T>(h: ApiHost, op: string, input: unknown): Promise<T> {
  const r = await h.call(op, input);
  if (!r.ok) throw new Error(`${op}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('merge checks over the API', () => {
  it('checkCard checks a branch without landing it; mergeChecks and the merge_check events carry state, duration, log path and tail', async () => {
    const world = (w = queueWorld());
    await world.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', { 'check.sh': 'echo "all good"\n' });
    await world.session('sess-a', 5, { 'a.txt': 'a\n' });
    const main = git(world.repo, 'rev-parse', 'main').trim();
    const h = (host = createApiHost({ home: world.home, cwd: world.repo, runnerCommand: [process.execPath, cliPath] }));

    const checked = await call<{ ok: true; result: unknown }>(h, 'checkCard', { id: 'sess-a' });
    expect(checked.ok).toBe(true);
    const outcome = branchCheckOutcomeSchema.parse(checked.result);
    expect(outcome).toMatchObject({ result: 'passed', record: { state: 'passed', logTail: expect.stringContaining('all good') } });
    expect(git(world.repo, 'rev-parse', 'main').trim()).toBe(main);

    const { checks, branches, scratchWorktrees } = await call<{ checks: unknown[]; branches: unknown[]; scratchWorktrees: unknown[] }>(h, 'mergeChecks', {});
    // The board labels the card "Check & merge" from this.
    expect(branches).toEqual([{ sessionId: 'sess-a', checkCommand: 'sh check.sh', refusal: null }]);
    expect(checks.map((c) => mergeCheckSchema.parse(c))).toEqual([expect.objectContaining({ sessionId: 'sess-a', state: 'passed', durationMs: expect.any(Number), logPath: expect.any(String) })]);
    expect(scratchWorktrees).toEqual([]);
    const events = h.deps.store.listEvents({ kinds: ['merge_check'] }).map((e) => mergeCheckEventSchema.parse(e.payload));
    expect(events.map((e) => e.state)).toEqual(expect.arrayContaining(['checking', 'passed']));

    // Nothing to fix: the refusal comes back as a value for the card, naming what to do.
    const resolve = await call<{ ok: false; error: string }>(h, 'resolveCard', { id: 'sess-a' });
    expect(resolve).toEqual({ ok: false, error: expect.stringContaining('Nothing to resolve for sess-a') });
  }, 60_000);
});

// Seed tests 47-53: assignment reuses idle delegates, prefers graph matches, spawns with capacity,
// defers when saturated; and the preview makes the same choice without side effects.
import { afterEach, describe, expect, it } from 'vitest';
import { assignSession, previewAssignment } from '../../../src-main/engine/delegation';
import { addSession, handoff, inboxTasks, openFixture, type Fixture } from './helpers';

let fx: Fixture;
afterEach(() => fx.cleanup());

function handoffContexts(id: string): string[] {
  return fx.store
    .listMessagesForSession(id, 100)
    .filter((m) => m.toSession === id && m.msgType === 'task_handoff')
    .map((m) => (JSON.parse(m.content) as { TaskHandoff?: { context: string } }).TaskHandoff?.context ?? '');
}

describe('assignSession', () => {
  it('reuses an idle delegate whose handoffs are all read (test 47)', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    addSession(fx, 'idle-worker', 'idle');
    handoff(fx, 'lead', 'idle-worker', 'Previous task', { read: true });
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'Review billing edge cases', agent: 'claude', worktree: false });
    expect(outcome).toMatchObject({ sessionId: 'idle-worker', action: 'reused_idle', delivery: 'inbox' });
    expect(inboxTasks(fx, 'idle-worker')).toEqual(['Previous task', 'Review billing edge cases']);
    expect(handoffContexts('idle-worker').at(-1)).toBe(`Assigned by lead [claude] | cwd ${fx.repo} | reused idle delegate`);
    // A headless delegate cannot be typed into: the handoff waits in its inbox.
    expect(fx.store.unreadTaskHandoffCount('idle-worker')).toBe(1);
    expect(fx.launches).toHaveLength(0);
  });

  it('prefers the idle delegate whose context graph matches the task (test 48)', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    addSession(fx, 'older-worker', 'idle', { agoSecs: 120 });
    addSession(fx, 'auth-worker', 'idle', { agoSecs: 60 });
    handoff(fx, 'lead', 'older-worker', 'old', { read: true });
    handoff(fx, 'lead', 'auth-worker', 'auth', { read: true });
    fx.store.upsertContextEntity({
      sessionId: 'auth-worker',
      entityType: 'file',
      name: 'auth-callback.ts',
      path: 'src/auth/callback.ts',
      summary: 'Auth callback recovery edge cases',
    });
    const task = 'Investigate auth callback recovery';
    const preview = previewAssignment(fx.deps, 'lead', task, 'claude');
    expect(preview).toEqual({
      sessionId: 'auth-worker',
      action: 'reused_idle',
      delegateState: 'idle',
      handoffBacklog: 0,
      graphMatchTerms: ['auth', 'callback', 'recovery'],
    });
    expect(fx.store.unreadTaskHandoffCount('auth-worker')).toBe(0);
    const outcome = await assignSession(fx.deps, { lead: 'lead', task, agent: 'claude', worktree: false });
    expect(outcome.sessionId).toBe('auth-worker');
    expect(outcome.action).toBe('reused_idle');
  });

  it('without a graph match reuses the least recently updated idle delegate', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    addSession(fx, 'older-worker', 'idle', { agoSecs: 120 });
    addSession(fx, 'newer-worker', 'idle', { agoSecs: 10 });
    handoff(fx, 'lead', 'older-worker', 'a', { read: true });
    handoff(fx, 'lead', 'newer-worker', 'b', { read: true });
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'Write docs', agent: 'claude', worktree: false });
    expect(outcome.sessionId).toBe('older-worker');
  });

  it('spawns instead of reusing an idle delegate with an unread handoff (test 49)', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    addSession(fx, 'idle-worker', 'idle');
    handoff(fx, 'lead', 'idle-worker', 'Queued task');
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'New task', agent: 'claude', worktree: false });
    expect(outcome.action).toBe('spawned');
    expect(outcome.sessionId).not.toBe('idle-worker');
    expect(inboxTasks(fx, 'idle-worker')).toEqual(['Queued task']);
    expect(inboxTasks(fx, outcome.sessionId)).toEqual(['New task']);
    expect(handoffContexts(outcome.sessionId)).toEqual([`Assigned by lead [claude] | cwd ${fx.repo} | spawned new delegate`]);
  });

  it('reuses an idle delegate when only non-handoff messages are unread (test 50)', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    addSession(fx, 'idle-worker', 'idle');
    handoff(fx, 'lead', 'idle-worker', 'Done task', { read: true });
    fx.store.sendMessage('lead', 'idle-worker', 'FYI: CI is green', 'info');
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'Follow up', agent: 'claude', worktree: false });
    expect(outcome).toMatchObject({ sessionId: 'idle-worker', action: 'reused_idle' });
  });

  it('spawns while the team has capacity; the delegate starts pending in the lead directory (test 51)', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    addSession(fx, 'busy-worker', 'running');
    handoff(fx, 'lead', 'busy-worker', 'Busy task');
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'Parallel task', agent: 'claude', worktree: false });
    expect(outcome.action).toBe('spawned');
    const spawned = fx.store.getSession(outcome.sessionId);
    expect(spawned?.state).toBe('pending');
    expect(spawned?.workingDir).toBe(fx.repo);
    expect(inboxTasks(fx, outcome.sessionId)).toEqual(['Parallel task']);
    expect(fx.store.unreadTaskHandoffCount(outcome.sessionId)).toBe(1);
    expect(fx.launches).toHaveLength(1);
    // The runner is launched for the new session; the task stays out of its argv (it reads the row).
    expect(fx.launches[0]).toEqual(expect.arrayContaining(['--session-id', outcome.sessionId]));
    expect(fx.launches[0]).not.toContain('Parallel task');
    expect(inboxTasks(fx, 'busy-worker')).toEqual(['Busy task']);
  });

  it("gives a spawned delegate the lead's project and task group (test 52)", async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running', { project: 'ecc-platform', taskGroup: 'checkout recovery' });
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'Verify webhook retries', agent: 'claude', worktree: false });
    const spawned = fx.store.getSession(outcome.sessionId);
    expect(spawned?.project).toBe('ecc-platform');
    expect(spawned?.taskGroup).toBe('checkout recovery');
  });

  it('defers when the team is saturated and hands nothing to the busy delegate (test 53)', async () => {
    fx = openFixture({ max_parallel_sessions: 1 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'busy-worker', 'running');
    handoff(fx, 'lead', 'busy-worker', 'Busy task');
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'One more', agent: 'claude', worktree: false });
    expect(outcome).toEqual({ sessionId: 'lead', action: 'deferred_saturated', delivery: null, handoffMessageId: null });
    expect(inboxTasks(fx, 'busy-worker')).toEqual(['Busy task']);
    expect(fx.launches).toHaveLength(0);
    expect(previewAssignment(fx.deps, 'lead', 'One more', 'claude')).toEqual({
      sessionId: 'busy-worker',
      action: 'deferred_saturated',
      delegateState: 'running',
      handoffBacklog: 1,
      graphMatchTerms: [],
    });
  });

  it('reuses a clear active delegate at capacity', async () => {
    fx = openFixture({ max_parallel_sessions: 1 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'worker', 'running');
    handoff(fx, 'lead', 'worker', 'First', { read: true });
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'Second', agent: 'claude', worktree: false });
    expect(outcome).toMatchObject({ sessionId: 'worker', action: 'reused_active', delivery: 'inbox' });
    expect(handoffContexts('worker').at(-1)).toMatch(/\| reused active delegate at capacity$/);
  });

  it('defers at capacity when an idle delegate is backed up, and previews that delegate', async () => {
    fx = openFixture({ max_parallel_sessions: 2 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'idle-a', 'idle', { agoSecs: 30 });
    addSession(fx, 'idle-b', 'idle', { agoSecs: 60 });
    handoff(fx, 'lead', 'idle-a', 'a1');
    handoff(fx, 'lead', 'idle-b', 'b1');
    handoff(fx, 'lead', 'idle-b', 'b2');
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'More', agent: 'claude', worktree: false });
    expect(outcome.action).toBe('deferred_saturated');
    expect(previewAssignment(fx.deps, 'lead', 'More', 'claude')).toMatchObject({ sessionId: 'idle-a', delegateState: 'idle', handoffBacklog: 1 });
  });

  it('spawns a fallback delegate when max_parallel_sessions is 0', async () => {
    fx = openFixture({ max_parallel_sessions: 0 });
    addSession(fx, 'lead', 'running');
    const outcome = await assignSession(fx.deps, { lead: 'lead', task: 'Anything', agent: 'claude', worktree: false });
    expect(outcome.action).toBe('spawned');
    expect(handoffContexts(outcome.sessionId)).toEqual([`Assigned by lead [claude] | cwd ${fx.repo} | spawned fallback delegate`]);
  });

  it('names a missing lead', async () => {
    fx = openFixture();
    await expect(assignSession(fx.deps, { lead: 'nope', task: 'x', worktree: false })).rejects.toThrow('Session not found: nope');
  });
});

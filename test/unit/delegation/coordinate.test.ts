// Seed tests 58-60: coordination passes and rebalancing; plus spec §5.13 item 5 (never mark a
// handoff read unless it was routed).
import { afterEach, describe, expect, it } from 'vitest';
import { coordinateBacklog, coordinateUntilHealthy, rebalanceAllTeams, rebalanceTeamBacklog } from '../../../src-main/engine/delegation';
import { addSession, handoff, inboxTasks, openFixture, unreadCount, type Fixture } from './helpers';

let fx: Fixture;
afterEach(() => fx.cleanup());
const route = { agent: 'claude', worktree: false };

describe('coordinateBacklog', () => {
  it('reports the backlog left after a limited pass (test 58)', async () => {
    fx = openFixture();
    addSession(fx, 'lead-a', 'running');
    addSession(fx, 'lead-b', 'running');
    handoff(fx, 'planner', 'lead-a', 'Task A');
    handoff(fx, 'planner', 'lead-b', 'Task B');
    const outcome = await coordinateBacklog(fx.deps, { leadLimit: 1, ...route });
    expect(outcome.dispatched).toHaveLength(1);
    expect(outcome.rebalanced).toHaveLength(0);
    expect(outcome).toMatchObject({
      remainingBacklogSessions: 2,
      remainingBacklogMessages: 2,
      remainingAbsorbableSessions: 2,
      remainingSaturatedSessions: 0,
    });
  });

  it('classifies a lead at capacity as saturated (test 59)', async () => {
    fx = openFixture({ max_parallel_sessions: 1, auto_dispatch_limit_per_session: 1 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'worker', 'running');
    handoff(fx, 'lead', 'worker', 'Earlier', { read: true });
    handoff(fx, 'planner', 'lead', 'task-a');
    handoff(fx, 'planner', 'lead', 'task-b');
    const outcome = await coordinateBacklog(fx.deps, { leadLimit: 10, ...route });
    expect(outcome.dispatched[0]?.routed.map((r) => [r.task, r.sessionId, r.action])).toEqual([['task-a', 'worker', 'reused_active']]);
    expect(outcome).toMatchObject({
      remainingBacklogSessions: 2,
      remainingBacklogMessages: 2,
      remainingAbsorbableSessions: 1,
      remainingSaturatedSessions: 1,
    });
  });

  it('repeats passes until the backlog is gone or nothing moves', async () => {
    fx = openFixture({ auto_dispatch_limit_per_session: 1 });
    addSession(fx, 'lead', 'running');
    handoff(fx, 'planner', 'lead', 'one');
    handoff(fx, 'planner', 'lead', 'two');
    const result = await coordinateUntilHealthy(fx.deps, { leadLimit: 1, ...route }, 5);
    // Each pass routes one; the spawned delegates' own handoffs stay unread, so the loop stops when
    // a pass moves nothing new rather than running all five passes.
    expect(result.passes.length).toBeGreaterThanOrEqual(2);
    expect(result.passes.length).toBeLessThanOrEqual(5);
    expect(fx.store.unreadTaskHandoffCount('lead')).toBe(0);
  });
});

describe('rebalancing', () => {
  it('moves work off a backed-up delegate onto a clear idle teammate (test 60)', async () => {
    fx = openFixture({ max_parallel_sessions: 2 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'worker-a', 'idle');
    addSession(fx, 'worker-b', 'idle');
    handoff(fx, 'lead', 'worker-a', 'Review auth flow');
    handoff(fx, 'lead', 'worker-a', 'Check billing retries');
    handoff(fx, 'lead', 'worker-b', 'Done earlier', { read: true });
    const outcomes = await rebalanceTeamBacklog(fx.deps, { lead: 'lead', limit: 5, ...route });
    expect(outcomes.map((o) => [o.fromSessionId, o.sessionId, o.action, o.task])).toEqual([
      ['worker-a', 'worker-b', 'reused_idle', 'Review auth flow'],
    ]);
    expect(unreadCount(fx, 'worker-a')).toBe(1);
    expect(unreadCount(fx, 'worker-b')).toBe(1);
    expect(inboxTasks(fx, 'worker-b')).toContain('Review auth flow');
  });

  it('leaves handoffs from other senders where they are', async () => {
    fx = openFixture({ max_parallel_sessions: 2 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'worker-a', 'idle');
    addSession(fx, 'worker-b', 'idle');
    handoff(fx, 'lead', 'worker-a', 'Mine', { read: true });
    handoff(fx, 'planner', 'worker-a', 'Planner 1');
    handoff(fx, 'planner', 'worker-a', 'Planner 2');
    handoff(fx, 'lead', 'worker-b', 'Done', { read: true });
    expect(await rebalanceTeamBacklog(fx.deps, { lead: 'lead', limit: 5, ...route })).toEqual([]);
    expect(unreadCount(fx, 'worker-a')).toBe(2);
  });

  it('never marks a handoff read when re-assignment defers (spec §5.13 item 5)', async () => {
    fx = openFixture({ max_parallel_sessions: 2 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'worker-a', 'idle');
    addSession(fx, 'worker-b', 'idle');
    handoff(fx, 'lead', 'worker-a', 'a1');
    handoff(fx, 'lead', 'worker-a', 'a2');
    handoff(fx, 'lead', 'worker-b', 'b1', { read: true });
    // Another process hands worker-b a task right after rebalancing counted unread messages: the
    // counts it sees say worker-b is clear, assignment then finds it backed up and defers.
    const stale = fx.store.unreadMessageCounts();
    handoff(fx, 'planner', 'worker-b', 'b2');
    const deps = { ...fx.deps, store: { ...fx.store, unreadMessageCounts: () => new Map(stale) } };
    expect(await rebalanceTeamBacklog(deps, { lead: 'lead', limit: 5, ...route })).toEqual([]);
    expect(fx.store.unreadTaskHandoffCount('worker-a')).toBe(2);
    expect(inboxTasks(fx, 'worker-b')).toEqual(['b1', 'b2']);
  });

  it('rebalances across all live leads', async () => {
    fx = openFixture({ max_parallel_sessions: 2 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'worker-a', 'idle');
    addSession(fx, 'worker-b', 'idle');
    handoff(fx, 'lead', 'worker-a', 'Review auth flow');
    handoff(fx, 'lead', 'worker-a', 'Check billing retries');
    handoff(fx, 'lead', 'worker-b', 'Done earlier', { read: true });
    const outcomes = await rebalanceAllTeams(fx.deps, { leadLimit: 10, ...route });
    expect(outcomes.map((o) => [o.leadSessionId, o.rerouted.length])).toEqual([['lead', 1]]);
  });
});

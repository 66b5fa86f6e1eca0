// Seed tests 54-57: draining a lead's inbox through assignment, and auto-dispatch across leads.
import { afterEach, describe, expect, it } from 'vitest';
import { autoDispatchBacklog, drainInbox } from '../../../src-main/engine/delegation';
import { addSession, handoff, inboxTasks, openFixture, unreadCount, type Fixture } from './helpers';

let fx: Fixture;
afterEach(() => fx.cleanup());
const route = { agent: 'claude', worktree: false };

describe('drainInbox', () => {
  it('routes unread handoffs and marks them read (test 54)', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    handoff(fx, 'planner', 'lead', 'Review auth changes');
    const outcomes = await drainInbox(fx.deps, { lead: 'lead', limit: 5, ...route });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ task: 'Review auth changes', action: 'spawned' });
    expect(fx.store.unreadMessageCounts().has('lead')).toBe(false);
    expect(inboxTasks(fx, outcomes[0]?.sessionId ?? '')).toEqual(['Review auth changes']);
  });

  it('leaves saturated handoffs unread (test 55)', async () => {
    fx = openFixture({ max_parallel_sessions: 1 });
    addSession(fx, 'lead', 'running');
    addSession(fx, 'busy-worker', 'running');
    handoff(fx, 'lead', 'busy-worker', 'Busy task');
    handoff(fx, 'planner', 'lead', 'Review auth changes');
    const outcomes = await drainInbox(fx.deps, { lead: 'lead', limit: 5, ...route });
    expect(outcomes).toEqual([
      { messageId: expect.any(Number), task: 'Review auth changes', sessionId: 'lead', action: 'deferred_saturated', delivery: null },
    ]);
    expect(unreadCount(fx, 'lead')).toBe(1);
    expect(unreadCount(fx, 'busy-worker')).toBe(1);
    expect(inboxTasks(fx, 'busy-worker')).toEqual(['Busy task']);
  });

  it('routes the highest-priority handoff first (test 56)', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    handoff(fx, 'planner', 'lead', 'Document cleanup', { priority: 'low' });
    handoff(fx, 'planner', 'lead', 'Critical auth outage', { priority: 'critical' });
    const outcomes = await drainInbox(fx.deps, { lead: 'lead', limit: 1, ...route });
    expect(outcomes.map((o) => [o.task, o.action])).toEqual([['Critical auth outage', 'spawned']]);
    const left = fx.store.unreadTaskHandoffsForSession('lead', 10);
    expect(left.map((m) => (JSON.parse(m.content) as { task: string }).task)).toEqual(['Document cleanup']);
  });
});

describe('autoDispatchBacklog', () => {
  it('drains several lead inboxes (test 57)', async () => {
    fx = openFixture();
    addSession(fx, 'lead-a', 'running');
    addSession(fx, 'lead-b', 'running');
    handoff(fx, 'planner', 'lead-a', 'Task A');
    handoff(fx, 'planner', 'lead-b', 'Task B');
    const outcomes = await autoDispatchBacklog(fx.deps, { leadLimit: 10, ...route });
    expect(outcomes.map((o) => [o.leadSessionId, o.unreadCount, o.routed.length]).sort()).toEqual([
      ['lead-a', 1, 1],
      ['lead-b', 1, 1],
    ]);
    const targets = fx.store.unreadTaskHandoffTargets(10).map((t) => t.sessionId);
    expect(targets).not.toContain('lead-a');
    expect(targets).not.toContain('lead-b');
  });

  it('skips an inbox that belongs to no session instead of failing the pass', async () => {
    fx = openFixture();
    addSession(fx, 'lead', 'running');
    handoff(fx, 'planner', 'ghost', 'Nobody will take this', { priority: 'critical' });
    handoff(fx, 'planner', 'lead', 'Real work');
    const outcomes = await autoDispatchBacklog(fx.deps, { leadLimit: 10, ...route });
    expect(outcomes.map((o) => o.leadSessionId)).toEqual(['lead']);
    expect(fx.store.unreadTaskHandoffCount('ghost')).toBe(1);
  });
});

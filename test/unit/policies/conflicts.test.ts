import { afterEach, describe, expect, it } from 'vitest';
import { encodeMessage } from '../../../src-main/engine/comms';
import { enforceConflictResolution } from '../../../src-main/engine/policies';
import { buildSession, createFixture, minutesAgo, type Fixture } from './fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

function seed(f: Fixture): void {
  f.store.insertSession(buildSession('lead', 'running', minutesAgo(1)));
  f.store.insertSession(buildSession('session-a', 'running', minutesAgo(1)));
  f.store.insertSession(buildSession('session-b', 'running', minutesAgo(1)));
  const h = encodeMessage({ kind: 'task_handoff', task: 'work', context: 'ctx', priority: 'normal' });
  f.store.sendMessage('lead', 'session-b', h.content, h.msgType);
  f.store.insertFileActivity({ sessionId: 'session-a', action: 'modify', path: 'src/lib.rs', summary: 'edit', timestamp: '2026-04-09T00:02:00.000Z' });
  f.store.insertFileActivity({ sessionId: 'session-b', action: 'modify', path: 'src/lib.rs', summary: 'write', timestamp: '2026-04-09T00:03:00.000Z' });
  // A path only read by one side is no conflict.
  f.store.insertFileActivity({ sessionId: 'session-a', action: 'modify', path: 'README.md', summary: 'edit', timestamp: '2026-04-09T00:01:00.000Z' });
  f.store.insertFileActivity({ sessionId: 'session-b', action: 'read', path: 'README.md', summary: 'read', timestamp: '2026-04-09T00:04:00.000Z' });
}

describe('conflict resolution (tests 64-65)', () => {
  it('escalate: pauses the later writer, records the incident and decision, notifies it and its lead; idempotent', async () => {
    fx = createFixture();
    seed(fx);
    const outcome = await enforceConflictResolution(fx.policy());
    expect(outcome).toEqual({ strategy: 'escalate', createdIncidents: 1, resolvedIncidents: 0, pausedSessions: ['session-b'] });
    expect(fx.store.getSession('session-a')?.state).toBe('running');
    expect(fx.store.getSession('session-b')?.state).toBe('stopped');
    expect(fx.store.hasOpenConflictIncident('src/lib.rs::session-a::session-b')).toBe(true);
    expect(fx.store.listDecisionsForSession('session-b', 10).map((d) => d.decision)).toEqual(['Pause work due to conflict on src/lib.rs']);
    const counts = fx.store.unreadApprovalCounts();
    expect(counts.get('session-b')).toBe(1);
    expect(counts.get('lead')).toBe(1);
    const queue = fx.store.unreadApprovalQueue(10);
    expect(queue.find((m) => m.toSession === 'session-b')?.content).toContain('src/lib.rs');
    expect(queue.find((m) => m.toSession === 'lead')?.content).toContain('delegate session-b paused');
    const events = fx.store.listEvents({ kinds: ['conflict_detected'] });
    expect(events.map((e) => [e.payload.pausedSessionId, e.payload.paused])).toEqual([['session-b', true]]);

    const again = await enforceConflictResolution(fx.policy());
    expect(again).toEqual({ strategy: 'escalate', createdIncidents: 0, resolvedIncidents: 0, pausedSessions: [] });
    expect(fx.store.listOpenConflictIncidentsForSession('session-b', 10)).toHaveLength(1);
  });

  it('last_write_wins: pauses the earlier writer and records the strategy', async () => {
    fx = createFixture((c) => (c.conflict_resolution = { enabled: true, strategy: 'last_write_wins', notify_lead: false }));
    seed(fx);
    const outcome = await enforceConflictResolution(fx.policy());
    expect(outcome.pausedSessions).toEqual(['session-a']);
    expect(fx.store.getSession('session-a')?.state).toBe('stopped');
    expect(fx.store.getSession('session-b')?.state).toBe('running');
    const incident = fx.store.getConflictIncident('src/lib.rs::session-a::session-b');
    expect(incident).toMatchObject({ activeSessionId: 'session-b', pausedSessionId: 'session-a', strategy: 'last_write_wins' });
    expect(fx.store.unreadApprovalCounts().get('lead')).toBeUndefined();
  });

  it('merge: pauses the later writer pending merge review', async () => {
    fx = createFixture((c) => (c.conflict_resolution = { enabled: true, strategy: 'merge', notify_lead: true }));
    seed(fx);
    const outcome = await enforceConflictResolution(fx.policy());
    expect(outcome.pausedSessions).toEqual(['session-b']);
    expect(fx.store.getConflictIncident('src/lib.rs::session-a::session-b')?.summary).toBe(
      'Queued manual merge on src/lib.rs; paused later session session-b until merge review against session-a',
    );
  });

  it('does nothing when disabled', async () => {
    fx = createFixture((c) => (c.conflict_resolution.enabled = false));
    seed(fx);
    expect(await enforceConflictResolution(fx.policy())).toEqual({ strategy: 'escalate', createdIncidents: 0, resolvedIncidents: 0, pausedSessions: [] });
    expect(fx.store.getSession('session-b')?.state).toBe('running');
  });
});

// Seed tests 46, 61-63: team status and coordination status, with upstream's padded labels.
import { afterEach, describe, expect, it } from 'vitest';
import {
  coordinationMode,
  getCoordinationStatus,
  getTeamStatus,
  operatorEscalationRequired,
  renderCoordinationStatus,
  renderTeamStatus,
  type CoordinationStatus,
} from '../../../src-main/engine/delegation';
import { EMPTY_ACTIVITY } from '../../../src-main/engine/store';
import { addSession, handoff, openFixture, type Fixture } from './helpers';

let fx: Fixture | undefined;
afterEach(() => fx?.cleanup());

describe('team status', () => {
  it('groups delegated children into lanes, two levels deep (test 46)', () => {
    fx = openFixture();
    const lead = addSession(fx, 'lead', 'running');
    addSession(fx, 'worker-a', 'running');
    addSession(fx, 'worker-b', 'pending');
    addSession(fx, 'reviewer', 'completed');
    handoff(fx, 'lead', 'worker-a', 'a');
    handoff(fx, 'lead', 'worker-b', 'b');
    handoff(fx, 'worker-a', 'reviewer', 'r');
    const team = getTeamStatus(fx.store, lead, 2);
    expect(team.descendants.map((d) => [d.session.id, d.depth])).toEqual([
      ['worker-b', 1],
      ['worker-a', 1],
      ['reviewer', 2],
    ]);
    const text = renderTeamStatus(team);
    expect(text).toContain('Lead:    lead [running]');
    for (const part of ['Running:', 'Pending:', 'Completed:', 'worker-a', 'worker-b', 'reviewer']) expect(text).toContain(part);
    expect(text).toBe(
      [
        'Lead:    lead [running]',
        'Task:    task-lead',
        'Agent:   claude',
        'Backlog: 0',
        'Board:',
        '  Running:',
        '    - worker-a [claude] | backlog 1 handoff(s) | task-worker-a',
        '  Pending:',
        '    - worker-b [claude] | backlog 1 handoff(s) | task-worker-b',
        '  Completed:',
        '    -   reviewer [claude] | backlog 1 handoff(s) | task-reviewer',
        '',
      ].join('\n'),
    );
    expect(renderTeamStatus(getTeamStatus(fx.store, lead, 1))).not.toContain('reviewer');
  });

  it('reports handoff backlog, not generic inbox noise (test 61)', () => {
    fx = openFixture();
    const lead = addSession(fx, 'lead', 'running');
    addSession(fx, 'worker', 'idle');
    handoff(fx, 'lead', 'worker', 'done', { read: true });
    fx.store.sendMessage('lead', 'worker', 'FYI', 'info');
    fx.store.sendMessage('lead', 'lead', 'note to self', 'info');
    const text = renderTeamStatus(getTeamStatus(fx.store, lead, 2));
    expect(text).toContain('Backlog: 0');
    expect(text).toContain('| backlog 0 handoff(s) |');
    expect(text).not.toContain('Inbox:');
  });

  it('says when there are no delegated sessions', () => {
    fx = openFixture();
    const lead = addSession(fx, 'solo', 'idle');
    handoff(fx, 'planner', 'solo', 'queued');
    expect(renderTeamStatus(getTeamStatus(fx.store, lead, 2))).toBe(
      ['Lead:    solo [idle]', 'Task:    task-solo', 'Agent:   claude', 'Backlog: 1', 'Board:   no delegated sessions'].join('\n'),
    );
  });
});

describe('coordination status', () => {
  it('renders mode, streak and every daemon pass (test 62)', () => {
    const now = Date.now();
    const at = (secsAgo: number) => new Date(now - secsAgo * 1000).toISOString();
    const status: CoordinationStatus = {
      backlogLeads: 2,
      backlogMessages: 5,
      absorbableSessions: 1,
      saturatedSessions: 1,
      mode: 'rebalance_first_chronic_saturation',
      health: 'saturated',
      operatorEscalationRequired: false,
      autoDispatchEnabled: true,
      autoDispatchLimitPerSession: 4,
      daemonActivity: {
        ...EMPTY_ACTIVITY,
        lastDispatchAt: at(0),
        lastDispatchRouted: 3,
        lastDispatchDeferred: 1,
        lastDispatchLeads: 2,
        chronicSaturationStreak: 2,
        lastRecoveryDispatchAt: at(5),
        lastRecoveryDispatchRouted: 2,
        lastRecoveryDispatchLeads: 1,
        lastRebalanceAt: at(2),
        lastRebalanceRerouted: 0,
        lastRebalanceLeads: 1,
        lastAutoMergeAt: at(1),
        lastAutoMergeMerged: 1,
        lastAutoMergeActiveSkipped: 1,
        lastAutoPruneAt: at(1),
        lastAutoPrunePruned: 2,
        lastAutoPruneActiveSkipped: 1,
      },
    };
    const text = renderCoordinationStatus(status);
    for (const line of [
      'Global handoff backlog: 2 lead(s) / 5 handoff(s) [1 absorbable, 1 saturated]',
      'Auto-dispatch: on @ 4/lead',
      'Coordination mode: rebalance-first (chronic saturation)',
      'Chronic saturation streak: 2 cycle(s)',
      'Last daemon dispatch: 3 routed / 1 deferred across 2 lead(s)',
      'Last daemon recovery dispatch: 2 handoff(s) across 1 lead(s)',
      'Last daemon rebalance: 0 handoff(s) across 1 lead(s)',
      'Last daemon auto-merge: 1 merged / 1 active / 0 conflicted / 0 dirty / 0 failed',
      'Last daemon auto-prune: 2 pruned / 1 active',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain('Operator escalation');
  });

  it('summarizes a real handoff backlog (test 63)', () => {
    fx = openFixture({ max_parallel_sessions: 1 });
    addSession(fx, 'source', 'running');
    addSession(fx, 'lead-a', 'running');
    addSession(fx, 'lead-b', 'running');
    addSession(fx, 'delegate-b', 'idle');
    handoff(fx, 'source', 'lead-a', 'a');
    handoff(fx, 'source', 'lead-b', 'b');
    handoff(fx, 'lead-b', 'delegate-b', 'db');
    fx.store.recordDaemonDispatchPass({ routed: 1, deferred: 1, leads: 2 });
    const status = getCoordinationStatus(fx.deps);
    expect(status).toMatchObject({
      backlogLeads: 3,
      backlogMessages: 3,
      absorbableSessions: 2,
      saturatedSessions: 1,
      mode: 'rebalance_first_chronic_saturation',
      health: 'saturated',
      operatorEscalationRequired: false,
    });
    expect(status.daemonActivity.lastDispatchRouted).toBe(1);
    expect(status.daemonActivity.lastDispatchDeferred).toBe(1);
  });

  it('is healthy with no backlog, absorbable with room, escalates on chronic saturation', () => {
    fx = openFixture();
    expect(getCoordinationStatus(fx.deps)).toMatchObject({ health: 'healthy', mode: 'dispatch_first', backlogMessages: 0 });
    addSession(fx, 'lead', 'running');
    handoff(fx, 'planner', 'lead', 'x');
    expect(getCoordinationStatus(fx.deps).health).toBe('backlog_absorbable');
    for (let i = 0; i < 5; i++) fx.store.recordDaemonDispatchPass({ routed: 0, deferred: 2, leads: 1 });
    fx.store.recordDaemonRebalancePass({ rerouted: 0, leads: 1 });
    const status = getCoordinationStatus(fx.deps);
    expect(status).toMatchObject({ health: 'escalation_required', mode: 'rebalance_cooloff_chronic_saturation', operatorEscalationRequired: true });
    expect(renderCoordinationStatus(status)).toContain('Operator escalation: chronic saturation is not clearing');
  });

  it('calls a clean dispatch after a recovery stabilized', () => {
    const a = {
      ...EMPTY_ACTIVITY,
      lastRecoveryDispatchAt: '2026-01-01T00:00:00.000Z',
      lastDispatchAt: '2026-01-01T00:01:00.000Z',
      lastDispatchDeferred: 0,
    };
    expect(coordinationMode(a)).toBe('dispatch_first_stabilized');
    expect(operatorEscalationRequired(a)).toBe(false);
    const text = renderCoordinationStatus({
      backlogLeads: 0,
      backlogMessages: 0,
      absorbableSessions: 0,
      saturatedSessions: 0,
      mode: 'dispatch_first_stabilized',
      health: 'healthy',
      operatorEscalationRequired: false,
      autoDispatchEnabled: false,
      autoDispatchLimitPerSession: 5,
      daemonActivity: { ...a, lastRebalanceAt: '2026-01-01T00:00:30.000Z' },
    });
    expect(text).toContain('Recovery stabilized: 2026-01-01T00:01:00.000Z');
    expect(text).toContain('Auto-dispatch: off @ 5/lead');
    expect(text).not.toContain('Last daemon rebalance');
  });
});

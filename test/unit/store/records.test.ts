// Round-trips of every non-session entity, with the orderings later features rely on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRemoteDispatchRequest } from '../../../src-main/engine/store';
import { EMPTY_ACTIVITY } from '../../../src-main/engine/store';
import { iso, openTempStore, sampleSession, type TempStore } from './helpers';

let t: TempStore;
const nowIso = () => new Date(t.clock.ms).toISOString();
beforeEach(() => {
  t = openTempStore();
  for (const id of ['s1', 's2', 's3']) t.store.insertSession(sampleSession(id));
});
afterEach(() => t.cleanup());

describe('session profiles', () => {
  it('round-trips a profile snapshot without ever persisting `agent`', () => {
    const full = {
      profileName: 'reviewer',
      model: 'opus',
      allowedTools: ['Read', 'Grep'],
      disallowedTools: ['Bash'],
      permissionMode: 'plan',
      addDirs: ['/docs'],
      maxBudgetUsd: 2.5,
      tokenBudget: 50_000,
      appendSystemPrompt: 'Be terse.',
    };
    t.store.upsertSessionProfile('s1', { ...full, agent: 'codex' });
    expect(t.store.getSessionProfile('s1')).toEqual(full);
    t.store.upsertSessionProfile('s1', { profileName: 'minimal', allowedTools: [], disallowedTools: [], addDirs: [] });
    expect(t.store.getSessionProfile('s1')).toEqual({ profileName: 'minimal', allowedTools: [], disallowedTools: [], addDirs: [] });
    expect(t.store.getSessionProfile('s2')).toBeNull();
  });
});

describe('tool log and file activity', () => {
  it('logs a tool call once per hook event id and mirrors its file events into file activity', () => {
    const first = t.store.insertToolLog({
      hookEventId: 'evt-1',
      sessionId: 's1',
      toolName: 'Edit',
      inputSummary: 'edit src/auth.ts',
      inputParamsJson: '{"file_path":"src/auth.ts"}',
      outputSummary: 'ok',
      triggerSummary: 'user asked',
      durationMs: 12,
      riskScore: 0.1,
      timestamp: iso(10),
      filePaths: ['src/auth.ts'],
      fileEvents: [{ path: 'src/auth.ts', action: 'modify', diffPreview: '-a\n+b', patchPreview: null }],
    });
    expect(first.inserted).toBe(true);
    expect(first.entry).toMatchObject({
      hookEventId: 'evt-1',
      toolName: 'Edit',
      inputParamsJson: '{"file_path":"src/auth.ts"}',
      triggerSummary: 'user asked',
      timestamp: iso(10),
      filePaths: ['src/auth.ts'],
      fileEvents: [{ path: 'src/auth.ts', action: 'modify', diffPreview: '-a\n+b', patchPreview: null }],
    });
    const again = t.store.insertToolLog({ hookEventId: 'evt-1', sessionId: 's1', toolName: 'Edit', inputSummary: 'dup', outputSummary: '', durationMs: 0, riskScore: 0 });
    expect(again).toEqual({ inserted: false, entry: first.entry });
    expect(t.store.countToolLogs('s1')).toBe(1);
    expect(t.store.listFileActivity('s1', 10)).toEqual([
      expect.objectContaining({ sessionId: 's1', action: 'modify', path: 'src/auth.ts', diffPreview: '-a\n+b', timestamp: iso(10) }),
    ]);
    expect(() =>
      t.store.insertToolLog({ sessionId: 'ghost', toolName: 'Read', inputSummary: '', outputSummary: '', durationMs: 0, riskScore: 0 }),
    ).toThrow('Session not found: ghost');
  });

  it('pages tool calls newest first (timestamp, then id) with the total, without a hook id', () => {
    for (let i = 0; i < 5; i++) {
      t.store.insertToolLog({ sessionId: 's2', toolName: `T${i}`, inputSummary: '', outputSummary: '', durationMs: i, riskScore: 0, timestamp: iso(i < 3 ? 100 : i) });
    }
    const page1 = t.store.queryToolLogs('s2', 1, 2);
    expect(page1.entries.map((e) => e.toolName)).toEqual(['T2', 'T1']);
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(t.store.queryToolLogs('s2', 2, 2).entries.map((e) => e.toolName)).toEqual(['T0', 'T4']);
    expect(t.store.queryToolLogs('s2', 0, 2).page).toBe(1);
    expect(t.store.queryToolLogs('s2', 3, 2).entries.map((e) => e.toolName)).toEqual(['T3']);
    expect(() => t.store.queryToolLogs('s2', 1, 0)).toThrow('page_size must be greater than 0');
  });

  it('lists file activity newest first', () => {
    t.store.insertFileActivity({ sessionId: 's1', action: 'read', path: 'a.ts', summary: 'read a', timestamp: iso(1) });
    const b = t.store.insertFileActivity({ sessionId: 's1', action: 'create', path: 'b.ts', summary: 'new b', timestamp: iso(3) });
    t.store.insertFileActivity({ sessionId: 's1', action: 'delete', path: 'c.ts', summary: 'rm c', timestamp: iso(2) });
    expect(b).toEqual({ id: b.id, sessionId: 's1', action: 'create', path: 'b.ts', summary: 'new b', diffPreview: null, patchPreview: null, timestamp: iso(3) });
    expect(t.store.listFileActivity('s1', 10).map((f) => f.path)).toEqual(['b.ts', 'c.ts', 'a.ts']);
    expect(t.store.listFileActivity('s1', 1)).toHaveLength(1);
  });
});

describe('decisions', () => {
  it('round-trips decisions, newest first', () => {
    const d1 = t.store.insertDecision('s1', 'use WAL', ['rollback journal', 'memory'], 'concurrent writers');
    const d2 = t.store.insertDecision('s1', 'retry busy', [], 'never show locked errors');
    expect(d1).toMatchObject({ sessionId: 's1', decision: 'use WAL', alternatives: ['rollback journal', 'memory'], reasoning: 'concurrent writers' });
    expect(t.store.listDecisionsForSession('s1', 10)).toEqual([d2, d1]);
    expect(() => t.store.insertDecision('ghost', 'x', [], '')).toThrow('Session not found: ghost');
  });
});

describe('conflict incidents', () => {
  const incident = (overrides = {}) => ({
    conflictKey: 'src/a.ts::s1::s2',
    path: 'src/a.ts',
    firstSessionId: 's1',
    secondSessionId: 's2',
    activeSessionId: 's1',
    pausedSessionId: 's2',
    firstAction: 'modify',
    secondAction: 'modify',
    strategy: 'escalate',
    summary: 's1 and s2 both modified src/a.ts',
    ...overrides,
  });

  it('inserts, updates and re-opens by key, lists open ones per session, resolves', () => {
    const created = t.store.upsertConflictIncident(incident());
    expect(created).toMatchObject({ ...incident(), resolvedAt: null });
    expect(t.store.getConflictIncident('src/a.ts::s1::s2')).toEqual(created);
    expect(t.store.hasOpenConflictIncident('src/a.ts::s1::s2')).toBe(true);
    const other = t.store.upsertConflictIncident(incident({ conflictKey: 'b.ts::s2::s3', path: 'b.ts', firstSessionId: 's2', secondSessionId: 's3', activeSessionId: 's2', pausedSessionId: 's3' }));

    expect(t.store.listOpenConflictIncidentsForSession('s2', 10).map((i) => i.id)).toEqual([other.id, created.id]);
    expect(t.store.listOpenConflictIncidentsForSession('s3', 10).map((i) => i.id)).toEqual([other.id]);
    expect(t.store.listOpenConflictIncidents(10)).toHaveLength(2);

    expect(t.store.resolveConflictIncident(created.id)).toBe(true);
    expect(t.store.resolveConflictIncident(created.id)).toBe(false);
    expect(t.store.hasOpenConflictIncident('src/a.ts::s1::s2')).toBe(false);
    expect(t.store.getConflictIncident('src/a.ts::s1::s2')?.resolvedAt).not.toBeNull();

    const reopened = t.store.upsertConflictIncident(incident({ strategy: 'last_write_wins', activeSessionId: 's2', pausedSessionId: 's1' }));
    expect(reopened).toMatchObject({ id: created.id, strategy: 'last_write_wins', activeSessionId: 's2', resolvedAt: null, createdAt: created.createdAt });
    expect(t.store.listOpenConflictIncidentsForSession('s1', 10).map((i) => i.id)).toEqual([created.id]);

    expect(t.store.resolveConflictIncidentsNotIn(['b.ts::s2::s3'])).toBe(1);
    expect(t.store.listOpenConflictIncidents(10).map((i) => i.conflictKey)).toEqual(['b.ts::s2::s3']);
  });
});

describe('context graph entities', () => {
  it('upserts by type and path, filters by session and type, most recently updated first', () => {
    const file = t.store.upsertContextEntity({
      sessionId: 's1',
      entityType: 'file',
      name: 'auth-callback.ts',
      path: 'src/auth/callback.ts',
      summary: 'Auth callback recovery edge cases',
      metadata: { language: 'ts' },
    });
    expect(file).toMatchObject({ sessionId: 's1', entityType: 'file', name: 'auth-callback.ts', path: 'src/auth/callback.ts', metadata: { language: 'ts' } });
    const topic = t.store.upsertContextEntity({ sessionId: 's2', entityType: 'topic', name: 'billing', summary: 'invoices' });
    expect(topic.path).toBeNull();
    expect(topic.metadata).toEqual({});

    const updated = t.store.upsertContextEntity({ entityType: 'file', name: 'auth-callback.ts', path: 'src/auth/callback.ts', summary: 'changed', metadata: {} });
    expect(updated).toMatchObject({ id: file.id, sessionId: 's1', summary: 'changed', createdAt: file.createdAt });

    expect(t.store.listContextEntities(null, null, 10).map((e) => e.name)).toEqual(['auth-callback.ts', 'billing']);
    expect(t.store.listContextEntities('s2', null, 10).map((e) => e.name)).toEqual(['billing']);
    expect(t.store.listContextEntities(null, 'file', 10).map((e) => e.name)).toEqual(['auth-callback.ts']);
    expect(t.store.listContextEntities(null, null, 1)).toHaveLength(1);
    expect(() => t.store.upsertContextEntity({ sessionId: 'ghost', entityType: 'file', name: 'x', summary: '' })).toThrow('Session not found: ghost');
  });
});

describe('pending worktree queue', () => {
  it('queues, re-queues, lists by request time then id, and dequeues', () => {
    t.store.enqueuePendingWorktree('s2', '/repo');
    t.store.enqueuePendingWorktree('s1', '/repo');
    t.store.enqueuePendingWorktree('s3', '/other');
    expect(t.store.pendingWorktreeQueue(10).map((q) => q.sessionId)).toEqual(['s2', 's1', 's3']);
    t.store.enqueuePendingWorktree('s2', '/repo2'); // insert-or-replace moves it to the back
    expect(t.store.pendingWorktreeQueue(10)).toEqual([
      { sessionId: 's1', repoRoot: '/repo', requestedAt: expect.any(String) },
      { sessionId: 's3', repoRoot: '/other', requestedAt: expect.any(String) },
      { sessionId: 's2', repoRoot: '/repo2', requestedAt: nowIso() },
    ]);
    expect(t.store.pendingWorktreeQueue(1)).toHaveLength(1);
    expect(t.store.pendingWorktreeQueueContains('s3')).toBe(true);
    expect(t.store.dequeuePendingWorktree('s3')).toBe(true);
    expect(t.store.dequeuePendingWorktree('s3')).toBe(false);
    expect(t.store.pendingWorktreeQueueContains('s3')).toBe(false);
  });
});

describe('scheduled tasks', () => {
  const schedule = (nextRunAt: string, task: string) => ({
    cronExpr: '0 */5 * * * *',
    task,
    agentType: 'claude',
    profileName: null,
    workingDir: '/repo',
    project: 'repo',
    taskGroup: task,
    useWorktree: false,
    nextRunAt,
  });

  it('round-trips, orders by next run then id, finds due ones, records runs and deletes', () => {
    const late = t.store.insertScheduledTask({ ...schedule(iso(300), 'late'), profileName: 'reviewer', useWorktree: true });
    const early = t.store.insertScheduledTask(schedule(iso(100), 'early'));
    const tie = t.store.insertScheduledTask(schedule(iso(100), 'tie'));
    expect(late).toMatchObject({ task: 'late', profileName: 'reviewer', useWorktree: true, lastRunAt: null, nextRunAt: iso(300) });
    expect(early.useWorktree).toBe(false);
    expect(t.store.getScheduledTask(late.id)).toEqual(late);

    expect(t.store.listScheduledTasks().map((s) => s.task)).toEqual(['early', 'tie', 'late']);
    expect(t.store.listDueScheduledTasks(iso(100), 10).map((s) => s.id)).toEqual([early.id, tie.id]);
    expect(t.store.listDueScheduledTasks(iso(99), 10)).toEqual([]);
    expect(t.store.listDueScheduledTasks(iso(1000), 1)).toHaveLength(1);

    t.store.recordScheduledTaskRun(early.id, iso(100), iso(400));
    expect(t.store.getScheduledTask(early.id)).toMatchObject({ lastRunAt: iso(100), nextRunAt: iso(400) });
    expect(t.store.listScheduledTasks().map((s) => s.task)).toEqual(['tie', 'late', 'early']);

    expect(t.store.deleteScheduledTask(tie.id)).toBe(1);
    expect(t.store.deleteScheduledTask(tie.id)).toBe(0);
    expect(t.store.getScheduledTask(tie.id)).toBeNull();
  });
});

describe('remote dispatch requests', () => {
  const request = (task: string, priority: NewRemoteDispatchRequest['priority']): NewRemoteDispatchRequest => ({
    requestKind: 'standard',
    targetSessionId: null,
    task,
    targetUrl: null,
    priority,
    agentType: 'claude',
    profileName: null,
    workingDir: '/repo',
    project: 'repo',
    taskGroup: 'g',
    useWorktree: true,
    source: 'cli',
    requester: null,
  });

  it('round-trips a request and lists pending ones by priority, then age, and all of them by status first', () => {
    const cu = t.store.insertRemoteDispatchRequest({
      ...request('check the page', 'high'),
      requestKind: 'computer_use',
      targetSessionId: 's1',
      targetUrl: 'https://example.test',
      profileName: 'browser',
      useWorktree: false,
      source: 'http_computer_use',
      requester: '127.0.0.1',
    });
    expect(cu).toMatchObject({
      requestKind: 'computer_use',
      targetSessionId: 's1',
      targetUrl: 'https://example.test',
      priority: 'high',
      useWorktree: false,
      status: 'pending',
      resultSessionId: null,
      error: null,
      dispatchedAt: null,
    });
    expect(t.store.getRemoteDispatchRequest(cu.id)).toEqual(cu);

    const normal1 = t.store.insertRemoteDispatchRequest(request('normal 1', 'normal'));
    const critical = t.store.insertRemoteDispatchRequest(request('critical', 'critical'));
    const normal2 = t.store.insertRemoteDispatchRequest(request('normal 2', 'normal'));
    const failed = t.store.insertRemoteDispatchRequest(request('will fail', 'critical'));
    const done = t.store.insertRemoteDispatchRequest(request('will dispatch', 'critical'));

    t.store.recordRemoteDispatchFailure(failed.id, 'no such profile');
    t.store.recordRemoteDispatchSuccess(done.id, 's2', 'spawned_top_level');
    expect(t.store.getRemoteDispatchRequest(failed.id)).toMatchObject({ status: 'failed', error: 'no such profile' });
    expect(t.store.getRemoteDispatchRequest(done.id)).toMatchObject({
      status: 'dispatched',
      resultSessionId: 's2',
      resultAction: 'spawned_top_level',
      error: null,
      dispatchedAt: nowIso(),
      updatedAt: nowIso(),
    });

    const pendingOrder = [critical.id, cu.id, normal1.id, normal2.id];
    expect(t.store.listPendingRemoteDispatchRequests(10).map((r) => r.id)).toEqual(pendingOrder);
    expect(t.store.listRemoteDispatchRequests(false, 2).map((r) => r.id)).toEqual(pendingOrder.slice(0, 2));
    expect(t.store.listRemoteDispatchRequests(true, 10).map((r) => r.id)).toEqual([...pendingOrder, failed.id, done.id]);
    expect(() => t.store.insertRemoteDispatchRequest({ ...request('x', 'low'), targetSessionId: 's' })).toThrow('Session not found: s');
  });
});

describe('daemon activity', () => {
  it('starts empty and records each pass, growing the saturation streak only while work is deferred', () => {
    expect(t.store.getDaemonActivity()).toEqual(EMPTY_ACTIVITY);

    t.store.recordDaemonDispatchPass({ routed: 3, deferred: 2, leads: 1 });
    const first = nowIso();
    expect(t.store.getDaemonActivity()).toMatchObject({ lastDispatchAt: first, lastDispatchRouted: 3, lastDispatchDeferred: 2, lastDispatchLeads: 1, chronicSaturationStreak: 1 });
    t.store.recordDaemonDispatchPass({ routed: 0, deferred: 1, leads: 1 });
    t.store.recordDaemonDispatchPass({ routed: 0, deferred: 4, leads: 2 });
    expect(t.store.getDaemonActivity().chronicSaturationStreak).toBe(3);
    t.store.recordDaemonDispatchPass({ routed: 5, deferred: 0, leads: 2 });
    expect(t.store.getDaemonActivity().chronicSaturationStreak).toBe(0);

    t.store.recordDaemonDispatchPass({ routed: 0, deferred: 1, leads: 1 });
    t.store.recordDaemonDispatchPass({ routed: 0, deferred: 1, leads: 1 });
    t.store.recordDaemonRecoveryDispatchPass({ routed: 2, leads: 1 });
    expect(t.store.getDaemonActivity()).toMatchObject({ chronicSaturationStreak: 0, lastRecoveryDispatchAt: nowIso(), lastRecoveryDispatchRouted: 2, lastRecoveryDispatchLeads: 1, lastDispatchDeferred: 1 });

    t.store.recordDaemonRebalancePass({ rerouted: 4, leads: 2 });
    expect(t.store.getDaemonActivity()).toMatchObject({ lastRebalanceAt: nowIso(), lastRebalanceRerouted: 4, lastRebalanceLeads: 2 });
    t.store.recordDaemonAutoMergePass({ merged: 1, activeSkipped: 2, conflictedSkipped: 3, dirtySkipped: 4, failed: 5 });
    expect(t.store.getDaemonActivity()).toMatchObject({
      lastAutoMergeAt: nowIso(),
      lastAutoMergeMerged: 1,
      lastAutoMergeActiveSkipped: 2,
      lastAutoMergeConflictedSkipped: 3,
      lastAutoMergeDirtySkipped: 4,
      lastAutoMergeFailed: 5,
    });
    t.store.recordDaemonAutoPrunePass({ pruned: 6, activeSkipped: 7 });
    expect(t.store.getDaemonActivity()).toMatchObject({ lastAutoPruneAt: nowIso(), lastAutoPrunePruned: 6, lastAutoPruneActiveSkipped: 7, lastDispatchAt: expect.any(String) });
  });
});

describe('output logs', () => {
  it('records where output lives, updates bytes and socket, and lists entries', () => {
    const entry = t.store.upsertOutputLog({ sessionId: 's1', logPath: '/logs/s1.log', socketPath: '/run/s1.sock' });
    expect(entry).toEqual({ sessionId: 's1', logPath: '/logs/s1.log', socketPath: '/run/s1.sock', bytes: 0, updatedAt: nowIso() });
    t.store.setOutputLogBytes('s1', 4096);
    t.store.setOutputLogSocket('s1', null);
    expect(t.store.getOutputLog('s1')).toMatchObject({ bytes: 4096, socketPath: null });
    // Re-registering the log keeps the byte count unless told otherwise.
    t.store.upsertOutputLog({ sessionId: 's1', logPath: '/logs/s1.log', socketPath: '/run/s1b.sock' });
    expect(t.store.getOutputLog('s1')).toMatchObject({ bytes: 4096, socketPath: '/run/s1b.sock' });
    t.store.upsertOutputLog({ sessionId: 's2', logPath: '/logs/s2.log', bytes: 10 });
    expect(t.store.listOutputLogs().map((o) => [o.sessionId, o.bytes])).toEqual([
      ['s1', 4096],
      ['s2', 10],
    ]);
    expect(t.store.getOutputLog('s3')).toBeNull();
    expect(() => t.store.setOutputLogBytes('s3', 1)).toThrow(/No output log recorded for session s3/);
    expect(() => t.store.upsertOutputLog({ sessionId: 'ghost', logPath: '/x' })).toThrow('Session not found: ghost');
  });
});

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_STATES, type SessionState } from '../../../src-main/engine/model';
import { AmbiguousSessionError } from '../../../src-main/engine/store';
import { iso, openTempStore, sampleSession, type TempStore } from './helpers';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.cleanup());

describe('sessions', () => {
  it('round-trips every field of a session, keeping the given timestamps', () => {
    const session = sampleSession('3f9a1c02', {
      mode: 'interactive',
      state: 'running',
      pid: 101,
      runnerPid: 100,
      worktree: { path: '/wt/3f9a1c02', branch: 'ecc/3f9a1c02', baseBranch: 'main' },
      workingDir: '/wt/3f9a1c02',
      harness: 'codex',
      detectedHarnesses: ['claude', 'codex'],
      harnessSessionId: 'claude-abc',
      attention: 'needs_input',
      stateReason: 'waiting for approval',
      exitCode: 3,
      exitSignal: 'SIGTERM',
      createdAt: iso(1),
      updatedAt: iso(2),
      lastHeartbeatAt: iso(3),
      metrics: {
        inputTokens: 1,
        outputTokens: 2,
        cacheReadTokens: 3,
        cacheCreationTokens: 4,
        tokensUsed: 10,
        costUsd: 0.125,
        costStatus: 'priced',
        costNote: 'gpt-5.5 priced from the table',
        toolCalls: 5,
        filesChanged: 6,
        durationSecs: 7,
      },
    });
    t.store.insertSession(session);
    expect(t.store.getSession('3f9a1c02')).toEqual(session);
    expect(() => t.store.insertSession(session)).toThrow('Session already exists: 3f9a1c02');
  });

  it('finds sessions by exact id first, else by the one id the prefix matches; an ambiguous prefix lists the candidates; latest is the newest', () => {
    t.store.insertSession(sampleSession('abc', { updatedAt: iso(1) }));
    t.store.insertSession(sampleSession('abc123', { updatedAt: iso(5) }));
    t.store.insertSession(sampleSession('abd999', { updatedAt: iso(3) }));
    t.store.insertSession(sampleSession('a_c', { updatedAt: iso(0) }));

    expect(t.store.getSession('abc')?.id).toBe('abc'); // exact beats the longer abc123
    expect(t.store.getSession('abc1')?.id).toBe('abc123');
    expect(() => t.store.getSession('ab')).toThrow(AmbiguousSessionError);
    expect(() => t.store.getSession('ab')).toThrow(
      'Session id prefix "ab" is ambiguous: it matches 3 sessions: abc123 ("task for abc123"), abd999 ("task for abd999"), abc ("task for abc"). Pass more characters of the id, the full id, or `latest`.',
    );
    try {
      t.store.getSession('a');
    } catch (error) {
      expect((error as AmbiguousSessionError).candidates.map((c) => c.id)).toEqual(['abc123', 'abd999', 'abc', 'a_c']);
    }
    expect(t.store.getSession('abd')?.id).toBe('abd999');
    expect(t.store.getSession('a_')?.id).toBe('a_c'); // `_` is literal, not a LIKE wildcard
    expect(t.store.getSession('zzz')).toBeNull();
    expect(t.store.getSession('')).toBeNull();
    expect(t.store.getLatestSession()?.id).toBe('abc123');
    expect(t.store.listSessions().map((s) => s.id)).toEqual(['abc123', 'abd999', 'abc', 'a_c']);

    t.store.touchHeartbeat('abc'); // heartbeat alone does not reorder
    expect(t.store.getLatestSession()?.id).toBe('abc123');
    t.store.updateState('abc', 'running'); // a state change does
    expect(t.store.getLatestSession()?.id).toBe('abc');
  });

  it('enforces the session state machine, allowing the same state and naming bad transitions', () => {
    const allowed: Record<SessionState, SessionState[]> = {
      pending: ['running', 'failed', 'stopped'],
      running: ['idle', 'stale', 'completed', 'failed', 'stopped'],
      idle: ['running', 'stale', 'completed', 'failed', 'stopped'],
      stale: ['running', 'idle', 'completed', 'failed', 'stopped'],
      completed: ['stopped'],
      failed: ['stopped'],
      stopped: [],
    };
    for (const from of SESSION_STATES) {
      for (const to of SESSION_STATES) {
        const id = `${from}-${to}`;
        t.store.insertSession(sampleSession(id, { state: from }));
        const ok = from === to || allowed[from].includes(to);
        if (ok) {
          t.store.updateState(id, to);
          expect(t.store.getSession(id)?.state).toBe(to);
        } else {
          expect(() => t.store.updateState(id, to)).toThrow(`Invalid session state transition: ${from} -> ${to}`);
          expect(t.store.getSession(id)?.state).toBe(from);
        }
      }
    }
    expect(() => t.store.updateState('nope', 'running')).toThrow('Session not found: nope');
  });

  it('bumps timestamps as documented: state changes both, heartbeats only last_heartbeat_at', () => {
    t.store.insertSession(sampleSession('s1', { state: 'running' }));
    t.store.touchHeartbeat('s1');
    let s = t.store.getSession('s1')!;
    expect(s.updatedAt).toBe(iso(0));
    expect(s.lastHeartbeatAt).toBe(new Date(t.clock.ms).toISOString());

    t.store.updateState('s1', 'idle');
    s = t.store.getSession('s1')!;
    expect(s.updatedAt).toBe(new Date(t.clock.ms).toISOString());
    expect(s.lastHeartbeatAt).toBe(s.updatedAt);

    // Resume and auto-terminate bypass the state machine.
    t.store.updateState('s1', 'stopped');
    t.store.updateStateAndPid('s1', 'pending', 77);
    expect(t.store.getSession('s1')).toMatchObject({ state: 'pending', pid: 77 });
  });

  it('records pids, worktrees, metrics, harness ids, attention and exits', () => {
    t.store.insertSession(sampleSession('w1', { workingDir: '/repo' }));
    t.store.updatePid('w1', 5);
    t.store.setRunnerPid('w1', 4);
    t.store.attachWorktree('w1', { path: '/wt/w1', branch: 'sy/w1', baseBranch: 'main' });
    expect(t.store.getSession('w1')).toMatchObject({
      pid: 5,
      runnerPid: 4,
      workingDir: '/wt/w1',
      worktree: { path: '/wt/w1', branch: 'sy/w1', baseBranch: 'main' },
    });
    t.store.insertSession(sampleSession('w2', { worktree: { path: '/wt/w2', branch: 'b', baseBranch: 'main' } }));
    t.store.insertSession(sampleSession('w3', { state: 'completed', worktree: { path: '/wt/w3', branch: 'c', baseBranch: 'main' } }));
    // A finished session keeps its worktree but not its slot.
    expect(t.store.countWorktreeSlotsInUse()).toBe(2);
    t.store.deleteSession('w3');

    t.store.clearWorktree('w1');
    expect(t.store.getSession('w1')).toMatchObject({ worktree: null, workingDir: '/wt/w1' });
    t.store.clearWorktreeToDir('w2', '/repo');
    expect(t.store.getSession('w2')).toMatchObject({ worktree: null, workingDir: '/repo' });
    expect(t.store.countWorktreeSlotsInUse()).toBe(0);

    t.store.updateMetrics('w1', { inputTokens: 100, tokensUsed: 150, costUsd: 0.5 });
    t.store.updateMetrics('w1', { outputTokens: 50 });
    t.store.incrementToolCalls('w1');
    t.store.incrementToolCalls('w1');
    expect(t.store.getSession('w1')?.metrics).toMatchObject({
      inputTokens: 100,
      outputTokens: 50,
      tokensUsed: 150,
      costUsd: 0.5,
      toolCalls: 2,
    });

    t.store.setHarnessSessionId('w1', 'claude-session-9');
    t.store.setAttention('w1', 'needs_input');
    t.store.setStateReason('w1', 'asked a question');
    expect(t.store.getSession('w1')).toMatchObject({
      harnessSessionId: 'claude-session-9',
      attention: 'needs_input',
      stateReason: 'asked a question',
    });
    t.store.setAttention('w1', null);
    expect(t.store.getSession('w1')?.attention).toBeNull();

    t.store.markRunning('w1', { pid: 9, runnerPid: 8 });
    expect(t.store.getSession('w1')).toMatchObject({ state: 'running', pid: 9, runnerPid: 8, stateReason: null });
    t.store.recordExit('w1', { state: 'failed', exitCode: 2, exitSignal: null, reason: 'agent exited with code 2' });
    expect(t.store.getSession('w1')).toMatchObject({
      state: 'failed',
      pid: null,
      exitCode: 2,
      exitSignal: null,
      stateReason: 'agent exited with code 2',
    });
    t.store.markPendingForResume('w1');
    expect(t.store.getSession('w1')).toMatchObject({ state: 'pending', pid: null, runnerPid: null, exitCode: null });
    t.store.markStopped('w1', 'stopped by the operator');
    expect(t.store.getSession('w1')).toMatchObject({ state: 'stopped', stateReason: 'stopped by the operator' });

    expect(() => t.store.updatePid('ghost', 1)).toThrow('Session not found: ghost');
  });

  it('reads unknown states as pending and blank grouping labels from the working dir and task', () => {
    t.store.insertSession(sampleSession('odd', { project: ' ', taskGroup: '', task: '  ship it  ', workingDir: '/repos/shop/' }));
    t.store.insertSession(sampleSession('root', { project: '', taskGroup: '  ', task: '   ', workingDir: '/' }));
    const db = new Database(t.dbPath);
    db.prepare(`UPDATE sessions SET state = 'exploded' WHERE id = 'odd'`).run();
    db.close();

    expect(t.store.getSession('odd')).toMatchObject({ state: 'pending', project: 'shop', taskGroup: 'ship it' });
    expect(t.store.getSession('root')).toMatchObject({ project: 'workspace', taskGroup: 'general' });
  });

  it('deletes a session with everything that belongs to it, leaving other sessions alone', () => {
    t.store.insertSession(sampleSession('doomed'));
    t.store.insertSession(sampleSession('keeper'));
    t.store.upsertSessionProfile('doomed', { profileName: 'p', allowedTools: [], disallowedTools: [], addDirs: [] });
    t.store.upsertOutputLog({ sessionId: 'doomed', logPath: '/logs/doomed.log' });
    t.store.insertToolLog({
      sessionId: 'doomed',
      toolName: 'Edit',
      inputSummary: 'edit a.ts',
      outputSummary: 'ok',
      durationMs: 1,
      riskScore: 0.1,
      fileEvents: [{ path: 'a.ts', action: 'modify' }],
    });
    t.store.insertDecision('doomed', 'use sqlite', ['json'], 'fast');
    t.store.enqueuePendingWorktree('doomed', '/repo');
    t.store.sendMessage('keeper', 'doomed', 'hello', 'info');
    t.store.sendMessage('doomed', 'keeper', 'bye', 'info');
    t.store.sendMessage('keeper', 'planner', 'unrelated', 'info');
    t.store.upsertConflictIncident({
      conflictKey: 'a.ts::doomed::keeper',
      path: 'a.ts',
      firstSessionId: 'doomed',
      secondSessionId: 'keeper',
      activeSessionId: 'keeper',
      pausedSessionId: 'doomed',
      firstAction: 'modify',
      secondAction: 'modify',
      strategy: 'escalate',
      summary: 'both edited a.ts',
    });
    const entity = t.store.upsertContextEntity({ sessionId: 'doomed', entityType: 'file', name: 'a.ts', summary: 'a' });
    const remote = t.store.insertRemoteDispatchRequest({
      requestKind: 'standard',
      targetSessionId: 'doomed',
      task: 't',
      targetUrl: null,
      priority: 'normal',
      agentType: 'claude',
      profileName: null,
      workingDir: '/repo',
      project: 'p',
      taskGroup: 'g',
      useWorktree: true,
      source: 'cli',
      requester: null,
    });

    t.store.deleteSession('doomed');

    expect(t.store.getSession('doomed')).toBeNull();
    expect(t.store.getSessionProfile('doomed')).toBeNull();
    expect(t.store.getOutputLog('doomed')).toBeNull();
    expect(t.store.countToolLogs('doomed')).toBe(0);
    expect(t.store.listFileActivity('doomed', 10)).toEqual([]);
    expect(t.store.listDecisionsForSession('doomed', 10)).toEqual([]);
    expect(t.store.pendingWorktreeQueueContains('doomed')).toBe(false);
    expect(t.store.listMessagesForSession('doomed', 10)).toEqual([]);
    expect(t.store.listMessagesForSession('keeper', 10).map((m) => m.content)).toEqual(['unrelated']);
    expect(t.store.hasOpenConflictIncident('a.ts::doomed::keeper')).toBe(false);
    expect(t.store.listContextEntities(null, 'file', 10)).toEqual([{ ...entity, sessionId: null }]);
    expect(t.store.getRemoteDispatchRequest(remote.id)?.targetSessionId).toBeNull();
    expect(t.store.getSession('keeper')).not.toBeNull();

    expect(() => t.store.deleteSession('doomed')).toThrow('Session not found: doomed');
  });
});

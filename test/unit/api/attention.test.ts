// The shared attention model: which sessions need the operator (the number every badge shows), what
// changed between two reads, budget stops told once, and budget figures that never read the same.
import { afterEach, describe, expect, it } from 'vitest';
import {
  attentionCount,
  describeTrigger,
  eventTrigger,
  groupTriggers,
  isBudgetStopReason,
  mergeBudgetStops,
  sessionNeed,
  sessionTriggers,
  type AttentionEvent,
  type AttentionTrigger,
} from '../../../src-main/api/attention';
import { fixedPair, spendOfLimit, usd, usdPair } from '../../../src-main/api/money';
import { toStoredEvent } from '../../../src-main/engine/events';
import { enforceBudgets } from '../../../src-main/engine/policies';
import { buildSession, createFixture, minutesAgo, NOW, type Fixture } from '../policies/fixture';

const cost = (costUsd: number) => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd, toolCalls: 0, filesChanged: 0, durationSecs: 0 });

describe('who needs the operator', () => {
  it('names each need, most urgent first, and counts them for every badge', () => {
    const sessions = [
      buildSession('waits', 'idle', NOW, { attention: 'needs_input' }),
      buildSession('asked', 'running', NOW),
      buildSession('stale', 'stale', NOW),
      buildSession('paused', 'stopped', NOW, { stateReason: 'paused: file conflict on src/a.ts with session x (escalate)' }),
      buildSession('broke', 'stopped', NOW, { stateReason: 'cost budget $0.0045 reached ($0.0054 used); raise cost_budget_usd and resume the session' }),
      buildSession('failed', 'failed', NOW),
      buildSession('denied', 'completed', NOW, { attention: 'denied' }),
      buildSession('fine', 'running', NOW),
      buildSession('done', 'completed', NOW),
      buildSession('stopped', 'stopped', NOW, { stateReason: 'stopped by the operator' }),
      // A finished session keeps no "needs input" (its agent is gone).
      buildSession('gone', 'completed', NOW, { attention: 'needs_input' }),
    ];
    const approvals = new Map([['asked', 1]]);
    expect(sessions.map((s) => sessionNeed(s, approvals.get(s.id) ?? 0))).toEqual([
      'needs_input',
      'approval',
      'stale',
      'file_conflict',
      'over_budget',
      'failed',
      'denied',
      null,
      null,
      null,
      null,
    ]);
    expect(attentionCount(sessions, approvals)).toBe(7);
    expect(attentionCount(sessions)).toBe(6);
  });

  it('recognises the stop reasons the engine really writes for a budget', async () => {
    fx = createFixture((c) => {
      c.cost_budget_usd = 0.0045;
      c.token_budget = 0;
    });
    fx.store.insertSession(buildSession('a', 'running', minutesAgo(1), { pid: 4242, metrics: cost(0.003) }));
    fx.store.insertSession(buildSession('b', 'running', minutesAgo(1), { pid: 4243, metrics: cost(0.0024) }));
    await enforceBudgets(fx.policy());
    const stopped = fx.store.getSession('a')!;
    expect(stopped.state).toBe('stopped');
    // The spend and the limit differ, so they print differently.
    expect(stopped.stateReason).toContain('cost budget $0.0045 reached ($0.0054 used)');
    expect(isBudgetStopReason(stopped.stateReason)).toBe(true);
    expect(sessionNeed(stopped)).toBe('over_budget');

    // Both stops of the pass are one notice with the limit and the spend.
    const triggers = fx.store
      .listEvents({ kinds: ['budget_stop'] })
      .map((row) => eventTrigger(toStoredEvent(row)))
      .filter((t): t is AttentionTrigger => t !== null);
    expect(triggers).toHaveLength(2);
    const grouped = groupTriggers(triggers);
    expect(grouped).toHaveLength(1);
    expect(describeTrigger(grouped[0]!)).toMatchObject({ title: 'budget stop: 2 sessions stopped — $0.0054 of $0.0045 spent', view: 'budgets', sessionId: null });
  });
});

let fx: Fixture | null = null;
afterEach(() => {
  fx?.cleanup();
  fx = null;
});

describe('what changed between two reads', () => {
  it('the first read is a baseline; later reads tell completed, failed, stale, needs-input and denied once', () => {
    const first = sessionTriggers(null, [buildSession('a', 'running', NOW), buildSession('b', 'running', NOW), buildSession('c', 'running', NOW)]);
    expect(first.triggers).toEqual([]);
    const second = sessionTriggers(first.seen, [
      buildSession('a', 'completed', NOW),
      buildSession('b', 'idle', NOW, { attention: 'needs_input', stateReason: 'Allow Bash: rm -rf build?' }),
      buildSession('c', 'completed', NOW, { attention: 'denied' }),
      buildSession('d', 'failed', NOW, { stateReason: 'worktree setup failed' }),
    ]);
    expect(second.triggers.map((t) => `${t.kind}:${'session' in t ? t.session.id : ''}`)).toEqual([
      'session_completed:a',
      'needs_input:b',
      'session_completed:c',
      'session_denied:c',
      'session_failed:d',
    ]);
    expect(describeTrigger(second.triggers[1]!)).toMatchObject({ title: 'Session b needs your input', body: 'Allow Bash: rm -rf build?', sessionId: 'b' });
    const third = sessionTriggers(second.seen, [buildSession('a', 'completed', NOW), buildSession('b', 'idle', NOW, { attention: 'needs_input' })]);
    expect(third.triggers).toEqual([]);
  });
});

describe('grouped budget notices', () => {
  const stop = (id: number, sessionId: string, used: number, budget = 0.0045, kind = 'cost'): AttentionTrigger => ({
    kind: 'engine_event',
    event: { id, kind: 'budget_stop', sessionId, createdAt: NOW.toISOString(), payload: { sessionId, kind, used, budget, reason: 'x' } } satisfies AttentionEvent,
  });

  it('38 stops of one budget are one notice in the place of the first, other happenings keep their order', () => {
    const done: AttentionTrigger = { kind: 'session_completed', session: { id: 'z', task: 'write docs' } };
    const stops = Array.from({ length: 38 }, (_, i) => stop(i + 1, `s${i}`, 0.0054));
    const grouped = groupTriggers([done, ...stops, stop(99, 'p1', 900, 500, 'profile_tokens')]);
    expect(grouped.map((t) => t.kind)).toEqual(['session_completed', 'budget_stops', 'budget_stops']);
    expect(describeTrigger(grouped[1]!)?.title).toBe('budget stop: 38 sessions stopped — $0.0054 of $0.0045 spent');
    expect(describeTrigger(grouped[2]!)).toMatchObject({ title: 'budget stop: session p1 stopped — 900 of 500 tokens used', sessionId: 'p1' });
  });

  it('stops that arrive later join the group already told (same session counted once)', () => {
    const a = { sessionId: 'a', kind: 'cost', used: 0.0046, budget: 0.0045 };
    const b = { sessionId: 'b', kind: 'cost', used: 0.0054, budget: 0.0045 };
    const merged = mergeBudgetStops([a], [b, { ...a, used: 0.0054 }]);
    expect(merged.map((s) => s.sessionId)).toEqual(['a', 'b']);
    expect(describeTrigger({ kind: 'budget_stops', stops: merged, events: [] })?.title).toBe('budget stop: 2 sessions stopped — $0.0054 of $0.0045 spent');
  });

  it('budget alerts give the spend and the limit with the digits that tell them apart', () => {
    const alert = (used: number, budget: number) =>
      describeTrigger({
        kind: 'engine_event',
        event: { id: 1, kind: 'budget_alert', sessionId: null, createdAt: '', payload: { kind: 'cost', threshold: 'critical', percent: (used / budget) * 100, used, budget, scope: 'global' } },
      });
    expect(alert(0.0041, 0.0045)).toMatchObject({ title: 'Cost budget: 91 % used', body: '$0.0041 of $0.0045 (critical)', level: 'error', view: 'budgets' });
    expect(alert(7.62, 10)?.body).toBe('$7.62 of $10.00 (critical)');
  });
});

describe('money digits', () => {
  it('never prints two different amounts the same, nor a small amount as zero', () => {
    expect(usdPair(0.0054, 0.0045)).toEqual(['$0.0054', '$0.0045']);
    expect(usdPair(0.01, 0.004)).toEqual(['$0.0100', '$0.0040']);
    expect(usdPair(4.999, 5)).toEqual(['$4.999', '$5.000']);
    expect(usdPair(0.00450001, 0.0045)).toEqual(['$0.00450001', '$0.00450000']);
    expect(usdPair(12.5, 12.5)).toEqual(['$12.50', '$12.50']);
    expect(usd(0)).toBe('$0.00');
    expect(usd(0.000123)).toBe('$0.00012');
    expect(spendOfLimit('tokens', 1200, 1000)).toBe('1,200 of 1,000 tokens');
    // Random pairs: different numbers, different text.
    for (let i = 0; i < 2000; i += 1) {
      const a = Math.random() * 10 ** (Math.floor(Math.random() * 8) - 5);
      const b = a + Math.random() * 10 ** (Math.floor(Math.random() * 12) - 10);
      const [x, y] = fixedPair([a, b]);
      if (a !== b) expect(x, `${a} vs ${b}`).not.toBe(y);
      if (a > 0) expect(Number(x)).toBeGreaterThan(0);
    }
  });
});

describe('merge-queue check outcomes (issue 15)', () => {
  const ev = (id: number, state: string, message: string | null, tail: string | null = null): AttentionEvent => ({
    id,
    kind: 'merge_check',
    sessionId: 'beta',
    payload: { sessionId: 'beta', branch: 'ecc/beta', baseBranch: 'main', state, logPath: '/h/logs/beta.log', tail, durationMs: 1200, message, resolverSessionId: null },
    createdAt: NOW.toISOString(),
  });
  const told = (e: AttentionEvent) => {
    const t = eventTrigger(e);
    return t ? describeTrigger(t) : null;
  };

  it('tells check failed, resolved and landed, and opens the merge queue; progress and plain passes stay quiet', () => {
    expect(told(ev(1, 'checking', 'checking: npm test', 'PASS a.test.ts\n'))).toBeNull();
    expect(told(ev(2, 'passed', 'check passed after 1s on the merge of ecc/beta into main'))).toBeNull();
    expect(told(ev(3, 'resolving', 'resolving (conflicts in a.txt) with session r1, attempt 1'))).toBeNull();

    expect(told(ev(4, 'failed', 'check failed: exited with 1 after 1s. Log: /h/logs/beta.log'))).toMatchObject({
      title: 'Check failed: ecc/beta',
      body: 'check failed: exited with 1 after 1s. Log: /h/logs/beta.log',
      level: 'error',
      view: 'merge-queue',
      key: 'merge-check:beta',
    });
    expect(told(ev(5, 'timed_out', 'check timed out: killed after 600s'))).toMatchObject({ title: 'Check timed out: ecc/beta', level: 'error' });
    expect(told(ev(6, 'passed', 'resolved by r1; the check passed on main; re-queued'))).toMatchObject({ title: 'Resolved: ecc/beta', level: 'info' });
    expect(told(ev(7, 'needs_you', 'resolver r1 left conflict markers in a.txt; fix them by hand'))).toMatchObject({ title: 'Merge of ecc/beta needs you', level: 'warn' });
    // The same branch's notices share a key: the newest replaces the one before.
    expect(told(ev(8, 'landed', 'landed ecc/beta on main at 1a43bbeae3dd'))).toMatchObject({ title: 'Landed ecc/beta on main', level: 'info', key: 'merge-check:beta' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import type { DesktopNotificationsConfig } from '../../../src-main/engine/config/types';
import { createEventBus } from '../../../src-main/engine/events';
import { AttentionMonitor, messagePreview } from '../../../src-main/app/attention-monitor';
import { startAttentionLoop } from '../../../src-main/app/attention-loop';
import { inQuietHours, routeNotification, type NotificationTrigger } from '../../../src-main/app/notifications';
import type { SessionCounts } from '../../../src-main/app/tray-model';
import { NOW, buildSession, createFixture, type Fixture } from '../policies/fixture';

const settings = (tune: (s: DesktopNotificationsConfig) => void = () => undefined): DesktopNotificationsConfig => {
  const s = structuredClone(defaultConfig('/tmp/h').desktop_notifications);
  tune(s);
  return s;
};
const at = (hour: number, minute = 0) => new Date(2026, 3, 9, hour, minute); // local time, as quiet hours are
const ref = { id: 'a1b2c3d4', task: 'fix the login form' };
const noon = at(12);

describe('quiet hours', () => {
  const quiet = (start: number, end: number) => ({ enabled: true, start_hour: start, end_hour: end });

  it('wraps midnight: 22 -> 8 is quiet late evening and early morning, not during the day', () => {
    expect(inQuietHours(quiet(22, 8), at(22, 0))).toBe(true);
    expect(inQuietHours(quiet(22, 8), at(23, 59))).toBe(true);
    expect(inQuietHours(quiet(22, 8), at(0, 0))).toBe(true);
    expect(inQuietHours(quiet(22, 8), at(7, 59))).toBe(true);
    expect(inQuietHours(quiet(22, 8), at(8, 0))).toBe(false);
    expect(inQuietHours(quiet(22, 8), at(21, 59))).toBe(false);
    expect(inQuietHours(quiet(22, 8), noon)).toBe(false);
  });

  it('a window inside one day is quiet from start up to (not including) the end hour', () => {
    expect(inQuietHours(quiet(9, 17), at(9))).toBe(true);
    expect(inQuietHours(quiet(9, 17), at(16, 59))).toBe(true);
    expect(inQuietHours(quiet(9, 17), at(17))).toBe(false);
    expect(inQuietHours(quiet(9, 17), at(8, 59))).toBe(false);
  });

  it('is never quiet when disabled or when start equals end', () => {
    expect(inQuietHours({ enabled: false, start_hour: 22, end_hour: 8 }, at(23))).toBe(false);
    expect(inQuietHours(quiet(5, 5), at(5))).toBe(false);
  });

  it('silences a notification that would otherwise show', () => {
    const s = settings((c) => (c.quiet_hours = quiet(22, 8)));
    expect(routeNotification({ kind: 'session_failed', session: ref, reason: 'exit 1' }, s, at(23))).toBeNull();
    expect(routeNotification({ kind: 'session_failed', session: ref, reason: 'exit 1' }, s, at(9))).not.toBeNull();
  });
});

describe('notification routing', () => {
  const budget = (id: number): NotificationTrigger => ({
    kind: 'engine_event',
    event: {
      id,
      kind: 'budget_alert',
      sessionId: null,
      createdAt: NOW.toISOString(),
      payload: { kind: 'cost', threshold: 'warning', thresholdFraction: 0.75, percent: 76.2, used: 7.62, budget: 10, scope: 'global' },
    },
  });
  const conflict: NotificationTrigger = {
    kind: 'engine_event',
    event: {
      id: 9,
      kind: 'conflict_detected',
      sessionId: null,
      createdAt: NOW.toISOString(),
      payload: { conflictKey: 'k', path: 'src/lib.rs', strategy: 'escalate', activeSessionId: 'aaaa', pausedSessionId: 'bbbb', paused: true, summary: 'both edited src/lib.rs' },
    },
  };
  const all: [string, NotificationTrigger, keyof DesktopNotificationsConfig][] = [
    ['completed', { kind: 'session_completed', session: ref }, 'session_completed'],
    ['failed', { kind: 'session_failed', session: ref, reason: 'agent exited with code 2' }, 'session_failed'],
    ['stale', { kind: 'session_stale', session: ref, terminated: false }, 'session_stale'],
    ['needs input', { kind: 'needs_input', session: ref }, 'needs_input'],
    ['approval', { kind: 'approval_request', session: ref, messageId: 4, msgType: 'query', preview: 'Which branch?' }, 'approval_requests'],
    ['budget', budget(3), 'budget_alerts'],
    ['conflict', conflict, 'file_conflicts'],
  ];

  it.each(all)('%s notifies with the defaults, and not when its own switch is off', (_name, trigger, key) => {
    expect(routeNotification(trigger, settings(), noon)).not.toBeNull();
    expect(routeNotification(trigger, settings((s) => ((s as unknown as Record<string, boolean>)[key] = false)), noon)).toBeNull();
  });

  it('nothing notifies when desktop notifications are disabled', () => {
    const off = settings((s) => (s.enabled = false));
    for (const [, trigger] of all) expect(routeNotification(trigger, off, noon)).toBeNull();
  });

  it('events not meant for the operator never notify', () => {
    const trigger: NotificationTrigger = {
      kind: 'engine_event',
      event: { id: 1, kind: 'daemon_started', sessionId: null, createdAt: NOW.toISOString(), payload: { pid: 1, host: 'h', replacedPid: null } },
    };
    expect(routeNotification(trigger, settings(), noon)).toBeNull();
  });

  it('a terminated stale session counts as a failure (session_failed switch)', () => {
    const trigger: NotificationTrigger = { kind: 'session_stale', session: ref, terminated: true };
    expect(routeNotification(trigger, settings((s) => (s.session_stale = false)), noon)?.title).toMatch(/terminated/);
    expect(routeNotification(trigger, settings((s) => (s.session_failed = false)), noon)).toBeNull();
  });

  it('says what happened and which session a click opens', () => {
    expect(routeNotification({ kind: 'session_failed', session: ref, reason: 'agent exited with code 2' }, settings(), noon)).toEqual({
      title: 'Session a1b2c3d4 failed',
      body: 'agent exited with code 2',
      sessionId: 'a1b2c3d4',
      key: 'failed:a1b2c3d4',
    });
    expect(routeNotification(budget(3), settings(), noon)).toMatchObject({ title: 'Cost budget: 76 % used', body: '$7.62 of $10.00 (warning)', sessionId: null });
    expect(routeNotification(conflict, settings(), noon)).toMatchObject({ title: 'File conflict on src/lib.rs', sessionId: 'bbbb' });
  });

  it('hand-built configs without the new switches still notify (they default to on)', () => {
    const s = settings();
    delete s.needs_input;
    expect(routeNotification({ kind: 'needs_input', session: ref }, s, noon)).not.toBeNull();
  });
});

describe('attention monitor', () => {
  const t = NOW;
  it('the first read is a baseline; later reads report completed, failed, stale, needs-input and new approvals once', () => {
    const m = new AttentionMonitor();
    const running = (id: string) => buildSession(id, 'running', t);
    expect(m.observe({ sessions: [running('a'), running('b'), buildSession('c', 'failed', t)], events: [], approvals: [] })).toEqual([]);

    const triggers = m.observe({
      sessions: [
        buildSession('a', 'completed', t),
        buildSession('b', 'running', t, { attention: 'needs_input' }),
        buildSession('c', 'failed', t),
        buildSession('d', 'failed', t, { stateReason: 'worktree setup failed' }),
        buildSession('e', 'stale', t),
      ],
      events: [],
      approvals: [{ id: 7, fromSession: 'a', toSession: 'b', content: JSON.stringify({ Query: { question: 'Which DB?' } }), msgType: 'query', read: false, priority: 'normal', timestamp: '' }],
    });
    expect(triggers.map((x) => `${x.kind}:${'session' in x ? x.session.id : ''}`)).toEqual([
      'session_completed:a',
      'needs_input:b',
      'session_failed:d',
      'session_stale:e',
      'approval_request:b',
    ]);
    expect(triggers.find((x) => x.kind === 'approval_request')).toMatchObject({ preview: 'Which DB?' });
    // Nothing new: nothing reported again.
    expect(
      m.observe({
        sessions: [buildSession('a', 'completed', t), buildSession('b', 'running', t, { attention: 'needs_input' })],
        events: [],
        approvals: [{ id: 7, fromSession: 'a', toSession: 'b', content: 'x', msgType: 'query', read: false, priority: 'normal', timestamp: '' }],
      }),
    ).toEqual([]);
  });

  it('budget stops are one notification, replaced by the grown group when more stops come in a later read', () => {
    const m = new AttentionMonitor();
    const stop = (id: number, sessionId: string) => ({
      id,
      kind: 'budget_stop' as const,
      sessionId,
      createdAt: '',
      payload: { sessionId, kind: 'cost' as const, used: 0.0054, budget: 0.0045, reason: 'cost budget $0.0045 reached ($0.0054 used)' },
    });
    m.observe({ sessions: [], events: [], approvals: [] }, 0);
    const first = m.observe({ sessions: [], events: [stop(1, 'a'), stop(2, 'b')], approvals: [] }, 1000);
    const later = m.observe({ sessions: [], events: [stop(3, 'c')], approvals: [] }, 5000);
    const notices = [...first, ...later].map((t) => routeNotification(t, settings(), noon));
    expect(notices.map((n) => n?.title)).toEqual(['budget stop: 2 sessions stopped — $0.0054 of $0.0045 spent', 'budget stop: 3 sessions stopped — $0.0054 of $0.0045 spent']);
    // Same key: the notifier replaces the first notification with the second.
    expect(notices[0]?.key).toBe(notices[1]?.key);
    // Much later, a new pass is a new group.
    const next = m.observe({ sessions: [], events: [stop(4, 'd')], approvals: [] }, 120_000);
    expect(routeNotification(next[0]!, settings(), noon)?.title).toBe('budget stop: session d stopped — $0.0054 of $0.0045 spent');
  });

  it('reads conflict messages as "file: description"', () => {
    expect(messagePreview(JSON.stringify({ Conflict: { file: 'src/a.ts', description: 'both edited' } }))).toBe('src/a.ts: both edited');
    expect(messagePreview('plain words')).toBe('plain words');
  });
});

describe('attention loop over a real store', () => {
  let fx: Fixture;
  afterEach(() => fx.cleanup());

  it('counts sessions for the tray and turns store changes into notification triggers', () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('s1', 'running', NOW));
    fx.store.insertSession(buildSession('s2', 'idle', NOW));
    const counts: SessionCounts[] = [];
    const triggers: NotificationTrigger[] = [];
    const loop = startAttentionLoop({ store: fx.store, intervalMs: 60_000, onCounts: (c) => counts.push(c), onTriggers: (t) => triggers.push(...t) });
    try {
      expect(counts.at(-1)).toEqual({ running: 1, idle: 1, needsAttention: 0 });
      fx.store.setAttention('s1', 'needs_input');
      fx.store.recordExit('s2', { state: 'completed', exitCode: 0, exitSignal: null, reason: null });
      createEventBus(fx.store).emit('budget_alert', {
        kind: 'tokens',
        threshold: 'critical',
        thresholdFraction: 0.9,
        percent: 91,
        used: 455_000,
        budget: 500_000,
        scope: 'global',
      });
      loop.poll();
      expect(counts.at(-1)).toEqual({ running: 0, idle: 0, needsAttention: 1 });
      expect(triggers.map((x) => x.kind).sort()).toEqual(['engine_event', 'needs_input', 'session_completed']);
      loop.poll();
      expect(triggers).toHaveLength(3);
    } finally {
      loop.stop();
    }
  });
});

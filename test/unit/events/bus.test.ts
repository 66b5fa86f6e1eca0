import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../../src-main/engine/events';
import { openStore } from '../../../src-main/engine/store';
import { createFixture, type Fixture } from '../policies/fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

describe('event bus', () => {
  it('persists each event, delivers it to matching subscribers, and isolates a failing one', () => {
    fx = createFixture();
    const errors: unknown[] = [];
    const bus = createEventBus(fx.store, { onListenerError: (e) => errors.push(e) });
    const all: string[] = [];
    const stale: string[] = [];
    bus.subscribe(() => {
      throw new Error('listener broke');
    });
    const off = bus.subscribe((e) => all.push(e.kind));
    bus.subscribe((e) => stale.push(e.sessionId ?? ''), ['session_stale']);

    const first = bus.emit('session_stale', { sessionId: 's1', heartbeatAgeSecs: 90, timeoutSecs: 60, action: 'marked_stale' });
    bus.emit('schedule_fired', { scheduleId: 1, sessionId: 's2', task: 't', cronExpr: '* * * * *', nextRunAt: 'x' });
    off();
    bus.emit('daemon_step_failed', { step: 'budgets', error: 'boom' });

    expect(all).toEqual(['session_stale', 'schedule_fired']);
    expect(stale).toEqual(['s1']);
    expect(errors).toHaveLength(3);
    expect(first).toMatchObject({ kind: 'session_stale', sessionId: 's1', payload: { heartbeatAgeSecs: 90 } });
  });

  it('lets another process (another connection) read the events in order after a cursor', () => {
    fx = createFixture();
    const bus = createEventBus(fx.store);
    const a = bus.emit('remote_failed', { requestId: 1, error: 'x' });
    bus.emit('remote_failed', { requestId: 2, error: 'y' });
    const other = openStore(fx.store.path);
    try {
      const seen = createEventBus(other).since(a.id);
      expect(seen.map((e) => e.kind === 'remote_failed' && e.payload.requestId)).toEqual([2]);
      expect(other.listEvents({ kinds: ['remote_failed'], limit: 1 }).map((e) => e.payload.requestId)).toEqual([2]);
    } finally {
      other.close();
    }
  });
});

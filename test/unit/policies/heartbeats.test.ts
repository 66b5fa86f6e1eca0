import { afterEach, describe, expect, it } from 'vitest';
import { enforceSessionHeartbeats } from '../../../src-main/engine/policies';
import { buildSession, createFixture, minutesAgo, type Fixture } from './fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

describe('heartbeat enforcement (tests 14-15)', () => {
  it('marks an overdue running session stale, keeps its pid, and reports it once', async () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('stale-1', 'running', minutesAgo(5), { pid: 4242 }));
    fx.store.insertSession(buildSession('fresh', 'running', minutesAgo(0.5), { pid: 4243 }));

    const outcome = await enforceSessionHeartbeats(fx.policy());
    expect(outcome).toEqual({ staleSessions: ['stale-1'], autoTerminatedSessions: [] });
    const s = fx.store.getSession('stale-1');
    expect(s?.state).toBe('stale');
    expect(s?.pid).toBe(4242);
    expect(fx.kills).toEqual([]);
    expect(fx.store.getSession('fresh')?.state).toBe('running');
    const events = fx.store.listEvents({ kinds: ['session_stale'] });
    expect(events.map((e) => [e.sessionId, e.payload.action])).toEqual([['stale-1', 'marked_stale']]);

    // Already stale: not reported again.
    expect(await enforceSessionHeartbeats(fx.policy())).toEqual({ staleSessions: [], autoTerminatedSessions: [] });
  });

  it('treats a heartbeat exactly at the timeout as alive', async () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('edge', 'running', minutesAgo(1), { pid: 1 }));
    expect((await enforceSessionHeartbeats(fx.policy())).staleSessions).toEqual([]);
  });

  it('kills and fails an overdue session when auto-terminate is on', async () => {
    fx = createFixture((c) => (c.auto_terminate_stale_sessions = true));
    fx.store.insertSession(buildSession('stale-2', 'running', minutesAgo(5), { pid: 7777 }));

    const outcome = await enforceSessionHeartbeats(fx.policy());
    expect(outcome).toEqual({ staleSessions: [], autoTerminatedSessions: ['stale-2'] });
    expect(fx.kills).toEqual([7777]);
    const s = fx.store.getSession('stale-2');
    expect(s?.state).toBe('failed');
    expect(s?.pid).toBeNull();
    expect(s?.stateReason).toContain('no heartbeat for 300s');
  });
});

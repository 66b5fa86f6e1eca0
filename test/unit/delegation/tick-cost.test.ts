// The daemon's coordination tick must stay cheap with many sessions: lookups are batched, so a
// 1,000-session saturated backlog is coordinated and summarized with batched lookups.
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { coordinateBacklog, getCoordinationStatus } from '../../../src-main/engine/delegation';
import { addSession, handoff, openFixture, type Fixture } from './helpers';

let fx: Fixture;
afterEach(() => fx.cleanup());

describe('coordination tick cost', () => {
  it('coordinates and summarizes 1,000 saturated sessions', async () => {
    fx = openFixture({ max_parallel_sessions: 8 });
    // Inbound work is high priority, so the leads (not their backed-up delegates) are drained first.
    fx.store.transaction(() => {
      for (let l = 0; l < 100; l++) {
        addSession(fx, `lead-${l}`, 'running', { agoSecs: 100 });
        for (let d = 0; d < 9; d++) {
          const id = `lead-${l}-d${d}`;
          addSession(fx, id, 'running', { agoSecs: 200 });
          handoff(fx, `lead-${l}`, id, `work ${d}`);
        }
        handoff(fx, 'planner', `lead-${l}`, `inbound ${l}`, { priority: 'high' });
      }
    });
    const tick = async () => {
      const started = performance.now();
      const outcome = await coordinateBacklog(fx.deps, { leadLimit: 8, agent: 'claude', worktree: false });
      const status = getCoordinationStatus(fx.deps);
      return { ms: performance.now() - started, outcome, status };
    };
    await tick(); // warm the statement cache
    const runs = [await tick(), await tick(), await tick()];
    const last = runs[2];
    expect(last?.outcome.dispatched).toHaveLength(8);
    expect(last?.outcome.dispatched.every((d) => d.routed.every((r) => r.action === 'deferred_saturated'))).toBe(true);
    expect(last?.status).toMatchObject({ backlogLeads: 1000, saturatedSessions: 100, absorbableSessions: 900, health: 'saturated' });
    // Its time is measured by `npm run bench` (bench/daemon-tick.ts), not asserted here.
  }, 60_000);
});

// The sessions stream polls the store once a second and reads no rows while nothing was committed;
// what another process (a runner) or this one commits still arrives at the next tick.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionsEvent } from '../../../src-main/api';
import { openStore } from '../../../src-main/engine/store';
import type { Store } from '../../../src-main/engine/store';
import { createWatchers } from '../../../src-main/host/watchers';
import { sampleSession, tempDir } from '../store/helpers';

const open: Store[] = [];
const dirs: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => (probe() ? resolve() : Date.now() > deadline ? reject(new Error(`timed out waiting for ${what}`)) : setTimeout(tick, 10));
    tick();
  });
}

describe('the sessions stream', () => {
  it('delivers changes committed by another connection and by its own, and reads nothing in between', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = join(dir.dir, 'switchyard.db');
    const host = openStore(db);
    const runner = openStore(db);
    open.push(host, runner);
    host.insertSession(sampleSession('aaa'));
    let listed = 0;
    const listSessions = host.listSessions.bind(host);
    host.listSessions = ((...args: Parameters<Store['listSessions']>) => {
      listed++;
      return listSessions(...args);
    }) as Store['listSessions'];
    const watchers = createWatchers(host, { intervalMs: 20 });
    const events: SessionsEvent[] = [];
    const stop = watchers.subscribeSessions((e) => events.push(e));
    try {
      expect(events[0]?.kind).toBe('snapshot');
      // Another connection (a runner) changes the session: it arrives.
      runner.updateState('aaa', 'running');
      await until('the runner’s change', () => events.some((e) => e.kind === 'changed' && e.changed.some((s) => s.state === 'running')));
      // Nothing committed: ticks go by without listing the sessions.
      await new Promise((r) => setTimeout(r, 100));
      const quiet = listed;
      await new Promise((r) => setTimeout(r, 200));
      expect(listed).toBe(quiet);
      // This connection's own change arrives too.
      host.setAttention('aaa', 'needs_input');
      await until('its own change', () => events.some((e) => e.kind === 'changed' && e.changed.some((s) => s.attention === 'needs_input')));
      expect(listed).toBeGreaterThan(quiet);
    } finally {
      stop();
      watchers.dispose();
    }
  });
});

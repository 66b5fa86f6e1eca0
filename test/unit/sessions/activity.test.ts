// Interactive agents without hooks: quiet output means idle, new output means running again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import { createEventBus } from '../../../src-main/engine/events';
import { createActivityTracker } from '../../../src-main/engine/sessions/activity';
import { openStore } from '../../../src-main/engine/store';
import { buildSession } from '../../helpers/session-fixture';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('output-activity status for agents without hooks', () => {
  it('goes idle after a quiet period and back to running on output, recording each move', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sy-activity-'));
    dirs.push(home);
    const store = openStore(join(home, 'switchyard.db'));
    store.insertSession(buildSession('act00001', 'running', new Date(), { agentType: 'codex', mode: 'interactive', pid: 1, runnerPid: 1 }));
    const events = createEventBus(store);
    const deps = { home, config: defaultConfig(home), store, runner: { command: [] } };
    const tracker = createActivityTracker(deps, 'act00001', events, 150);
    tracker.start();
    await new Promise((r) => setTimeout(r, 1300));
    expect(store.getSession('act00001')!.state).toBe('idle');
    tracker.onOutput();
    expect(store.getSession('act00001')!.state).toBe('running');
    tracker.stop();
    const moves = store.listEvents({ kinds: ['session_state'], limit: 10 }).map((e) => (e.payload as { to: string }).to);
    expect(moves).toEqual(expect.arrayContaining(['idle', 'running']));
    store.close();
  });
});

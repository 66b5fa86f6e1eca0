// A session started or resumed over the API with the size of the view that will show it: the
// agent's PTY has that size from its first byte (the fake agent prints process.stdout.columns
// before anything else), and a resize from a view is kept for the next launch.
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/api';
import { createApiHost, type ApiHost } from '../../../src-main/host';
import { cliPath } from '../../helpers/cli';
import { makeWorld, waitFor, type World } from '../../helpers/sessions';

let world: World | undefined;
let host: ApiHost | undefined;
afterEach(async () => {
  await host?.dispose();
  world?.cleanup();
  host = world = undefined;
});

const runnerEnv = (w: World) => ({ PATH: w.env.PATH!, FAKE_AGENT_MODE: 'size', FAKE_AGENT_LOG: w.agentLog });

async function call<T>(h: ApiHost, op: string, input: unknown): Promise<T> {
  const r = await h.call(op, input);
  if (!r.ok) throw new Error(`${op}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('the terminal size a session starts at', () => {
  it('is the size the UI passed to startSession, then the last size a view resized it to when resumed', async () => {
    const w = (world = makeWorld({ mode: 'size' }));
    const h = (host = createApiHost({ home: w.home, cwd: w.work, runnerCommand: [process.execPath, cliPath], runnerEnv: runnerEnv(w) }));
    const started = await call<Session>(h, 'startSession', { task: 'measure', mode: 'interactive', worktree: false, terminalSize: { cols: 137, rows: 41 } });
    const sizes = () => w.agentLogLines().filter((l) => l.startsWith(`SIZE ${started.id} `));
    await waitFor('the agent to report its size', () => sizes().length === 1, 30_000);
    expect(sizes()).toEqual([`SIZE ${started.id} 137x41`]);

    await waitFor('the runner to take input', async () => (await call<{ delivered: boolean }>(h, 'terminalResize', { id: started.id, cols: 101, rows: 33 })).delivered, 30_000);
    await call(h, 'stopSession', { id: started.id });
    await waitFor('the session to stop', async () => (await call<{ session: Session }>(h, 'getSession', { id: started.id })).session.state === 'stopped', 30_000);
    await call(h, 'resumeSession', { id: started.id });
    await waitFor('the resumed agent to report its size', () => sizes().length === 2, 30_000);
    expect(sizes()[1]).toBe(`SIZE ${started.id} 101x33`);
  }, 120_000);

  it('refuses a size that is not a positive whole number, naming the field', async () => {
    const w = (world = makeWorld({ mode: 'size' }));
    const h = (host = createApiHost({ home: w.home, cwd: w.work, runnerCommand: [process.execPath, cliPath], runnerEnv: runnerEnv(w) }));
    const r = await h.call('startSession', { task: 'measure', worktree: false, terminalSize: { cols: 0, rows: 24 } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!r.ok && r.error.message).toMatch(/terminalSize\.cols/);
  });
});

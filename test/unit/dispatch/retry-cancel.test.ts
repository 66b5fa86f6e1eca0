// Retry and cancel of remote dispatch requests (issue 13): a failed request can be queued again and
// then dispatches; a pending one can be withdrawn and the daemon then leaves it alone.
import { mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cancelRemoteDispatchRequest, createRemoteDispatchRequest, retryRemoteDispatchRequest, runRemoteDispatchRequests } from '../../../src-main/engine/dispatch';
import { createFixture, type Fixture } from '../policies/fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

const deps = (f: Fixture) => ({ store: f.store, config: f.config, events: f.events, launch: f.launch });

describe('retrying and cancelling remote requests', () => {
  it('retries a failed request: pending again with the error cleared, then dispatched once the cause is fixed', async () => {
    fx = createFixture();
    const folder = `${fx.dir}/later`;
    const r = createRemoteDispatchRequest(deps(fx), { task: 'Triage the alert', useWorktree: false, cwd: folder, source: 'cli' });
    const [first] = await runRemoteDispatchRequests(deps(fx), 10);
    expect(first?.result).toBe('failed');

    mkdirSync(folder);
    const again = retryRemoteDispatchRequest(deps(fx), r.id);
    expect(again).toMatchObject({ id: r.id, status: 'pending', error: null });
    const [second] = await runRemoteDispatchRequests(deps(fx), 10);
    expect(second).toMatchObject({ requestId: r.id, result: 'spawned_top_level' });
    expect(fx.store.getRemoteDispatchRequest(r.id)?.status).toBe('dispatched');
    expect(fx.launches).toHaveLength(1);
  });

  it('cancels a pending request so the next pass does not launch it, and can retry it afterwards', async () => {
    fx = createFixture();
    const r = createRemoteDispatchRequest(deps(fx), { task: 'Not needed after all', useWorktree: false, cwd: fx.dir, source: 'http' });
    expect(cancelRemoteDispatchRequest(deps(fx), r.id)).toMatchObject({ status: 'cancelled' });
    expect(await runRemoteDispatchRequests(deps(fx), 10)).toEqual([]);
    expect(fx.launches).toHaveLength(0);
    // Still listed with --all, as cancelled.
    expect(fx.store.listRemoteDispatchRequests(true, 10).map((x) => [x.id, x.status])).toEqual([[r.id, 'cancelled']]);
    expect(retryRemoteDispatchRequest(deps(fx), r.id).status).toBe('pending');
  });

  it('refuses what does not apply, saying why and what can be done', async () => {
    fx = createFixture();
    const r = createRemoteDispatchRequest(deps(fx), { task: 'Ship it', useWorktree: false, cwd: fx.dir, source: 'cli' });
    expect(() => retryRemoteDispatchRequest(deps(fx), r.id)).toThrow(/cannot be retried: it is still pending.*only a failed or cancelled request can/);
    await runRemoteDispatchRequests(deps(fx), 10);
    const done = fx.store.getRemoteDispatchRequest(r.id)!;
    expect(() => cancelRemoteDispatchRequest(deps(fx), r.id)).toThrow(new RegExp(`already dispatched to session ${done.resultSessionId}; stop that session instead; only a pending request can`));
    expect(() => retryRemoteDispatchRequest(deps(fx), r.id)).toThrow(/already dispatched/);
    expect(() => cancelRemoteDispatchRequest(deps(fx), 999)).toThrow('remote request 999 does not exist; list them with `switchyard remote list --all`');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createComputerUseRequest, createRemoteDispatchRequest, renderComputerUseTask, runRemoteDispatchRequests } from '../../../src-main/engine/dispatch';
import { buildSession, createFixture, minutesAgo, type Fixture } from '../policies/fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

const deps = (f: Fixture) => ({ store: f.store, config: f.config, events: f.events, launch: f.launch });

describe('remote dispatch (tests 23-25)', () => {
  it('dispatches the critical targeted request first and leaves the low one pending', async () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('lead', 'running', minutesAgo(1), { workingDir: fx.dir }));
    const base = { targetSession: 'lead', useWorktree: false, cwd: fx.dir, source: 'cli' };
    const low = createRemoteDispatchRequest(deps(fx), { ...base, task: 'Low priority cleanup', priority: 'low' });
    const critical = createRemoteDispatchRequest(deps(fx), { ...base, task: 'Critical production fix', priority: 'critical' });

    const outcomes = await runRemoteDispatchRequests(deps(fx), 1);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ requestId: critical.id, result: 'assigned', action: 'spawned', priority: 'critical', targetSessionId: 'lead' });
    expect(fx.store.getRemoteDispatchRequest(low.id)?.status).toBe('pending');
    const done = fx.store.getRemoteDispatchRequest(critical.id);
    expect(done?.status).toBe('dispatched');
    expect(done?.resultSessionId).toBeTruthy();
    // The spawned delegate got the work as a handoff from the lead.
    expect(fx.store.latestTaskHandoffSource(done?.resultSessionId ?? '')).toBe('lead');
  });

  it('starts a top-level session for an untargeted request with the request grouping', async () => {
    fx = createFixture();
    const r = createRemoteDispatchRequest(deps(fx), {
      task: 'Phone triage',
      priority: 'high',
      project: 'ecc-core',
      taskGroup: 'phone dispatch',
      useWorktree: false,
      cwd: fx.dir,
      source: 'http',
      requester: '127.0.0.1',
    });
    const [o] = await runRemoteDispatchRequests(deps(fx), 10);
    expect(o).toMatchObject({ requestId: r.id, result: 'spawned_top_level' });
    const stored = fx.store.getRemoteDispatchRequest(r.id);
    expect(stored).toMatchObject({ status: 'dispatched', resultAction: 'spawned_top_level' });
    expect(fx.store.getSession(stored?.resultSessionId ?? '')).toMatchObject({ project: 'ecc-core', taskGroup: 'phone dispatch' });
  });

  it('applies the computer-use defaults and renders the task', () => {
    fx = createFixture((c) => (c.computer_use_dispatch = { agent: 'codex', use_worktree: false, project: 'ops', task_group: 'remote browser' }));
    const r = createComputerUseRequest(deps(fx), {
      goal: 'Open the billing portal and confirm the refund banner',
      targetUrl: 'https://ecc.tools/account',
      context: 'Use the production account flow',
      priority: 'critical',
      cwd: fx.dir,
      source: 'http_computer_use',
      requester: '127.0.0.1',
    });
    expect(r).toMatchObject({ requestKind: 'computer_use', targetUrl: 'https://ecc.tools/account', agentType: 'codex', project: 'ops', taskGroup: 'remote browser', useWorktree: false, priority: 'critical' });
    expect(r.task).toContain('Computer-use task.');
    expect(r.task).toContain('Goal: Open the billing portal');
    expect(r.task).toContain('Target URL: https://ecc.tools/account');
    expect(r.task).toContain('Context: Use the production account flow');
    expect(renderComputerUseTask('  go  ', '  ', '')).toBe(
      'Computer-use task.\nGoal: go\nUse browser or computer-use tools directly when available, and report blockers clearly if auth, approvals, or local-device access prevent completion.',
    );
  });

  it('records a failed dispatch and refuses an unknown target at queue time', async () => {
    fx = createFixture();
    expect(() => createRemoteDispatchRequest(deps(fx), { task: 't', targetSession: 'ghost', cwd: fx.dir, source: 'cli' })).toThrow('Session not found: ghost');
    const r = createRemoteDispatchRequest(deps(fx), { task: 't', useWorktree: false, cwd: `${fx.dir}/gone`, source: 'cli' });
    const [o] = await runRemoteDispatchRequests(deps(fx), 10);
    expect(o?.result).toBe('failed');
    expect(fx.store.getRemoteDispatchRequest(r.id)).toMatchObject({ status: 'failed' });
    expect(fx.store.getRemoteDispatchRequest(r.id)?.error).toContain('does not exist');
  });
});

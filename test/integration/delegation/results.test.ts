// A lead hears back: a finished delegate's result (summary or why it failed, branch, files changed,
// cost) lands in the lead's inbox once per handoff, with a delegate_finished event; nothing is typed
// into the lead's terminal unless a person asks (sendResultToLead), and then only into an idle
// interactive lead.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import { stopSession } from '../../../src-main/engine/sessions/lifecycle';
import { openStore } from '../../../src-main/engine/store';
import { delegationGraph } from '../../../src-main/engine/views';
import { cliPath, repoRoot, tempDir } from '../../helpers/cli';
import { waitFor } from '../../helpers/sessions';
import { runInProcess } from './cli-harness';
import { encodeMessage } from '../../../src-main/engine/comms';
import { parseDelegateResult, reportFinishedDelegates, sendResultToLead } from '../../../src-main/engine/delegation';
import { createEventBus } from '../../../src-main/engine/events';
import type { Store } from '../../../src-main/engine/store';
import { buildSession } from '../../helpers/session-fixture';
import { commitFile, insertSession, minutesAgo, sessionWithWorktree, testEnv, type TestEnv } from '../worktrees/helpers';

let env: TestEnv;
afterEach(() => env?.cleanup());

function handoff(store: Store, from: string, to: string, task: string): number {
  const { content, msgType } = encodeMessage({ kind: 'task_handoff', task, context: `from ${from}`, priority: 'normal' });
  return store.sendMessage(from, to, content, msgType).id;
}

const results = (store: Store, lead: string) => store.listMessagesForSession(lead, 100).filter((m) => m.toSession === lead && m.msgType === 'completed');

describe('reportFinishedDelegates', () => {
  it('sends a completed delegate’s summary, branch, files and cost to its lead once, and emits delegate_finished', async () => {
    env = testEnv();
    insertSession(env.store, 'lead', 'idle', minutesAgo(5));
    const d = await sessionWithWorktree(env, 'dlg', 'running', minutesAgo(4));
    handoff(env.store, 'lead', 'dlg', 'Write the part');
    commitFile(d.worktree!.path, 'src/part.ts', 'export const part = 1;\n', 'dlg: part');
    commitFile(d.worktree!.path, 'README.md', 'hello, with a part\n', 'dlg: readme');
    env.store.setSummary('dlg', 'Wrote the part and documented it.');
    env.store.updateMetrics('dlg', { costUsd: 0.0123, tokensUsed: 4200 });
    // Still running: nothing to report yet.
    const events = createEventBus(env.store);
    expect((await reportFinishedDelegates(env.deps, { events })).reported).toEqual([]);

    env.store.recordExit('dlg', { state: 'completed', exitCode: 0, exitSignal: null, reason: null });
    const first = await reportFinishedDelegates(env.deps, { events });
    expect(first.reported).toEqual([{ delegateId: 'dlg', leadId: 'lead', outcome: 'completed', messageId: expect.any(Number) }]);
    const inbox = results(env.store, 'lead');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ fromSession: 'dlg', read: false });
    expect(parseDelegateResult(inbox[0]!.content, 'dlg', 'lead')).toEqual({
      delegateId: 'dlg',
      leadId: 'lead',
      outcome: 'completed',
      summary: 'Wrote the part and documented it.',
      branch: 'ecc/dlg',
      baseBranch: 'main',
      commitSha: null,
      filesChanged: ['README.md', 'src/part.ts'],
      costUsd: 0.0123,
      tokens: 4200,
    });
    // The lead's unread count counts it; the event names the delegate, the lead and the message.
    expect(env.store.unreadMessageCounts().get('lead')).toBe(1);
    const finished = events.since(0).filter((e) => e.kind === 'delegate_finished');
    expect(finished.map((e) => e.payload)).toEqual([{ sessionId: 'dlg', leadId: 'lead', outcome: 'completed', messageId: inbox[0]!.id, summary: 'Wrote the part and documented it.' }]);

    // Every later tick finds nothing new.
    expect((await reportFinishedDelegates(env.deps, { events })).reported).toEqual([]);
    expect(results(env.store, 'lead')).toHaveLength(1);

    // The graph draws it: the edge carries the result, the lead counts it until read.
    let graph = delegationGraph(env.store, env.config);
    expect(graph.edges.find((e) => e.to === 'dlg')?.result).toMatchObject({ messageId: inbox[0]!.id, outcome: 'completed', read: false, summary: 'Wrote the part and documented it.' });
    expect(graph.nodes.find((n) => n.sessionId === 'lead')?.unreadResults).toBe(1);
    env.store.markMessageRead(inbox[0]!.id);
    graph = delegationGraph(env.store, env.config);
    expect(graph.nodes.find((n) => n.sessionId === 'lead')?.unreadResults).toBe(0);
    expect(graph.edges.find((e) => e.to === 'dlg')?.result?.read).toBe(true);
  });

  it('reports a failed delegate with why it failed, and again after a new handoff', async () => {
    env = testEnv();
    insertSession(env.store, 'lead', 'running', minutesAgo(5));
    insertSession(env.store, 'dlg', 'running', minutesAgo(4));
    handoff(env.store, 'lead', 'dlg', 'Try the risky fix');
    env.store.recordExit('dlg', { state: 'failed', exitCode: 1, exitSignal: null, reason: 'agent exited with code 1' });
    await reportFinishedDelegates(env.deps);
    const [failed] = results(env.store, 'lead');
    expect(parseDelegateResult(failed!.content, 'dlg', 'lead')).toMatchObject({ outcome: 'failed', summary: 'agent exited with code 1', branch: null, filesChanged: [] });

    // The lead hands it more work (a resume); once it finishes again, a second result follows.
    handoff(env.store, 'lead', 'dlg', 'Try again, carefully');
    env.store.markPendingForResume('dlg');
    expect((await reportFinishedDelegates(env.deps)).reported).toEqual([]);
    env.store.recordExit('dlg', { state: 'completed', exitCode: 0, exitSignal: null, reason: null });
    await reportFinishedDelegates(env.deps);
    expect(results(env.store, 'lead').map((m) => parseDelegateResult(m.content, 'dlg', 'lead')?.outcome)).toEqual(['failed', 'completed']);
  });

  it('leaves sessions without a lead, handoffs from the operator and stopped delegates alone', async () => {
    env = testEnv();
    insertSession(env.store, 'alone', 'completed', minutesAgo(3));
    insertSession(env.store, 'from-op', 'completed', minutesAgo(3));
    handoff(env.store, 'operator', 'from-op', 'queued by hand');
    insertSession(env.store, 'lead', 'idle', minutesAgo(3));
    insertSession(env.store, 'stopped', 'stopped', minutesAgo(3));
    handoff(env.store, 'lead', 'stopped', 'stop me');
    expect((await reportFinishedDelegates(env.deps)).reported).toEqual([]);
    expect(env.store.listMessagesForSession('lead', 10).filter((m) => m.msgType === 'completed')).toEqual([]);
  });
});

describe('sendResultToLead (a person’s click)', () => {
  it('refuses a headless lead, a busy one and one whose terminal is gone, with the reason, and keeps the result unread', async () => {
    env = testEnv();
    env.store.insertSession(buildSession('headless', 'idle', minutesAgo(5)));
    env.store.insertSession(buildSession('busy', 'running', minutesAgo(5), { mode: 'interactive' }));
    env.store.insertSession(buildSession('asking', 'idle', minutesAgo(5), { mode: 'interactive', attention: 'needs_input' }));
    env.store.insertSession(buildSession('gone', 'idle', minutesAgo(5), { mode: 'interactive' }));
    const ids: Record<string, number> = {};
    for (const lead of ['headless', 'busy', 'asking', 'gone']) {
      insertSession(env.store, `d-${lead}`, 'running', minutesAgo(4));
      handoff(env.store, lead, `d-${lead}`, 'A part');
      env.store.recordExit(`d-${lead}`, { state: 'completed', exitCode: 0, exitSignal: null, reason: null });
    }
    for (const r of (await reportFinishedDelegates(env.deps)).reported) ids[r.leadId] = r.messageId;
    expect(Object.keys(ids).sort()).toEqual(['asking', 'busy', 'gone', 'headless']);
    await expect(sendResultToLead(env.deps, ids.headless!)).resolves.toEqual({ sent: false, reason: 'lead headless is headless: it cannot take typed input; the result stays in its inbox' });
    await expect(sendResultToLead(env.deps, ids.busy!)).resolves.toEqual({ sent: false, reason: 'lead busy is running, not idle: send it once the lead waits for input' });
    await expect(sendResultToLead(env.deps, ids.asking!)).resolves.toEqual({ sent: false, reason: 'lead asking is waiting on a prompt of its own (needs input): answer that first' });
    await expect(sendResultToLead(env.deps, ids.gone!)).resolves.toEqual({ sent: false, reason: "lead gone's terminal did not answer (its runner is gone); the result stays in its inbox" });
    await expect(sendResultToLead(env.deps, 999_999)).resolves.toEqual({ sent: false, reason: "message #999999 is not a delegate's result" });
    for (const id of Object.values(ids)) expect(env.store.getMessage(id)!.read).toBe(false);
  });
});

describe('sendResultToLead into a live interactive lead (real runner, fake agent)', () => {
  it('types the result as one line into the idle lead’s terminal and marks it read', async () => {
    const tmp = tempDir('sy-results-');
    const home = join(tmp.path, 'home');
    const repo = join(tmp.path, 'repo');
    mkdirSync(home, { mode: 0o700 });
    mkdirSync(repo);
    const wrapper = join(tmp.path, 'fake-agent');
    writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'test', 'fixtures', 'delegation', 'fake-agent.mjs')}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    writeFileSync(join(home, 'config.toml'), `[harness_runners.fake]\nprogram = "${wrapper}"\n`, { mode: 0o600 });
    const config = defaultConfig(home);
    const store = openStore(config.db_path);
    const deps = { home, config, store, runner: { command: [process.execPath, cliPath] } };
    let leadId = '';
    try {
      const started = await runInProcess(['--home', home, 'start', '-a', 'fake', '--mode', 'interactive', '--no-worktree', '-t', 'Lead the invoice work', '--json'], repo);
      expect(started.stderr).toBe('');
      leadId = (JSON.parse(started.stdout) as { id: string }).id;
      await waitFor('the lead running', () => store.getSession(leadId)?.state === 'running', 20_000);
      store.updateState(leadId, 'idle'); // its turn is over: it waits for input

      store.insertSession(buildSession('dlg00001', 'running', new Date(), { workingDir: repo }));
      handoff(store, leadId, 'dlg00001', 'Write the invoice template');
      store.setSummary('dlg00001', 'Wrote the template.\nIt has two sections.');
      store.recordExit('dlg00001', { state: 'completed', exitCode: 0, exitSignal: null, reason: null });
      const { reported } = await reportFinishedDelegates(deps);
      // Reporting typed nothing: the lead's log has no sign of the result.
      const logPath = store.getOutputLog(leadId)?.logPath ?? '';
      expect(readFileSync(logPath, 'utf8')).not.toContain('Delegate dlg00001');

      const sent = await sendResultToLead(deps, reported[0]!.messageId);
      expect(sent).toEqual({ sent: true, text: 'Delegate dlg00001 completed: Wrote the template. It has two sections. | no branch | no files changed | cost $0.00' });
      await waitFor('the result in the lead’s terminal', () => readFileSync(logPath, 'utf8').includes('received: Delegate dlg00001 completed: Wrote the template. It has two sections.'), 20_000);
      expect(store.getMessage(reported[0]!.messageId)!.read).toBe(true);
    } finally {
      if (leadId) await stopSession(deps, leadId).catch(() => undefined);
      store.close();
      tmp.cleanup();
    }
  }, 60_000);
});

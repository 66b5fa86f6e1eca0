import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeMessage } from '../../../src-main/engine/comms';
import type { RunnerClient } from '../../../src-main/engine/runner';
import { answerQuery, approvalQueue, resolveConflict } from '../../../src-main/engine/views';
import { addSession, openFixture, type Fixture } from '../delegation/helpers';

let fx: Fixture;
beforeEach(() => {
  fx = openFixture();
});
afterEach(() => fx.cleanup());

function conflict(active: string, paused: string, path: string) {
  const incident = fx.store.upsertConflictIncident({
    conflictKey: `${path}::${active}::${paused}`,
    path,
    firstSessionId: active,
    secondSessionId: paused,
    activeSessionId: active,
    pausedSessionId: paused,
    firstAction: 'modify',
    secondAction: 'modify',
    strategy: 'escalate',
    summary: `Escalated overlap on ${path}; paused later session ${paused} while ${active} stays active`,
  });
  const note = encodeMessage({ kind: 'conflict', file: path, description: incident.summary });
  fx.store.sendMessage(active, paused, note.content, note.msgType);
  return incident;
}

function query(from: string, to: string, question: string) {
  const q = encodeMessage({ kind: 'query', question });
  return fx.store.sendMessage(from, to, q.content, q.msgType);
}

describe('approvalQueue', () => {
  it('lists open incidents with both sessions and the unread queries and conflict notes', () => {
    addSession(fx, 'active', 'running');
    addSession(fx, 'paused', 'stopped');
    const incident = conflict('active', 'paused', 'src/app.ts');
    query('paused', 'lead', 'May I delete the legacy folder?');
    fx.store.sendMessage('lead', 'paused', 'fyi', 'info'); // not an approval
    const queue = approvalQueue(fx.store);
    expect(queue.conflicts).toEqual([
      { incident, activeSession: { id: 'active', task: 'task-active', state: 'running' }, pausedSession: { id: 'paused', task: 'task-paused', state: 'stopped' } },
    ]);
    expect(queue.messages.map((m) => [m.message.msgType, m.question, m.file, m.from?.id ?? null, m.to?.id ?? null])).toEqual([
      ['conflict', null, 'src/app.ts', 'active', 'paused'],
      ['query', 'May I delete the legacy folder?', null, 'paused', null],
    ]);
    expect(queue.messages[1]?.preview).toBe('query May I delete the legacy folder?');
  });
});

describe('resolveConflict', () => {
  it('keep_paused resolves the incident and its notes without starting anything', async () => {
    addSession(fx, 'active', 'running');
    addSession(fx, 'paused', 'stopped');
    const incident = conflict('active', 'paused', 'a.ts');
    const out = await resolveConflict(fx.deps, incident.id, 'keep_paused');
    expect(out.resumed).toBeNull();
    expect(out.notesRead).toBe(1);
    expect(out.incident.resolvedAt).not.toBeNull();
    expect(fx.launches).toEqual([]);
    expect(approvalQueue(fx.store)).toEqual({ conflicts: [], messages: [], denials: [] });
    await expect(resolveConflict(fx.deps, incident.id, 'keep_paused')).rejects.toThrow(`conflict incident ${incident.id} was already resolved`);
    await expect(resolveConflict(fx.deps, 4242, 'keep_paused')).rejects.toThrow('conflict incident 4242 does not exist');
  });

  it('resume_paused resumes the paused session through the lifecycle', async () => {
    addSession(fx, 'active', 'running');
    addSession(fx, 'paused', 'stopped');
    const incident = conflict('active', 'paused', 'a.ts');
    const out = await resolveConflict(fx.deps, incident.id, 'resume_paused');
    expect(out.resumed?.id).toBe('paused');
    expect(fx.launches).toHaveLength(1);
    expect(fx.launches[0]).toContain('paused');
    expect(fx.store.getSession('paused')?.state).not.toBe('stopped');
  });

  it('leaves the incident open when the paused session cannot resume', async () => {
    addSession(fx, 'active', 'running');
    addSession(fx, 'done', 'completed');
    const incident = conflict('active', 'done', 'a.ts');
    await expect(resolveConflict(fx.deps, incident.id, 'resume_paused')).rejects.toThrow('Completed sessions cannot be resumed: done');
    expect(approvalQueue(fx.store).conflicts).toHaveLength(1);
  });
});

describe('answerQuery', () => {
  it('sends a response back to the asker and marks the query read', async () => {
    addSession(fx, 'asker', 'running', { mode: 'interactive' });
    const q = query('asker', 'lead', 'Which database?');
    const out = await answerQuery(fx.deps, q.id, 'Use SQLite');
    expect(out.delivery).toBe('inbox');
    expect(out.response).toMatchObject({ fromSession: 'lead', toSession: 'asker', msgType: 'response', read: false });
    expect(JSON.parse(out.response.content)).toEqual({ Response: { answer: 'Use SQLite' } });
    expect(fx.store.getMessage(q.id)?.read).toBe(true);
    await expect(answerQuery(fx.deps, q.id, 'again')).rejects.toThrow(`query ${q.id} was already answered or read`);
    await expect(answerQuery(fx.deps, out.response.id, 'x')).rejects.toThrow('is a response message, not a query');
  });

  it('types the answer into an idle interactive asker terminal', async () => {
    addSession(fx, 'asker', 'idle', { mode: 'interactive' });
    fx.store.upsertOutputLog({ sessionId: 'asker', logPath: '/tmp/asker.log', socketPath: '/tmp/asker.sock' });
    const typed: string[] = [];
    const client = {
      hello: { exited: false, bytes: 0 },
      attach: () => undefined,
      input: (data: string) => typed.push(data),
      close: () => undefined,
      closed: new Promise<void>(() => undefined),
    } as unknown as RunnerClient;
    const deps = { ...fx.deps, deliveryConfirmMs: 10, connectRunner: async () => client };
    const q = query('asker', 'lead', 'Proceed?');
    const out = await answerQuery(deps, q.id, 'yes,\ngo ahead');
    expect(out.delivery).toBe('terminal');
    expect(typed).toEqual(['yes, go ahead\r']);
    expect(out.response.read).toBe(true);
    expect(fx.store.getSession('asker')?.state).toBe('running');
  });
});

// The conflicts and approvals queue: open conflict incidents (resume the paused session or keep it
// paused) and agents' unread queries (answer them).
import { useState } from 'react';
import type { ApiClient } from '../../api/client';
import type { ApprovalQueueView } from '../../../../src-main/api/ops-operator';
import { relativeTime } from '../../lib/format';
import { LoadError, Section, shortId, useLoad } from './common';

type Conflict = ApprovalQueueView['conflicts'][number];
type Message = ApprovalQueueView['messages'][number];
type Denial = ApprovalQueueView['denials'][number];
type Toast = (text: string, kind?: 'info' | 'error' | 'warn') => void;

function SessionLink({ session, id, onOpen }: { session: { id: string; task: string } | null; id: string; onOpen: (id: string) => void }) {
  if (!session) return <span className="mono muted">{shortId(id)} (gone)</span>;
  return (
    <button type="button" className="op-link" onClick={() => onOpen(session.id)} aria-label={`Open session ${session.id}`} title={session.task}>
      <span className="mono">{shortId(session.id)}</span> <span className="muted">{session.task.split('\n')[0]?.slice(0, 50)}</span>
    </button>
  );
}

function ConflictCard({ item, client, now, onDone, onOpen, onToast }: { item: Conflict; client: ApiClient; now: number; onDone: () => void; onOpen: (id: string) => void; onToast: Toast }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { incident } = item;
  const resolve = async (resolution: 'resume_paused' | 'keep_paused') => {
    setBusy(true);
    setError(null);
    const r = await client.call('resolveConflict', { incidentId: incident.id, resolution });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onToast(resolution === 'resume_paused' ? `Resolved the conflict on ${incident.path}; resumed ${r.value.resumedSessionId ?? 'the paused session'}` : `Resolved the conflict on ${incident.path}; the paused session stays paused`);
    onDone();
  };
  return (
    <li className="op-item op-conflict" aria-label={`Conflict on ${incident.path}`}>
      <div className="op-item-head">
        <span className="badge badge-compact badge-failed">
          <span className="badge-dot" aria-hidden="true" />
          Conflict
        </span>
        <span className="mono op-cell-title" title={incident.path}>
          {incident.path}
        </span>
        <span className="spacer" />
        <span className="muted small">
          {incident.strategy} · {relativeTime(incident.createdAt, now)}
        </span>
      </div>
      <p className="small op-summary">{incident.summary}</p>
      <dl className="op-pairs small">
        <dt>Kept working</dt>
        <dd>
          <SessionLink session={item.activeSession} id={incident.activeSessionId} onOpen={onOpen} /> ({incident.firstSessionId === incident.activeSessionId ? incident.firstAction : incident.secondAction})
        </dd>
        <dt>Paused</dt>
        <dd>
          <SessionLink session={item.pausedSession} id={incident.pausedSessionId} onOpen={onOpen} /> ({incident.firstSessionId === incident.pausedSessionId ? incident.firstAction : incident.secondAction})
        </dd>
      </dl>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="op-actions">
        <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => void resolve('resume_paused')}>
          Resume paused session
        </button>
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void resolve('keep_paused')}>
          Keep paused
        </button>
      </div>
    </li>
  );
}

function QueryCard({ item, client, now, onDone, onOpen, onToast }: { item: Message; client: ApiClient; now: number; onDone: () => void; onOpen: (id: string) => void; onToast: Toast }) {
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { message } = item;
  const isQuery = message.msgType === 'query';
  const send = async () => {
    setBusy(true);
    setError(null);
    const r = await client.call('answerQuery', { messageId: message.id, answer });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onToast(r.value.delivery === 'terminal' ? 'Answer typed into the asking session' : "Answer left in the asking session's inbox");
    onDone();
  };
  const inputId = `op-answer-${message.id}`;
  return (
    <li className="op-item" aria-label={isQuery ? `Query from ${message.fromSession}` : `Conflict note about ${item.file ?? 'a file'}`}>
      <div className="op-item-head">
        <span className={`badge badge-compact ${isQuery ? 'badge-stale' : 'badge-failed'}`}>
          <span className="badge-dot" aria-hidden="true" />
          {isQuery ? 'Query' : 'Conflict note'}
        </span>
        <SessionLink session={item.from} id={message.fromSession} onOpen={onOpen} />
        <span className="muted small">→</span>
        <SessionLink session={item.to} id={message.toSession} onOpen={onOpen} />
        <span className="spacer" />
        <span className="muted small">{relativeTime(message.timestamp, now)}</span>
      </div>
      <p className="op-summary">{isQuery ? item.question : `${item.file ?? ''}: ${item.description ?? item.preview}`}</p>
      {isQuery && (
        <form
          className="op-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <label htmlFor={inputId} className="op-sr-only">
            Answer to query {message.id}
          </label>
          <input id={inputId} value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder="Type the answer" />
          <button type="submit" className="btn btn-sm btn-primary" disabled={busy || !answer.trim()} title={answer.trim() ? undefined : 'Type an answer first'}>
            Send answer
          </button>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** A session's denied calls, one card per session, with "Allow and re-run". */
function DeniedCard({ items, client, now, onDone, onOpen, onToast }: { items: Denial[]; client: ApiClient; now: number; onDone: () => void; onOpen: (id: string) => void; onToast: Toast }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = items[0];
  if (!first) return null;
  const sessionId = first.denial.sessionId;
  const finished = first.session ? ['completed', 'failed', 'stopped'].includes(first.session.state) : false;
  const allow = async () => {
    setBusy(true);
    setError(null);
    const r = await client.call('allowDenied', { sessionId, denialIds: items.map((i) => i.denial.id) });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onToast(`Re-running ${sessionId} allowing ${r.value.rules.join(', ')}`);
    onDone();
  };
  return (
    <li className="op-item op-denied" aria-label={`Denied actions of ${sessionId}`}>
      <div className="op-item-head">
        <span className="badge badge-compact badge-failed">
          <span className="badge-dot" aria-hidden="true" />
          {items.length} denied
        </span>
        <SessionLink session={first.session} id={sessionId} onOpen={onOpen} />
        <span className="spacer" />
        <span className="muted small">{relativeTime(first.denial.createdAt, now)}</span>
      </div>
      <ul className="op-denials" aria-label="Denied calls">
        {items.map(({ denial }) => (
          <li key={denial.id} className="small">
            <span className="mono">{denial.toolName}</span> <span className="mono muted" title={denial.inputJson}>{denial.inputSummary}</span>
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="op-actions">
        <button type="button" className="btn btn-sm btn-primary" disabled={busy || !finished} onClick={() => void allow()} title={finished ? 'Resume the session with exactly these calls allowed' : 'The session is still running'}>
          Allow and re-run
        </button>
      </div>
    </li>
  );
}

function bySession(denials: Denial[]): Denial[][] {
  const groups = new Map<string, Denial[]>();
  for (const d of denials) groups.set(d.denial.sessionId, [...(groups.get(d.denial.sessionId) ?? []), d]);
  return [...groups.values()].map((g) => [...g].sort((a, b) => a.denial.id - b.denial.id));
}

export function Approvals({ client, now, onOpenSession, onToast }: { client: ApiClient; now: number; onOpenSession: (id: string) => void; onToast: Toast }) {
  const queue = useLoad(() => client.call('approvalQueue', {}), [client], 5000);
  const conflicts = queue.value?.conflicts ?? [];
  const messages = queue.value?.messages ?? [];
  const denied = bySession(queue.value?.denials ?? []);
  const total = conflicts.length + messages.length + denied.length;
  return (
    <Section title={`Conflicts and approvals${total ? ` (${total})` : ''}`} id="op-approvals">
      <LoadError error={queue.error} />
      {total === 0 ? (
        <p className="muted op-empty">Nothing waits for you: no open conflicts, no unanswered queries, no denied actions.</p>
      ) : (
        <ul className="op-list" aria-label="Approvals queue">
          {denied.map((items) => (
            <DeniedCard key={`d${items[0]?.denial.sessionId}`} items={items} client={client} now={now} onDone={queue.reload} onOpen={onOpenSession} onToast={onToast} />
          ))}
          {conflicts.map((c) => (
            <ConflictCard key={`c${c.incident.id}`} item={c} client={client} now={now} onDone={queue.reload} onOpen={onOpenSession} onToast={onToast} />
          ))}
          {messages.map((m) => (
            <QueryCard key={`m${m.message.id}`} item={m} client={client} now={now} onDone={queue.reload} onOpen={onOpenSession} onToast={onToast} />
          ))}
        </ul>
      )}
    </Section>
  );
}

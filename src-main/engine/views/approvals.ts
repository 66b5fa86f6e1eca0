// The conflicts and approvals queue: open conflict incidents and unread query/conflict messages, and
// the two actions on them (resolve an incident, answer a query).
import { encodeMessage, previewMessage } from '../comms';
import { typeIntoTerminal } from '../delegation/deliver';
import type { DelegationDeps } from '../delegation/types';
import type { ConflictIncident, PermissionDenial, Session, SessionMessage } from '../model';
import { resumeSession } from '../sessions/lifecycle';
import type { Store } from '../store';

export interface SessionRef {
  id: string;
  task: string;
  state: Session['state'];
}

export interface ConflictItem {
  incident: ConflictIncident;
  /** The session kept working and the one paused (null when the row names no existing session). */
  activeSession: SessionRef | null;
  pausedSession: SessionRef | null;
}

export interface MessageItem {
  message: SessionMessage;
  /** One line for lists (`query How should ...`). */
  preview: string;
  /** The question of a query, the file and description of a conflict note. */
  question: string | null;
  file: string | null;
  description: string | null;
  from: SessionRef | null;
  to: SessionRef | null;
}

export interface DenialItem {
  denial: PermissionDenial;
  session: SessionRef | null;
}

export interface ApprovalQueue {
  conflicts: ConflictItem[];
  messages: MessageItem[];
  /** Tool calls agents were refused and nobody has allowed yet, newest first. */
  denials: DenialItem[];
}

const LIMIT = 500;

function body(content: string, tag: string): Record<string, unknown> | null {
  try {
    const v = (JSON.parse(content) as Record<string, unknown> | null)?.[tag];
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function approvalQueue(store: Store): ApprovalQueue {
  const incidents = store.listOpenConflictIncidents(LIMIT);
  const messages = store.unreadApprovalQueue(LIMIT);
  const denials = store.listOpenDenials(LIMIT);
  const ids = [
    ...incidents.flatMap((i) => [i.activeSessionId, i.pausedSessionId]),
    ...messages.flatMap((m) => [m.fromSession, m.toSession]),
    ...denials.map((d) => d.sessionId),
  ];
  const sessions = store.getSessionsByIds(ids);
  const ref = (id: string): SessionRef | null => {
    const s = sessions.get(id);
    return s ? { id: s.id, task: s.task, state: s.state } : null;
  };
  return {
    conflicts: incidents.map((incident) => ({ incident, activeSession: ref(incident.activeSessionId), pausedSession: ref(incident.pausedSessionId) })),
    messages: messages.map((message) => {
      const query = message.msgType === 'query' ? body(message.content, 'Query') : null;
      const conflict = message.msgType === 'conflict' ? body(message.content, 'Conflict') : null;
      return {
        message,
        preview: previewMessage(message.msgType, message.content),
        question: query ? text(query.question) : message.msgType === 'query' ? message.content : null,
        file: conflict ? text(conflict.file) : null,
        description: conflict ? text(conflict.description) : null,
        from: ref(message.fromSession),
        to: ref(message.toSession),
      };
    }),
    denials: denials.map((denial) => ({ denial, session: ref(denial.sessionId) })),
  };
}

export type ConflictResolution = 'resume_paused' | 'keep_paused';

export interface ResolveConflictOutcome {
  incident: ConflictIncident;
  /** The paused session after resuming it (resume_paused only). */
  resumed: Session | null;
  /** Conflict notes about this incident marked read. */
  notesRead: number;
}

/**
 * Resolves an open incident. With `resume_paused` the paused session is resumed first, so a failed
 * resume leaves the incident open. The unread conflict notes about the incident's file sent between
 * its two sessions (or to the paused session's lead) are marked read.
 */
export async function resolveConflict(deps: DelegationDeps, incidentId: number, resolution: ConflictResolution): Promise<ResolveConflictOutcome> {
  const { store } = deps;
  const key = store.conflictKeyOfIncident(incidentId);
  const incident = key === null ? null : store.getConflictIncident(key);
  if (!incident) throw new Error(`conflict incident ${incidentId} does not exist; reload the approvals queue`);
  if (incident.resolvedAt !== null) throw new Error(`conflict incident ${incidentId} was already resolved at ${incident.resolvedAt}`);
  const resumed = resolution === 'resume_paused' ? await resumeSession(deps, incident.pausedSessionId) : null;
  store.resolveConflictIncident(incident.id);
  const parties = new Set([incident.activeSessionId, incident.pausedSessionId]);
  let notesRead = 0;
  for (const m of store.unreadApprovalQueue(LIMIT)) {
    if (m.msgType !== 'conflict' || text(body(m.content, 'Conflict')?.file) !== incident.path || !parties.has(m.fromSession)) continue;
    if (store.markMessageRead(m.id)) notesRead += 1;
  }
  return { incident: store.getConflictIncident(incident.conflictKey) ?? incident, resumed, notesRead };
}

export interface AnswerOutcome {
  response: SessionMessage;
  /** `terminal`: typed into the asker's idle interactive terminal; `inbox`: left in its inbox. */
  delivery: 'terminal' | 'inbox';
}

/**
 * Answers a query: a `response` message from the asked session back to the asker, and the query is
 * marked read. An asker idle in interactive mode gets the answer typed into its terminal.
 */
export async function answerQuery(deps: DelegationDeps, messageId: number, answer: string): Promise<AnswerOutcome> {
  const { store } = deps;
  if (!answer.trim()) throw new Error('the answer is empty; type the answer to send');
  const query = store.getMessage(messageId);
  if (!query) throw new Error(`message ${messageId} does not exist; reload the approvals queue`);
  if (query.msgType !== 'query') throw new Error(`message ${messageId} is a ${query.msgType} message, not a query; only queries take an answer`);
  if (query.read) throw new Error(`query ${messageId} was already answered or read`);
  const { content, msgType } = encodeMessage({ kind: 'response', answer });
  const response = store.sendMessage(query.toSession, query.fromSession, content, msgType);
  store.markMessageRead(query.id);
  const asker = store.getSession(query.fromSession);
  if (asker?.id !== query.fromSession || asker.state !== 'idle' || asker.mode !== 'interactive') return { response, delivery: 'inbox' };
  if (!(await typeIntoTerminal(deps, asker, answer))) return { response, delivery: 'inbox' };
  // Typed into the terminal: delivered, and the agent is working again (as delegation marks it).
  store.markMessageRead(response.id);
  if (store.getSession(asker.id)?.state === 'idle') store.updateState(asker.id, 'running');
  return { response: store.getMessage(response.id) ?? response, delivery: 'terminal' };
}

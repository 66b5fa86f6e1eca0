// Turns successive reads of the store into notification triggers. Runners are separate processes, so
// the app learns about state changes by reading the database: this module compares each read with the
// previous one. The first read only sets the baseline, so starting the app replays nothing.
import type { StoredEvent } from '../engine/events';
import type { Session, SessionMessage } from '../engine/model';
import type { NotificationTrigger, SessionRef } from './notifications';

export interface StoreSnapshot {
  sessions: readonly Session[];
  /** Events persisted after the monitor's cursor (`afterEventId`), oldest first. */
  events: readonly StoredEvent[];
  /** Unread approval messages (query/conflict), any order. */
  approvals: readonly SessionMessage[];
}

/** Engine events that a session-state diff already covers, or that are not for the operator. */
const NOTIFIED_EVENT_KINDS = new Set<string>(['budget_alert', 'budget_stop', 'conflict_detected']);

interface Seen {
  state: Session['state'];
  attention: Session['attention'];
}

export class AttentionMonitor {
  private seen = new Map<string, Seen>();
  private lastEventId = 0;
  private lastApprovalId = 0;
  private started = false;

  /** Start reading events after this id (the caller sets it to the newest id at start). */
  constructor(afterEventId = 0) {
    this.lastEventId = afterEventId;
  }

  get afterEventId(): number {
    return this.lastEventId;
  }

  observe(snapshot: StoreSnapshot): NotificationTrigger[] {
    const out: NotificationTrigger[] = [];
    const baseline = !this.started;
    this.started = true;
    const byId = new Map<string, SessionRef>();
    const next = new Map<string, Seen>();
    for (const s of snapshot.sessions) {
      const ref = { id: s.id, task: s.task };
      byId.set(s.id, ref);
      next.set(s.id, { state: s.state, attention: s.attention });
      const before = this.seen.get(s.id);
      if (baseline) continue;
      // A session first seen already finished (started and ended between two reads) still counts.
      const stateChanged = before?.state !== s.state;
      if (stateChanged && s.state === 'completed') out.push({ kind: 'session_completed', session: ref });
      if (stateChanged && s.state === 'failed') out.push({ kind: 'session_failed', session: ref, reason: s.stateReason });
      if (stateChanged && s.state === 'stale') out.push({ kind: 'session_stale', session: ref, terminated: false });
      if (s.attention === 'needs_input' && before?.attention !== 'needs_input') out.push({ kind: 'needs_input', session: ref });
    }
    this.seen = next;

    for (const event of snapshot.events) {
      this.lastEventId = Math.max(this.lastEventId, event.id);
      if (!NOTIFIED_EVENT_KINDS.has(event.kind)) continue;
      out.push({ kind: 'engine_event', event });
    }

    let newest = this.lastApprovalId;
    for (const m of snapshot.approvals) {
      newest = Math.max(newest, m.id);
      if (baseline || m.id <= this.lastApprovalId) continue;
      const session = byId.get(m.toSession) ?? { id: m.toSession, task: '' };
      out.push({ kind: 'approval_request', session, messageId: m.id, msgType: m.msgType, preview: messagePreview(m.content) });
    }
    this.lastApprovalId = newest;
    return out;
  }
}

/** The human text of a stored message (ECC2's externally tagged JSON, or plain text). */
export function messagePreview(content: string): string {
  try {
    const parsed: unknown = JSON.parse(content);
    if (parsed && typeof parsed === 'object') {
      const inner = Object.values(parsed as Record<string, unknown>)[0];
      if (inner && typeof inner === 'object') {
        const o = inner as Record<string, unknown>;
        const text = o['question'] ?? o['description'] ?? o['summary'] ?? o['task'] ?? o['answer'];
        if (typeof text === 'string') return typeof o['file'] === 'string' ? `${o['file']}: ${text}` : text;
      }
    }
  } catch {
    // plain text
  }
  return content;
}

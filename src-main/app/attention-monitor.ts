// Turns successive reads of the store into notification triggers. Runners are separate processes, so
// the app learns about state changes by reading the database: this module compares each read with the
// previous one. The first read only sets the baseline, so starting the app replays nothing. What
// counts as a happening is the shared attention model's (api/attention.ts); this adds the store's
// cursors and the approval queue.
import { BudgetStopGroups, eventTrigger, groupTriggers, sessionTriggers, type SeenSession } from '../api/attention';
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

export class AttentionMonitor {
  private seen: Map<string, SeenSession> | null = null;
  private lastEventId = 0;
  private lastApprovalId = 0;
  private readonly stopGroups = new BudgetStopGroups();

  /** Start reading events after this id (the caller sets it to the newest id at start). */
  constructor(afterEventId = 0) {
    this.lastEventId = afterEventId;
  }

  get afterEventId(): number {
    return this.lastEventId;
  }

  observe(snapshot: StoreSnapshot, now = Date.now()): NotificationTrigger[] {
    const baseline = this.seen === null;
    const { triggers, seen } = sessionTriggers(this.seen, snapshot.sessions);
    this.seen = seen;
    const out: NotificationTrigger[] = [...triggers];
    const byId = new Map<string, SessionRef>(snapshot.sessions.map((s) => [s.id, { id: s.id, task: s.task }]));

    for (const event of snapshot.events) {
      this.lastEventId = Math.max(this.lastEventId, event.id);
      const trigger = eventTrigger(event);
      if (trigger) out.push(trigger);
    }

    let newest = this.lastApprovalId;
    for (const m of snapshot.approvals) {
      newest = Math.max(newest, m.id);
      if (baseline || m.id <= this.lastApprovalId) continue;
      const session = byId.get(m.toSession) ?? { id: m.toSession, task: '' };
      out.push({ kind: 'approval_request', session, messageId: m.id, msgType: m.msgType, preview: messagePreview(m.content) });
    }
    this.lastApprovalId = newest;
    // A budget pass that stops 38 sessions is one notification, not 38, even when its stops span
    // several reads (the notifier replaces a notice of the same key).
    return groupTriggers(out).map((t) => this.stopGroups.add(t, now));
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

// Inter-session mail (§1.8) and the delegation graph derived from task_handoff rows (§1.9).
import type { MessageType, SessionMessage } from '../model';
import type { StoreContext } from './context';
import type { GraphOps } from './graph';
import { messagePriority, priorityFromInt, priorityToInt } from './priority';

export interface UnreadHandoffTarget {
  sessionId: string;
  unreadCount: number;
}

interface MessageRow {
  id: number;
  from_session: string;
  to_session: string;
  content: string;
  msg_type: string;
  read: number;
  priority: number;
  timestamp: string;
}

function rowToMessage(r: MessageRow): SessionMessage {
  return {
    id: r.id,
    fromSession: r.from_session,
    toSession: r.to_session,
    content: r.content,
    msgType: r.msg_type,
    read: r.read !== 0,
    priority: priorityFromInt(r.priority),
    timestamp: r.timestamp,
  };
}

const RELATION_FOR_TYPE: Record<string, string> = {
  task_handoff: 'delegates_to',
  query: 'queries',
  response: 'responds_to',
  completed: 'completed_for',
  conflict: 'conflicts_with',
};

function preview(content: string): string {
  const oneLine = content.replace(/\s+/g, ' ').trim();
  return oneLine.length > 96 ? `${oneLine.slice(0, 95)}…` : oneLine;
}

const APPROVAL_TYPES = `('query', 'conflict')`;

export function messageOps(ctx: StoreContext, graph: GraphOps) {
  const all = (sql: string, ...params: unknown[]): SessionMessage[] =>
    ctx.read(() => ctx.stmt(sql).all(...params) as MessageRow[]).map(rowToMessage);

  const countsBy = (sql: string): Map<string, number> => {
    const rows = ctx.read(() => ctx.stmt(sql).all() as { to_session: string; n: number }[]);
    return new Map(rows.map((r) => [r.to_session, r.n]));
  };

  /** Mirrors a message into the context graph: one entity per party, one typed relation. */
  function mirrorIntoGraph(message: SessionMessage): void {
    const exists = ctx.stmt('SELECT 1 FROM sessions WHERE id = ?');
    const entityFor = (id: string) =>
      graph.upsertContextEntity({
        sessionId: exists.get(id) ? id : null,
        entityType: 'session',
        name: id,
        summary: '',
      });
    const from = entityFor(message.fromSession);
    const to = entityFor(message.toSession);
    const relationType = RELATION_FOR_TYPE[message.msgType];
    if (relationType === undefined) return;
    graph.upsertContextRelation({
      sessionId: from.sessionId,
      fromEntityId: from.id,
      toEntityId: to.id,
      relationType,
      summary: preview(message.content),
    });
  }

  return {
    /** Stores a message (priority derived from a handoff's content) and mirrors it into the context graph. */
    sendMessage(from: string, to: string, content: string, msgType: MessageType | string): SessionMessage {
      return ctx.write(() => {
        const result = ctx
          .stmt(
            `INSERT INTO messages (from_session, to_session, content, msg_type, read, priority, timestamp)
             VALUES (?, ?, ?, ?, 0, ?, ?)`,
          )
          .run(from, to, content, msgType, priorityToInt(messagePriority(msgType, content)), ctx.now());
        const row = ctx.stmt('SELECT * FROM messages WHERE id = ?').get(result.lastInsertRowid) as MessageRow;
        const message = rowToMessage(row);
        mirrorIntoGraph(message);
        return message;
      });
    },

    getMessage(id: number): SessionMessage | null {
      const row = ctx.read(() => ctx.stmt('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined);
      return row ? rowToMessage(row) : null;
    },

    /** The newest `limit` messages sent or received by the session, oldest first. */
    listMessagesForSession(sessionId: string, limit: number): SessionMessage[] {
      return all(
        `SELECT * FROM (SELECT * FROM messages WHERE from_session = ? OR to_session = ? ORDER BY id DESC LIMIT ?)
         ORDER BY id ASC`,
        sessionId,
        sessionId,
        limit,
      );
    },

    /** Unread messages of any type to the session, oldest first. */
    unreadMessagesForSession(sessionId: string, limit: number): SessionMessage[] {
      return all('SELECT * FROM messages WHERE to_session = ? AND read = 0 ORDER BY id ASC LIMIT ?', sessionId, limit);
    },

    /** Unread handoffs to the session: highest priority first, then oldest first. */
    unreadTaskHandoffsForSession(sessionId: string, limit: number): SessionMessage[] {
      return all(
        `SELECT * FROM messages WHERE to_session = ? AND msg_type = 'task_handoff' AND read = 0
         ORDER BY priority DESC, id ASC LIMIT ?`,
        sessionId,
        limit,
      );
    },

    unreadTaskHandoffCount(sessionId: string): number {
      return ctx.read(
        () =>
          ctx
            .stmt(`SELECT COUNT(*) AS n FROM messages WHERE to_session = ? AND msg_type = 'task_handoff' AND read = 0`)
            .get(sessionId) as { n: number },
      ).n;
    },

    /**
     * Recipients of unread handoffs with their counts, ordered by highest unread priority, then count,
     * then oldest unread message, then session id.
     */
    unreadTaskHandoffTargets(limit: number): UnreadHandoffTarget[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT to_session, COUNT(*) AS n FROM messages WHERE msg_type = 'task_handoff' AND read = 0
               GROUP BY to_session ORDER BY MAX(priority) DESC, n DESC, MIN(id) ASC, to_session ASC LIMIT ?`,
            )
            .all(limit) as { to_session: string; n: number }[],
      );
      return rows.map((r) => ({ sessionId: r.to_session, unreadCount: r.n }));
    },

    /** Recipient -> unread messages of any type (only recipients with some). */
    unreadMessageCounts(): Map<string, number> {
      return countsBy('SELECT to_session, COUNT(*) AS n FROM messages WHERE read = 0 GROUP BY to_session');
    },

    markMessageRead(messageId: number): boolean {
      return ctx.write(() => ctx.stmt('UPDATE messages SET read = 1 WHERE id = ? AND read = 0').run(messageId)).changes > 0;
    },

    /** Marks every unread message to the session read; returns how many. */
    markMessagesRead(sessionId: string): number {
      return ctx.write(() => ctx.stmt('UPDATE messages SET read = 1 WHERE to_session = ? AND read = 0').run(sessionId))
        .changes;
    },

    /** Distinct recipients of the session's handoffs, the most recently handed-to first. */
    delegatedChildren(sessionId: string, limit: number): string[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT to_session FROM messages WHERE from_session = ? AND msg_type = 'task_handoff'
               GROUP BY to_session ORDER BY MAX(id) DESC LIMIT ?`,
            )
            .all(sessionId, limit) as { to_session: string }[],
      );
      return rows.map((r) => r.to_session);
    },

    /** Who sent the session its most recent handoff (read or not): its parent. */
    latestTaskHandoffSource(sessionId: string): string | null {
      const row = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT from_session FROM messages WHERE to_session = ? AND msg_type = 'task_handoff'
               ORDER BY id DESC LIMIT 1`,
            )
            .get(sessionId) as { from_session: string } | undefined,
      );
      return row?.from_session ?? null;
    },

    /** Recipient -> unread query/conflict messages (approvals waiting on the operator or a lead). */
    unreadApprovalCounts(): Map<string, number> {
      return countsBy(
        `SELECT to_session, COUNT(*) AS n FROM messages WHERE read = 0 AND msg_type IN ${APPROVAL_TYPES}
         GROUP BY to_session`,
      );
    },

    /** Unread query/conflict messages, oldest first. */
    unreadApprovalQueue(limit: number): SessionMessage[] {
      return all(
        `SELECT * FROM messages WHERE read = 0 AND msg_type IN ${APPROVAL_TYPES} ORDER BY id ASC LIMIT ?`,
        limit,
      );
    },
  };
}

export type MessageOps = ReturnType<typeof messageOps>;

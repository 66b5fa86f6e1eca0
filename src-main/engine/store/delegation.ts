// Batched reads for delegation and backlog coordination: one query per question for many sessions,
// so a daemon tick over a thousand sessions costs a handful of queries, not one per delegate.
import type { ContextEntity, Session, SessionState } from '../model';
import type { StoreContext } from './context';
import type { EntityRow } from './graph';
import { stringMap } from './rows';
import { parseSessionState, rowToSession, type SessionRow } from './session-rows';

type ChildRow = SessionRow & { lead_id: string };

/** The few columns coordination decides on; far cheaper to read for a thousand sessions than full rows. */
export interface SessionBrief {
  id: string;
  agentType: string;
  state: SessionState;
  workingDir: string;
  updatedAt: string;
}

interface BriefRow {
  id: string;
  agent_type: string;
  state: string;
  working_dir: string;
  updated_at: string;
  lead_id?: string;
}

const BRIEF_COLUMNS = 's.id, s.agent_type, s.state, s.working_dir, s.updated_at';

function rowToBrief(r: BriefRow): SessionBrief {
  return { id: r.id, agentType: r.agent_type, state: parseSessionState(r.state), workingDir: r.working_dir, updatedAt: r.updated_at };
}

// Distinct recipients of each lead's handoffs, ranked most recently handed-to first.
const RANKED_CHILDREN = `WITH pairs AS (
     SELECT from_session, to_session, MAX(id) AS last_id FROM messages
     WHERE msg_type = 'task_handoff' AND from_session IN (SELECT value FROM json_each(@leads))
     GROUP BY from_session, to_session),
   ranked AS (
     SELECT from_session, to_session, last_id,
            ROW_NUMBER() OVER (PARTITION BY from_session ORDER BY last_id DESC) AS rn FROM pairs)`;

export function delegationOps(ctx: StoreContext) {
  /** Rows of `sessions s` with these ids, as `columns`, mapped by id. */
  function byIds<R extends { id: string }, T>(ids: readonly string[], columns: string, map: (r: R) => T): Map<string, T> {
    if (ids.length === 0) return new Map();
    const rows = ctx.read(
      () => ctx.stmt(`SELECT ${columns} FROM sessions s WHERE s.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify([...new Set(ids)])) as R[],
    );
    return new Map(rows.map((r) => [r.id, map(r)]));
  }

  /** Each lead's delegates (most recently handed-to first, `limit` per lead), as `columns`. */
  function childrenOf<R extends { lead_id?: string | null }, T>(leadIds: readonly string[], limit: number, columns: string, map: (r: R) => T): Map<string, T[]> {
    const out = new Map<string, T[]>(leadIds.map((id) => [id, []]));
    if (leadIds.length === 0 || limit <= 0) return out;
    const rows = ctx.read(
      () =>
        ctx
          .stmt(
            `${RANKED_CHILDREN}
             SELECT r.from_session AS lead_id, ${columns} FROM ranked r JOIN sessions s ON s.id = r.to_session
             WHERE r.rn <= @limit ORDER BY r.from_session, r.last_id DESC`,
          )
          .all({ leads: JSON.stringify([...new Set(leadIds)]), limit }) as R[],
    );
    for (const row of rows) out.get(row.lead_id ?? '')?.push(map(row));
    return out;
  }

  return {
    countSessions(): number {
      return ctx.read(() => ctx.stmt('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    },

    /** The first `limit` sessions in one of these states, most recently updated first (listSessions order). */
    firstSessionsInStates(states: readonly SessionState[], limit: number): Session[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT * FROM sessions WHERE state IN (SELECT value FROM json_each(?))
               ORDER BY updated_at DESC, rowid DESC LIMIT ?`,
            )
            .all(JSON.stringify(states), limit) as SessionRow[],
      );
      return rows.map(rowToSession);
    },

    /** Each session's newest `limitPerSession` context entities (most recently updated first). */
    contextEntitiesForSessions(ids: readonly string[], limitPerSession: number): Map<string, ContextEntity[]> {
      const out = new Map<string, ContextEntity[]>(ids.map((id) => [id, []]));
      if (ids.length === 0 || limitPerSession <= 0) return out;
      const rows = ctx.read(
        () =>
          ctx
            .stmt(
              `SELECT * FROM (
                 SELECT e.*, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY updated_at DESC, id DESC) AS rn
                 FROM context_graph_entities e WHERE session_id IN (SELECT value FROM json_each(@ids)))
               WHERE rn <= @limit ORDER BY session_id, updated_at DESC, id DESC`,
            )
            .all({ ids: JSON.stringify([...new Set(ids)]), limit: limitPerSession }) as EntityRow[],
      );
      for (const r of rows) {
        out.get(r.session_id ?? '')?.push({
          id: r.id,
          sessionId: r.session_id,
          entityType: r.entity_type,
          name: r.name,
          path: r.path,
          summary: r.summary,
          metadata: stringMap(r.metadata_json),
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        });
      }
      return out;
    },

    /** Sessions with these exact ids (ids that name no session are absent from the map). */
    getSessionsByIds(ids: readonly string[]): Map<string, Session> {
      return byIds<SessionRow, Session>(ids, 's.*', rowToSession);
    },

    /**
     * For each lead, the sessions it has handed tasks to (the delegation graph, §1.9): the most recently
     * handed-to first, at most `limitPerLead` distinct recipients counted before dropping recipients
     * that are not sessions (ECC2 applies the limit to `delegated_children`, then skips missing rows).
     */
    delegatedChildSessions(leadIds: readonly string[], limitPerLead: number): Map<string, Session[]> {
      return childrenOf<ChildRow, Session>(leadIds, limitPerLead, 's.*', rowToSession);
    },

    /** Like getSessionsByIds, with only the columns coordination needs. */
    getSessionBriefs(ids: readonly string[]): Map<string, SessionBrief> {
      return byIds<BriefRow, SessionBrief>(ids, BRIEF_COLUMNS, rowToBrief);
    },

    /** Like delegatedChildSessions, with only the columns coordination needs. */
    delegatedChildBriefs(leadIds: readonly string[], limitPerLead: number): Map<string, SessionBrief[]> {
      return childrenOf<BriefRow, SessionBrief>(leadIds, limitPerLead, BRIEF_COLUMNS, rowToBrief);
    },

    /**
     * Recipient -> unread task_handoff messages (only recipients with some): the handoff backlog of
     * every session, or only of `ids` when given.
     */
    unreadTaskHandoffCounts(ids?: readonly string[]): Map<string, number> {
      const rows = ctx.read(() =>
        ids === undefined
          ? (ctx
              .stmt(`SELECT to_session, COUNT(*) AS n FROM messages WHERE msg_type = 'task_handoff' AND read = 0 GROUP BY to_session`)
              .all() as { to_session: string; n: number }[])
          : (ctx
              .stmt(
                `SELECT to_session, COUNT(*) AS n FROM messages WHERE msg_type = 'task_handoff' AND read = 0
                 AND to_session IN (SELECT value FROM json_each(?)) GROUP BY to_session`,
              )
              .all(JSON.stringify([...new Set(ids)])) as { to_session: string; n: number }[]),
      );
      return new Map(rows.map((r) => [r.to_session, r.n]));
    },
  };
}

export type DelegationOps = ReturnType<typeof delegationOps>;

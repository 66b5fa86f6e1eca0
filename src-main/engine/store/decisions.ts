// Decision log: why an agent (or a policy) chose what it did.
import type { DecisionLogEntry } from '../model';
import type { StoreContext } from './context';
import { isConstraintError } from './errors';
import { notFound, stringArray } from './rows';

interface DecisionRow {
  id: number;
  session_id: string;
  decision: string;
  alternatives_json: string;
  reasoning: string;
  timestamp: string;
}

function rowToDecision(r: DecisionRow): DecisionLogEntry {
  return {
    id: r.id,
    sessionId: r.session_id,
    decision: r.decision,
    alternatives: stringArray(r.alternatives_json),
    reasoning: r.reasoning,
    timestamp: r.timestamp,
  };
}

export function decisionOps(ctx: StoreContext) {
  return {
    insertDecision(sessionId: string, decision: string, alternatives: string[], reasoning: string): DecisionLogEntry {
      try {
        return ctx.write(() => {
          const result = ctx
            .stmt('INSERT INTO decision_log (session_id, decision, alternatives_json, reasoning, timestamp) VALUES (?, ?, ?, ?, ?)')
            .run(sessionId, decision, JSON.stringify(alternatives), reasoning, ctx.now());
          return rowToDecision(ctx.stmt('SELECT * FROM decision_log WHERE id = ?').get(result.lastInsertRowid) as DecisionRow);
        });
      } catch (err) {
        if (isConstraintError(err, 'FOREIGNKEY')) throw notFound(sessionId);
        throw err;
      }
    },

    /** The session's decisions, newest first. */
    listDecisionsForSession(sessionId: string, limit: number): DecisionLogEntry[] {
      const rows = ctx.read(
        () =>
          ctx
            .stmt('SELECT * FROM decision_log WHERE session_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?')
            .all(sessionId, limit) as DecisionRow[],
      );
      return rows.map(rowToDecision);
    },

    /** Decisions of every session, newest first. */
    listRecentDecisions(limit: number): DecisionLogEntry[] {
      const rows = ctx.read(
        () => ctx.stmt('SELECT * FROM decision_log ORDER BY timestamp DESC, id DESC LIMIT ?').all(limit) as DecisionRow[],
      );
      return rows.map(rowToDecision);
    },
  };
}

export type DecisionOps = ReturnType<typeof decisionOps>;

// The merge queue's check state per branch (issue 15): what the board and `merge-queue --json` show.
import type { StoreContext } from './context';

export const MERGE_CHECK_STATES = ['unchecked', 'checking', 'passed', 'failed', 'timed_out', 'resolving', 'needs_you', 'landed'] as const;
export type MergeCheckState = (typeof MERGE_CHECK_STATES)[number];

export interface MergeCheckRecord {
  sessionId: string;
  state: MergeCheckState;
  branch: string;
  baseBranch: string;
  baseOid: string | null;
  branchOid: string | null;
  candidateOid: string | null;
  checkCommand: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  logPath: string | null;
  logTail: string | null;
  /** Scratch worktree kept after a failure, for inspection. */
  scratchPath: string | null;
  message: string | null;
  /** Resolver sessions started for this branch. */
  attempts: number;
  resolverSessionId: string | null;
  resolverScratchPath: string | null;
  resolveKind: 'conflict' | 'check_failed' | null;
  updatedAt: string;
}

interface Row {
  session_id: string;
  state: string;
  branch: string;
  base_branch: string;
  base_oid: string | null;
  branch_oid: string | null;
  candidate_oid: string | null;
  check_command: string | null;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  exit_code: number | null;
  log_path: string | null;
  log_tail: string | null;
  scratch_path: string | null;
  message: string | null;
  attempts: number;
  resolver_session_id: string | null;
  resolver_scratch_path: string | null;
  resolve_kind: string | null;
  updated_at: string;
}

const COLUMNS: [keyof MergeCheckRecord, keyof Row][] = [
  ['state', 'state'],
  ['branch', 'branch'],
  ['baseBranch', 'base_branch'],
  ['baseOid', 'base_oid'],
  ['branchOid', 'branch_oid'],
  ['candidateOid', 'candidate_oid'],
  ['checkCommand', 'check_command'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
  ['durationMs', 'duration_ms'],
  ['exitCode', 'exit_code'],
  ['logPath', 'log_path'],
  ['logTail', 'log_tail'],
  ['scratchPath', 'scratch_path'],
  ['message', 'message'],
  ['attempts', 'attempts'],
  ['resolverSessionId', 'resolver_session_id'],
  ['resolverScratchPath', 'resolver_scratch_path'],
  ['resolveKind', 'resolve_kind'],
];

function toRecord(r: Row): MergeCheckRecord {
  const out: Record<string, unknown> = { sessionId: r.session_id, updatedAt: r.updated_at };
  for (const [field, column] of COLUMNS) out[field] = r[column];
  return out as unknown as MergeCheckRecord;
}

export type MergeCheckPatch = Partial<Omit<MergeCheckRecord, 'sessionId' | 'updatedAt'>> & Pick<MergeCheckRecord, 'branch' | 'baseBranch'>;

export function mergeCheckOps(ctx: StoreContext) {
  return {
    getMergeCheck(sessionId: string): MergeCheckRecord | null {
      const row = ctx.stmt('SELECT * FROM merge_checks WHERE session_id = ?').get(sessionId) as Row | undefined;
      return row ? toRecord(row) : null;
    },
    listMergeChecks(): MergeCheckRecord[] {
      return (ctx.stmt('SELECT * FROM merge_checks ORDER BY updated_at, session_id').all() as Row[]).map(toRecord);
    },
    mergeCheckByResolver(resolverSessionId: string): MergeCheckRecord | null {
      const row = ctx.stmt('SELECT * FROM merge_checks WHERE resolver_session_id = ?').get(resolverSessionId) as Row | undefined;
      return row ? toRecord(row) : null;
    },
    /** Creates or updates a branch's row; fields left out keep their value. */
    upsertMergeCheck(sessionId: string, patch: MergeCheckPatch): MergeCheckRecord {
      return ctx.write(() => {
        const now = ctx.now();
        const existing = ctx.stmt('SELECT * FROM merge_checks WHERE session_id = ?').get(sessionId) as Row | undefined;
        const merged: Record<string, unknown> = existing ? { ...existing } : { session_id: sessionId, state: 'unchecked', attempts: 0 };
        for (const [field, column] of COLUMNS) {
          const value = (patch as Record<string, unknown>)[field];
          if (value !== undefined) merged[column] = value;
        }
        merged['updated_at'] = now;
        const columns = ['session_id', ...COLUMNS.map(([, c]) => c), 'updated_at'];
        const values = columns.map((c) => merged[c] ?? null);
        ctx
          .stmt(
            `INSERT INTO merge_checks (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
             ON CONFLICT(session_id) DO UPDATE SET ${columns.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`,
          )
          .run(...values);
        return toRecord(ctx.stmt('SELECT * FROM merge_checks WHERE session_id = ?').get(sessionId) as Row);
      });
    },
  };
}

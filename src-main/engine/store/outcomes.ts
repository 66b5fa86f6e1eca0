// What sessions produced (summary, commit, merge, a pending resume prompt) and what they were denied.
import type { PermissionDenial, SessionOutcome } from '../model';
import type { StoreContext } from './context';

interface OutcomeRow {
  session_id: string;
  summary: string | null;
  commit_sha: string | null;
  committed_at: string | null;
  merged_at: string | null;
  resume_prompt: string | null;
  updated_at: string;
}

interface DenialRow {
  id: number;
  session_id: string;
  tool_name: string;
  tool_use_id: string | null;
  input_json: string;
  input_summary: string;
  created_at: string;
  allowed_at: string | null;
}

function rowToOutcome(r: OutcomeRow): SessionOutcome {
  return {
    sessionId: r.session_id,
    summary: r.summary,
    commitSha: r.commit_sha,
    committedAt: r.committed_at,
    mergedAt: r.merged_at,
    resumePrompt: r.resume_prompt,
    updatedAt: r.updated_at,
  };
}

function rowToDenial(r: DenialRow): PermissionDenial {
  return {
    id: r.id,
    sessionId: r.session_id,
    toolName: r.tool_name,
    toolUseId: r.tool_use_id,
    inputJson: r.input_json,
    inputSummary: r.input_summary,
    createdAt: r.created_at,
    allowedAt: r.allowed_at,
  };
}

export interface NewDenial {
  toolName: string;
  toolUseId: string | null;
  inputJson: string;
  inputSummary: string;
}

type OutcomeField = 'summary' | 'commit_sha' | 'committed_at' | 'merged_at' | 'resume_prompt';

export function outcomeOps(ctx: StoreContext) {
  /** Upserts one column of a session's outcome row. */
  const set = (sessionId: string, field: OutcomeField, value: string | null): void => {
    ctx.write(() =>
      ctx
        .stmt(
          `INSERT INTO session_outcomes (session_id, ${field}, updated_at) VALUES (@sessionId, @value, @now)
           ON CONFLICT(session_id) DO UPDATE SET ${field} = excluded.${field}, updated_at = excluded.updated_at`,
        )
        .run({ sessionId, value, now: ctx.now() }),
    );
  };

  return {
    getOutcome(sessionId: string): SessionOutcome | null {
      const row = ctx.read(() => ctx.stmt('SELECT * FROM session_outcomes WHERE session_id = ?').get(sessionId) as OutcomeRow | undefined);
      return row ? rowToOutcome(row) : null;
    },

    setSummary(sessionId: string, summary: string | null): void {
      set(sessionId, 'summary', summary);
    },

    recordCommit(sessionId: string, sha: string): void {
      ctx.write(() => {
        set(sessionId, 'commit_sha', sha);
        set(sessionId, 'committed_at', ctx.now());
      });
    },

    markMerged(sessionId: string): void {
      set(sessionId, 'merged_at', ctx.now());
    },

    setResumePrompt(sessionId: string, prompt: string | null): void {
      set(sessionId, 'resume_prompt', prompt);
    },

    /** Returns the pending resume prompt and clears it, so it is sent once. */
    takeResumePrompt(sessionId: string): string | null {
      return ctx.write(() => {
        const row = ctx.stmt('SELECT resume_prompt FROM session_outcomes WHERE session_id = ?').get(sessionId) as { resume_prompt: string | null } | undefined;
        if (row?.resume_prompt == null) return null;
        set(sessionId, 'resume_prompt', null);
        return row.resume_prompt;
      });
    },

    /** Records denials once each (a repeated tool_use_id is ignored). */
    recordDenials(sessionId: string, denials: NewDenial[]): void {
      if (denials.length === 0) return;
      ctx.write(() => {
        const insert = ctx.stmt(
          `INSERT OR IGNORE INTO permission_denials (session_id, tool_name, tool_use_id, input_json, input_summary, created_at)
           VALUES (@sessionId, @toolName, @toolUseId, @inputJson, @inputSummary, @now)`,
        );
        for (const d of denials) insert.run({ sessionId, ...d, now: ctx.now() });
      });
    },

    listDenials(sessionId: string): PermissionDenial[] {
      const rows = ctx.read(() => ctx.stmt('SELECT * FROM permission_denials WHERE session_id = ? ORDER BY id').all(sessionId) as DenialRow[]);
      return rows.map(rowToDenial);
    },

    /** Denials not yet allowed, newest first, across sessions (the approvals view). */
    listOpenDenials(limit: number): PermissionDenial[] {
      const rows = ctx.read(
        () => ctx.stmt('SELECT * FROM permission_denials WHERE allowed_at IS NULL ORDER BY id DESC LIMIT ?').all(limit) as DenialRow[],
      );
      return rows.map(rowToDenial);
    },

    markDenialsAllowed(sessionId: string, ids: number[]): void {
      ctx.write(() => {
        const update = ctx.stmt('UPDATE permission_denials SET allowed_at = @now WHERE session_id = @sessionId AND id = @id');
        for (const id of ids) update.run({ sessionId, id, now: ctx.now() });
      });
    },
  };
}

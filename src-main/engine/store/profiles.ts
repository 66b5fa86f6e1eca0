// Per-session snapshot of the resolved agent profile. `agent` is deliberately not persisted.
import type { SessionProfileSnapshot } from '../model';
import type { StoreContext } from './context';
import { stringArray } from './rows';

interface ProfileRow {
  profile_name: string;
  model: string | null;
  allowed_tools_json: string;
  disallowed_tools_json: string;
  permission_mode: string | null;
  add_dirs_json: string;
  max_budget_usd: number | null;
  token_budget: number | null;
  append_system_prompt: string | null;
}

function rowToProfile(r: ProfileRow): SessionProfileSnapshot {
  const p: SessionProfileSnapshot = {
    profileName: r.profile_name,
    allowedTools: stringArray(r.allowed_tools_json),
    disallowedTools: stringArray(r.disallowed_tools_json),
    addDirs: stringArray(r.add_dirs_json),
  };
  // Absent optional fields stay absent (not undefined) so JSON output matches the input shape.
  if (r.model !== null) p.model = r.model;
  if (r.permission_mode !== null) p.permissionMode = r.permission_mode;
  if (r.max_budget_usd !== null) p.maxBudgetUsd = r.max_budget_usd;
  if (r.token_budget !== null) p.tokenBudget = r.token_budget;
  if (r.append_system_prompt !== null) p.appendSystemPrompt = r.append_system_prompt;
  return p;
}

export function profileOps(ctx: StoreContext) {
  return {
    /** Stores (or replaces) the session's profile snapshot; an `agent` field, if any, is dropped. */
    upsertSessionProfile(sessionId: string, profile: SessionProfileSnapshot & { agent?: string }): void {
      ctx.write(() =>
        ctx
          .stmt(
            `INSERT INTO session_profiles (session_id, profile_name, model, allowed_tools_json, disallowed_tools_json,
               permission_mode, add_dirs_json, max_budget_usd, token_budget, append_system_prompt)
             VALUES (@sessionId, @profileName, @model, @allowed, @disallowed, @permissionMode, @addDirs,
               @maxBudgetUsd, @tokenBudget, @appendSystemPrompt)
             ON CONFLICT(session_id) DO UPDATE SET profile_name = excluded.profile_name, model = excluded.model,
               allowed_tools_json = excluded.allowed_tools_json, disallowed_tools_json = excluded.disallowed_tools_json,
               permission_mode = excluded.permission_mode, add_dirs_json = excluded.add_dirs_json,
               max_budget_usd = excluded.max_budget_usd, token_budget = excluded.token_budget,
               append_system_prompt = excluded.append_system_prompt`,
          )
          .run({
            sessionId,
            profileName: profile.profileName,
            model: profile.model ?? null,
            allowed: JSON.stringify(profile.allowedTools),
            disallowed: JSON.stringify(profile.disallowedTools),
            permissionMode: profile.permissionMode ?? null,
            addDirs: JSON.stringify(profile.addDirs),
            maxBudgetUsd: profile.maxBudgetUsd ?? null,
            tokenBudget: profile.tokenBudget ?? null,
            appendSystemPrompt: profile.appendSystemPrompt ?? null,
          }),
      );
    },

    getSessionProfile(sessionId: string): SessionProfileSnapshot | null {
      const row = ctx.read(
        () => ctx.stmt('SELECT * FROM session_profiles WHERE session_id = ?').get(sessionId) as ProfileRow | undefined,
      );
      return row ? rowToProfile(row) : null;
    },
  };
}

export type ProfileOps = ReturnType<typeof profileOps>;

// The per-session profile snapshot (stored) and the resolved config profile (used to build commands).
import type { ResolvedAgentProfile } from '../config/types';
import type { SessionProfileSnapshot } from '../model';

export function snapshotFromProfile(p: ResolvedAgentProfile): SessionProfileSnapshot {
  return {
    profileName: p.profile_name,
    model: p.model,
    allowedTools: [...p.allowed_tools],
    disallowedTools: [...p.disallowed_tools],
    permissionMode: p.permission_mode,
    addDirs: [...p.add_dirs],
    maxBudgetUsd: p.max_budget_usd,
    tokenBudget: p.token_budget,
    appendSystemPrompt: p.append_system_prompt,
  };
}

/** The stored snapshot never carries `agent` (ECC2 does not persist it either). */
export function profileFromSnapshot(s: SessionProfileSnapshot): ResolvedAgentProfile {
  return {
    profile_name: s.profileName,
    model: s.model,
    allowed_tools: [...s.allowedTools],
    disallowed_tools: [...s.disallowedTools],
    permission_mode: s.permissionMode,
    add_dirs: [...s.addDirs],
    max_budget_usd: s.maxBudgetUsd,
    token_budget: s.tokenBudget,
    append_system_prompt: s.appendSystemPrompt,
  };
}

// Profile fields a harness has no flag for are written into the task text instead, so the agent
// still sees them (ECC2's render_task_with_profile_projection).
import type { ResolvedAgentProfile } from '../config/types';

/** Which profile fields the command passes as flags (and so must not repeat in the task). */
export interface ProjectionSupport {
  model?: boolean;
  addDirs?: boolean;
  allowedTools?: boolean;
  disallowedTools?: boolean;
  permissionMode?: boolean;
  maxBudgetUsd?: boolean;
  appendSystemPrompt?: boolean;
}

/** Shortest round-trip decimal (1 -> "1", 1.25 -> "1.25"), without JS's exponent form for big integers. */
export function formatNumber(value: number): string {
  const text = String(value);
  if (/e/i.test(text) && Number.isInteger(value)) return BigInt(value).toString();
  return text;
}

export function renderTaskWithProfileProjection(
  task: string,
  profile: ResolvedAgentProfile | undefined,
  support: ProjectionSupport,
): string {
  if (!profile) return task;
  const sections: string[] = [];
  if (!support.appendSystemPrompt && profile.append_system_prompt !== undefined) {
    sections.push(`System instructions:\n${profile.append_system_prompt}`);
  }
  const directives: string[] = [];
  if (!support.model && profile.model !== undefined) directives.push(`Preferred model: ${profile.model}`);
  if (!support.addDirs && profile.add_dirs.length > 0) {
    directives.push(`Additional context dirs: ${profile.add_dirs.join(', ')}`);
  }
  if (!support.allowedTools && profile.allowed_tools.length > 0) {
    directives.push(`Allowed tools: ${profile.allowed_tools.join(', ')}`);
  }
  if (!support.disallowedTools && profile.disallowed_tools.length > 0) {
    directives.push(`Disallowed tools: ${profile.disallowed_tools.join(', ')}`);
  }
  if (!support.permissionMode && profile.permission_mode !== undefined) {
    directives.push(`Permission mode: ${profile.permission_mode}`);
  }
  if (!support.maxBudgetUsd && profile.max_budget_usd !== undefined) {
    directives.push(`Max budget USD: ${formatNumber(profile.max_budget_usd)}`);
  }
  // No harness has a token-budget flag: it is always projected (Claude skips projection entirely).
  if (profile.token_budget !== undefined) directives.push(`Token budget: ${formatNumber(profile.token_budget)}`);
  if (directives.length > 0) sections.push(`ECC execution profile:\n- ${directives.join('\n- ')}`);
  if (sections.length === 0) return task;
  sections.push(`Task:\n${task}`);
  return sections.join('\n\n');
}

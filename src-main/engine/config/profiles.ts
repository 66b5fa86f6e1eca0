// Agent profiles (spec §1.7): `inherits` chains resolved parent first, then the child applied on top.
import { normaliseName } from './schema';
import type { AgentProfileConfig, Config, ResolvedAgentProfile } from './types';

export function findAgentProfile(config: Config, name: string): AgentProfileConfig | undefined {
  const key = normaliseName(name);
  return Object.hasOwn(config.agent_profiles, key) ? config.agent_profiles[key] : undefined;
}

export function resolveAgentProfile(config: Config, name: string): ResolvedAgentProfile {
  const resolved = resolveChain(config, name, []);
  resolved.profile_name = name;
  return resolved;
}

function resolveChain(config: Config, name: string, chain: string[]): ResolvedAgentProfile {
  const key = normaliseName(name);
  if (chain.includes(key)) {
    throw new Error(`agent profile inheritance cycle: ${[...chain, key].join(' -> ')}`);
  }
  const profile = findAgentProfile(config, name);
  if (profile === undefined) throw new Error(`Unknown agent profile: ${name}`);
  const base: ResolvedAgentProfile =
    profile.inherits === undefined
      ? { profile_name: key, allowed_tools: [], disallowed_tools: [], add_dirs: [] }
      : resolveChain(config, profile.inherits, [...chain, key]);
  return applyProfile(base, key, profile);
}

function applyProfile(parent: ResolvedAgentProfile, name: string, child: AgentProfileConfig): ResolvedAgentProfile {
  const out: ResolvedAgentProfile = {
    profile_name: name,
    allowed_tools: appendUnique(parent.allowed_tools, child.allowed_tools),
    disallowed_tools: appendUnique(parent.disallowed_tools, child.disallowed_tools),
    add_dirs: appendUnique(parent.add_dirs, child.add_dirs),
  };
  const agent = child.agent ?? parent.agent;
  const model = child.model ?? parent.model;
  const permissionMode = child.permission_mode ?? parent.permission_mode;
  const maxBudget = child.max_budget_usd ?? parent.max_budget_usd;
  const tokenBudget = child.token_budget ?? parent.token_budget;
  if (agent !== undefined) out.agent = agent;
  if (model !== undefined) out.model = model;
  if (permissionMode !== undefined) out.permission_mode = permissionMode;
  if (maxBudget !== undefined) out.max_budget_usd = maxBudget;
  if (tokenBudget !== undefined) out.token_budget = tokenBudget;
  const prompts = [parent.append_system_prompt, child.append_system_prompt].filter((p): p is string => p !== undefined);
  if (prompts.length > 0) out.append_system_prompt = prompts.join('\n\n');
  return out;
}

function appendUnique(parent: readonly string[], child: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const item of [...parent, ...(child ?? [])]) {
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

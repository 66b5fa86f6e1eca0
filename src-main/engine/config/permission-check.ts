// Cross-key check run after all layers are merged: a profile's permission_mode must be one of the
// real values of the agent that profile runs (its own `agent`, inherited, else default_agent), so
// a typo fails at load instead of when a session starts.
import { harnessFromAgentType, harnessRunner } from '../harness/kinds';
import { isPostureAgent, PERMISSION_MODES, POSTURE_AGENTS } from '../harness/posture';
import { describeValue, valueError } from './errors';
import { joinKey } from './keys';
import { normaliseName } from './schema';
import type { Config } from './types';

function profileAgent(config: Config, name: string): string {
  const seen = new Set<string>();
  for (let current: string | undefined = name; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    const profile: Config['agent_profiles'][string] | undefined = config.agent_profiles[current];
    if (profile?.agent !== undefined) return profile.agent;
    current = profile?.inherits === undefined ? undefined : normaliseName(profile.inherits);
  }
  return config.default_agent;
}

const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(', ');

export function checkPermissionModes(config: Config, fileOf: (...keys: string[]) => string): void {
  for (const name of Object.keys(config.agent_profiles).sort()) {
    const mode = config.agent_profiles[name]?.permission_mode;
    if (mode === undefined) continue;
    const agent = profileAgent(config, name);
    // A configured runner passes the value to its own CLI through permission_mode_flag: not ours to judge.
    if (harnessRunner(config, agent)) continue;
    const harness = harnessFromAgentType(agent);
    const key = joinKey(joinKey('agent_profiles', name), 'permission_mode');
    if (isPostureAgent(harness)) {
      const allowed = PERMISSION_MODES[harness];
      if (allowed.includes(mode)) continue;
      throw valueError(fileOf(key), key, `one of ${quoted(allowed)} (${harness}'s permission modes)`, describeValue(mode), 'fix the value or remove the key to use the agent\'s own default');
    }
    // No definite agent (e.g. "auto"): the value must at least be a real mode of one of them.
    if (POSTURE_AGENTS.some((a) => PERMISSION_MODES[a].includes(mode))) continue;
    const all = POSTURE_AGENTS.map((a) => `${a}: ${quoted(PERMISSION_MODES[a])}`).join('; ');
    throw valueError(fileOf(key), key, `a permission mode of the profile's agent (${all})`, describeValue(mode), 'set the profile\'s agent and one of its modes, or remove the key');
  }
}

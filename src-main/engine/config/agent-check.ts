// Cross-key check run after all layers are merged: every config value naming an agent must be one
// Switchyard can launch (a built-in CLI, "auto", or a configured harness runner), so a typo fails at
// load, naming the allowed values, instead of when a template or a dispatch request runs unattended.
import { BUILTIN_PROGRAMS, harnessFromAgentType, harnessRunner } from '../harness/kinds';
import { describeValue, valueError } from './errors';
import { joinKey } from './keys';
import type { Config } from './types';

const BUILTINS = Object.keys(BUILTIN_PROGRAMS);

/** The agent names the config may use, for messages: built-ins, "auto", then the runners. */
export function allowedAgentNames(config: Config): string[] {
  return [...BUILTINS, 'auto', ...Object.keys(config.harness_runners).sort()];
}

function launchable(config: Config, agent: string): boolean {
  const name = agent.trim().toLowerCase();
  if (name === 'auto') return true;
  if (harnessRunner(config, name)) return true;
  return BUILTIN_PROGRAMS[harnessFromAgentType(name)] !== undefined;
}

/** Every (key, value) of the config that names an agent. */
function agentValues(config: Config): [string, string][] {
  const out: [string, string][] = [['default_agent', config.default_agent]];
  for (const [name, p] of Object.entries(config.agent_profiles)) if (p.agent !== undefined) out.push([joinKey(joinKey('agent_profiles', name), 'agent'), p.agent]);
  const cu = config.computer_use_dispatch?.agent;
  if (cu !== undefined) out.push(['computer_use_dispatch.agent', cu]);
  for (const [name, t] of Object.entries(config.orchestration_templates)) {
    const key = joinKey('orchestration_templates', name);
    if (t.agent !== undefined) out.push([`${key}.agent`, t.agent]);
    t.steps.forEach((s, i) => {
      if (s.agent !== undefined) out.push([`${key}.steps[${i}].agent`, s.agent]);
    });
  }
  return out;
}

export function checkAgentNames(config: Config, fileOf: (...keys: string[]) => string): void {
  for (const [key, value] of agentValues(config)) {
    // A template may fill its agent from a {{ variable }} at launch: judged then.
    if (typeof value !== 'string' || value.includes('{{') || launchable(config, value)) continue;
    const allowed = allowedAgentNames(config).map((v) => JSON.stringify(v)).join(', ');
    throw valueError(fileOf(key.replace(/\[\d+\]\.agent$/, '')), key, `one of ${allowed}`, describeValue(value), `fix the name, or configure [harness_runners.${value.trim().toLowerCase() || 'name'}] with the agent's program`);
  }
}

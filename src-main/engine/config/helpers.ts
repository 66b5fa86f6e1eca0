// Small lookups the engine calls on a loaded Config (spec §2.2) and the flat view for `config show`.
import { flatten } from './keys';
import { normaliseName } from './schema';
import type { ComputerUseDispatchDefaults, Config, ConfigEntry, HarnessRunnerConfig, LoadedConfig } from './types';

/** The configured runner for a harness key (trimmed and lowercased), or undefined. */
export function harnessRunner(config: Config, key: string): HarnessRunnerConfig | undefined {
  const name = normaliseName(key);
  return Object.hasOwn(config.harness_runners, name) ? config.harness_runners[name] : undefined;
}

export function computerUseDispatchDefaults(config: Config): ComputerUseDispatchDefaults {
  const dispatch = config.computer_use_dispatch;
  const out: ComputerUseDispatchDefaults = {
    agent: dispatch.agent ?? config.default_agent,
    use_worktree: dispatch.use_worktree,
  };
  const profile = dispatch.profile ?? config.default_agent_profile;
  if (profile !== undefined) out.profile = profile;
  if (dispatch.project !== undefined) out.project = dispatch.project;
  if (dispatch.task_group !== undefined) out.task_group = dispatch.task_group;
  return out;
}

/** Every effective leaf value with where it came from, sorted by dotted key. */
export function configEntries(loaded: LoadedConfig): ConfigEntry[] {
  const leaves = flatten(loaded.config as unknown as Record<string, unknown>);
  return [...leaves.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value, source: loaded.sources[key] ?? { kind: 'default' } }));
}

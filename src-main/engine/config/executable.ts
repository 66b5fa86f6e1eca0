// The keys of a config file that run code, choose which program runs, widen what an agent may do
// unasked, or send data out: what a user reviews before trusting a project switchyard.toml.
// Audited against schema.ts; a new key that does any of this belongs in RULES.
import { isTable } from './errors';
import { joinKey } from './keys';

export interface ExecutableKey {
  /** Dotted key as `config show` prints it. */
  key: string;
  value: unknown;
  /** What the key makes Switchyard do, for people. */
  effect: string;
}

type Matcher = (segments: readonly string[]) => string | null;

const AGENT_CHOICE = 'chooses which agent program runs';
const FLAG = /_flag$/;

// Each rule sees the key's segments (`['harness_runners', 'claude', 'program']`) and returns the effect.
const RULES: Matcher[] = [
  ([a, b]) => (a === 'worktree_setup' && b === 'setup_commands' ? 'runs these shell commands in every new worktree' : null),
  ([a, name, field]) => {
    if (a !== 'harness_runners' || field === undefined) return null;
    if (field === 'program') return `the program started for agent ${name}`;
    if (field === 'base_args' || FLAG.test(field)) return `arguments passed to ${name}`;
    if (field === 'env') return `environment of ${name}`;
    if (field === 'project_markers') return `runs ${name} in folders holding these files`;
    return null;
  },
  ([a]) => (a === 'default_agent' || a === 'default_agent_profile' ? AGENT_CHOICE : null),
  ([a, , field]) => {
    if (a !== 'agent_profiles') return null;
    if (field === 'agent') return AGENT_CHOICE;
    if (field === 'permission_mode' || field === 'allowed_tools') return 'lets the agent act without asking';
    if (field === 'add_dirs') return 'gives the agent these folders too';
    return null;
  },
  ([a, b]) => (a === 'computer_use_dispatch' && (b === 'agent' || b === 'profile') ? AGENT_CHOICE : null),
  (s) => (s[0] === 'orchestration_templates' && (s.at(-1) === 'agent' || s.at(-1) === 'profile') ? AGENT_CHOICE : null),
  ([a, b]) => (a === 'webhook_notifications' && b === 'targets' ? 'sends session notifications to these URLs' : null),
  ([a, b]) => (a === 'worktree_permission_mode' && b !== undefined ? `what ${b} may do without asking in a worktree` : null),
  (s) => {
    if (s[0] !== 'merge_queue') return null;
    const field = s[1] === 'repositories' ? s[3] : s[1];
    if (field === 'check_command') return 'runs this shell command to check every branch before it lands';
    if (field === 'resolver_agent' || field === 'resolver_profile') return AGENT_CHOICE;
    if (field === 'auto_resolve') return 'starts agent sessions by itself to fix conflicts and failed checks';
    return null;
  },
  ([a]) => (a === 'commit_author' ? 'the author of the commits made of agents\' work' : null),
];

function effectOf(segments: readonly string[]): string | null {
  for (const rule of RULES) {
    const effect = rule(segments);
    if (effect) return effect;
  }
  return null;
}

/** The executable keys of one parsed (validated) config layer, in file order. */
export function executableKeys(layer: Record<string, unknown>): ExecutableKey[] {
  const out: ExecutableKey[] = [];
  const visit = (node: Record<string, unknown>, segments: string[], key: string): void => {
    for (const [name, value] of Object.entries(node)) {
      const path = [...segments, name];
      const dotted = joinKey(key, name);
      const effect = effectOf(path);
      if (effect) out.push({ key: dotted, value, effect });
      else if (isTable(value)) visit(value, path, dotted);
      else if (Array.isArray(value)) {
        // Template steps: [[orchestration_templates.x.steps]] tables with their own agent/profile.
        value.forEach((item, i) => {
          if (isTable(item)) visit(item, path, `${dotted}[${i}]`);
        });
      }
    }
  };
  visit(layer, [], '');
  return out;
}

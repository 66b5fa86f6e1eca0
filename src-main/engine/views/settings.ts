// The settings form's field list: every known config key with its type, default, allowed values or
// range and a one-line description, walked from the config schema so new keys appear by themselves.
import { defaultConfig } from '../config';
import { flatten } from '../config/keys';
import { configSchema, describeRule, type Rule } from '../config/schema';
import { BUILTIN_PROGRAMS } from '../harness/kinds';
import { PERMISSION_MODES } from '../harness/posture';

export type SettingType = 'bool' | 'string' | 'path' | 'int' | 'number' | 'enum' | 'stringArray' | 'stringMap' | 'tableArray' | 'table';

export interface SettingField {
  /** Dotted key; `<name>` stands for a user-chosen entry name (`agent_profiles.<name>.model`). */
  key: string;
  type: SettingType;
  /** The built-in default (absent when the key has none). */
  default?: unknown;
  /** Enum values. */
  values?: readonly string[];
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** What the validator accepts, in its own words ("an integer from 20 to 80"). */
  expected: string;
  description: string;
  /** Fields of each table in a `tableArray` (webhook targets, template steps). */
  itemFields?: SettingField[];
  /** A required field of its table. */
  required?: boolean;
  /**
   * A string the loader checks against a list that depends on the rest of the config: an agent name
   * (these built-ins, "auto", or a configured runner's name) or a profile's permission mode (the
   * modes of the profile's agent; a runner's agent is not judged).
   */
  choices?: SettingChoices;
}

export type SettingChoices = { kind: 'agent'; builtin: readonly string[] } | { kind: 'permissionMode'; byAgent: Readonly<Record<string, readonly string[]>> };

const AGENT_KEYS = new Set(['default_agent', 'agent_profiles.<name>.agent', 'computer_use_dispatch.agent', 'orchestration_templates.<name>.agent']);

// One line per key, from the config README. Keys without an entry fall back to a group line.
const DESCRIPTIONS: Record<string, string> = {
  db_path: 'SQLite store file.',
  worktree_root: 'Where session worktrees are created (<root>/<session id>).',
  worktree_branch_prefix: 'Branch name prefix of session worktrees (<prefix>/<session id>); not empty.',
  max_parallel_sessions: 'Team capacity per lead, template slot limit and daemon batch limit.',
  max_parallel_worktrees: 'Sessions beyond this many worktrees wait for a slot.',
  worktree_retention_secs: 'Prune keeps inactive worktrees this long after the last heartbeat.',
  session_timeout_secs: 'Heartbeat age after which a running session becomes stale.',
  heartbeat_interval_secs: 'Runner heartbeat and daemon loop period.',
  auto_terminate_stale_sessions: 'Kill overdue sessions and mark them failed instead of stale.',
  default_agent: 'Agent for templates, computer-use dispatch and the daemon.',
  default_agent_profile: 'Profile used when none is given; must name a defined profile.',
  default_mode: 'Mode a session runs in when none is given.',
  auto_dispatch_unread_handoffs: 'The daemon dispatches unread handoffs.',
  auto_dispatch_limit_per_session: 'Messages per lead per dispatch or rebalance pass.',
  auto_create_worktrees: 'Template steps get a worktree unless they say otherwise.',
  auto_merge_ready_worktrees: 'The daemon merges ready worktrees.',
  cost_budget_usd: 'Global cost limit in USD; 0 disables it.',
  token_budget: 'Global token limit; 0 disables it.',
  theme: 'Colour theme.',
  pane_layout: 'How the split view of the Sessions view arranges its terminals: side by side, stacked, or a 2x2 grid.',
  linear_pane_size_percent: "The first terminal's share (%) of the split view side by side (width) or stacked (height).",
  grid_pane_size_percent: "The first column's width and first row's height (%) of the split view's grid.",
  budget_alert_thresholds: 'Fractions of a budget that raise an alert; each larger than the one before.',
  risk_thresholds: 'Tool-call risk scores that suggest review, confirmation or blocking; increasing.',
  conflict_resolution: 'What happens when two sessions write the same file.',
  'conflict_resolution.strategy': 'escalate, last_write_wins or merge.',
  pane_navigation: 'Keys of the split view: move focus to the terminal left, below, above or right (e.g. "ctrl-h", "alt-left"); focus_sessions and focus_output ("1", "2") work outside a terminal or text field.',
  desktop_notifications: 'Desktop notification switches per event.',
  'desktop_notifications.quiet_hours': 'Local hours without desktop notifications (may wrap midnight).',
  webhook_notifications: 'Webhook notification switches per event.',
  'webhook_notifications.targets': 'Webhook targets: provider slack or discord, and url.',
  completion_summary_notifications: 'Summary shown when a session completes.',
  computer_use_dispatch: 'Defaults for computer-use dispatch; agent and profile fall back to the global defaults.',
  'worktree_setup.copy_files': 'Files copied from the repository root into each new worktree (e.g. ".env").',
  'worktree_setup.setup_commands': 'Shell commands run in each new worktree before the agent starts.',
  app: 'Desktop app behaviour.',
  'app.close_to_tray': 'Closing the window keeps Switchyard running in the tray.',
  'app.start_at_login': 'Start hidden in the tray when the user logs in.',
  agent_profiles: 'Named agent profiles: inherits, agent, model, tools, permission mode, budgets, prompt.',
  'agent_profiles.<name>.inherits': 'Parent profile; its settings apply first.',
  'agent_profiles.<name>.token_budget': 'Tokens a session of this profile may use before it is stopped.',
  'agent_profiles.<name>.max_budget_usd': 'Cost limit passed to the agent.',
  harness_runners: 'Custom agent CLIs: program, base arguments, flags and environment.',
  'harness_runners.<name>.inline_system_prompt_for_task': 'Put the system prompt into the task text when the CLI has no flag for it.',
  orchestration_templates: 'Named multi-session templates with {{ var }} placeholders.',
  memory_connectors: 'Kept as written; not used yet.',
};

function describe(key: string): string {
  if (DESCRIPTIONS[key]) return DESCRIPTIONS[key];
  const parts = key.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const group = DESCRIPTIONS[parts.slice(0, n).join('.')];
    if (group) return `${parts.slice(n).join('.').replace(/_/g, ' ')} (${group.replace(/\.$/, '')})`;
  }
  return parts[parts.length - 1]?.replace(/_/g, ' ') ?? key;
}

function leaf(key: string, rule: Rule, defaults: Map<string, unknown>, required: boolean): SettingField {
  const field: SettingField = { key, type: rule.kind as SettingType, expected: describeRule(rule), description: describe(key) };
  const fallback = defaults.get(key) ?? ('default' in rule ? rule.default : undefined);
  if (fallback !== undefined) field.default = fallback;
  if (rule.kind === 'enum') field.values = rule.values;
  if (rule.kind === 'int' || rule.kind === 'number') {
    field.min = rule.min;
    if (rule.max !== undefined) field.max = rule.max;
  }
  if (rule.kind === 'number') {
    if (rule.minExclusive) field.minExclusive = true;
    if (rule.maxExclusive) field.maxExclusive = true;
  }
  if (required) field.required = true;
  return field;
}

function walk(rule: Rule, key: string, defaults: Map<string, unknown>, out: SettingField[], required = false): void {
  switch (rule.kind) {
    case 'table':
      for (const [name, field] of Object.entries(rule.fields)) {
        walk(field, key === '' ? name : `${key}.${name}`, defaults, out, rule.required?.includes(name) ?? false);
      }
      return;
    case 'entries':
      walk(rule.entry, `${key}.<name>`, defaults, out);
      return;
    case 'tableArray': {
      const itemFields: SettingField[] = [];
      walk(rule.item, '', new Map(), itemFields);
      out.push({ ...leaf(key, rule, defaults, required), itemFields });
      return;
    }
    case 'free':
      out.push({ ...leaf(key, rule, defaults, required), type: 'table' });
      return;
    default:
      out.push(leaf(key, rule, defaults, required));
  }
}

/**
 * Every known key, in schema order. Defaults come from `defaultConfig(home)` (paths name the data home);
 * entry tables (profiles, runners, templates) are described once with `<name>` in the key.
 */
export function describeConfigSchema(home = '~/.switchyard'): SettingField[] {
  const defaults = flatten(defaultConfig(home) as unknown as Record<string, unknown>);
  const out: SettingField[] = [];
  walk(configSchema, '', defaults, out);
  for (const f of out) {
    if (AGENT_KEYS.has(f.key)) f.choices = { kind: 'agent', builtin: [...Object.keys(BUILTIN_PROGRAMS), 'auto'] };
    else if (f.key === 'agent_profiles.<name>.permission_mode') f.choices = { kind: 'permissionMode', byAgent: PERMISSION_MODES };
  }
  return out;
}

// The allowed values of a string setting whose list depends on the rest of the config (agent names,
// a profile's permission modes), so the form can refuse a typo before saving and name the choices.
// The loader checks the same lists (engine/config/agent-check.ts, permission-check.ts); this is the
// form's early copy, in the contract so the renderer and the tests can share it.
import type { SettingFieldView } from './ops-operator';

export interface ChoiceContext {
  /** Configured harness runner names. */
  runners: string[];
  /** The agent of the profile this field belongs to (its draft, else its saved value), if any. */
  profileAgent?: string | undefined;
  /** default_agent (draft or saved). */
  defaultAgent: string;
}

export interface Allowed {
  values: string[];
  /** Whose list it is, for the message ("claude's permission modes"). */
  what: string;
  /** Agent names compare trimmed, lowercased and with aliases (claude-code); modes exactly. */
  loose: boolean;
}

const norm = (s: string) => s.trim().toLowerCase();
const ALIASES: Record<string, string> = { 'claude-code': 'claude', 'gemini-cli': 'gemini' };

/** The values this field accepts, or null when it takes any string. */
export function allowedValues(field: SettingFieldView, ctx: ChoiceContext): Allowed | null {
  const c = field.choices;
  if (!c) return null;
  if (c.kind === 'agent') return { values: [...c.builtin, ...ctx.runners], what: 'agents Switchyard can start: built-ins, auto, or a configured runner', loose: true };
  const agent = norm(ctx.profileAgent || ctx.defaultAgent);
  const canonical = ALIASES[agent] ?? agent;
  // A runner passes the value to its own CLI: not ours to judge.
  if (ctx.runners.some((r) => norm(r) === canonical)) return null;
  const own = c.byAgent[canonical];
  if (own) return { values: [...own], what: `${canonical}'s permission modes`, loose: false };
  return { values: [...new Set(Object.values(c.byAgent).flat())], what: 'permission modes of the built-in agents', loose: false };
}

/** The form's own refusal of a draft outside the list, naming the allowed values; null if fine. */
export function choiceProblem(allowed: Allowed | null, draft: string): string | null {
  const text = draft.trim();
  if (!allowed || text === '') return null;
  const wanted = allowed.loose ? (ALIASES[norm(text)] ?? norm(text)) : text;
  if (allowed.values.some((v) => (allowed.loose ? norm(v) : v) === wanted)) return null;
  return `expected one of ${allowed.values.map((v) => JSON.stringify(v)).join(', ')} (${allowed.what}), found ${JSON.stringify(text)}`;
}

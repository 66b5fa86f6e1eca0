// Can each installed agent start unattended, without a first-run or login prompt nobody answers?
// `doctor` asks, and says how to fix what is missing. Each check reads only the agent's own files
// and environment; nothing is written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { claudeConfigFile, home, readJson, type TrustEnv } from './trust';


export interface UnattendedCheck {
  ok: boolean;
  /** What is missing and how to fix it (null when ok). */
  problem: string | null;
}

/** Can interactive Claude start here without a first-run prompt nobody can answer? (doctor) */
export function claudeUnattended(t: TrustEnv = {}): UnattendedCheck {
  const file = claudeConfigFile(t);
  const config = readJson(file);
  const hasKey = Boolean(t.env?.ANTHROPIC_API_KEY || t.env?.ANTHROPIC_AUTH_TOKEN || t.env?.CLAUDE_CODE_OAUTH_TOKEN);
  const loggedIn = config !== null && typeof config.oauthAccount === 'object' && config.oauthAccount !== null;
  if (!config || config.hasCompletedOnboarding !== true) {
    return { ok: false, problem: `Claude Code's first-run setup is not done (${file}): run \`claude\` once in a terminal and finish it; until then interactive sessions stop at its onboarding (headless ones run)` };
  }
  if (!hasKey && !loggedIn) {
    return { ok: false, problem: 'Claude Code has no credentials: run `claude` and log in, or set ANTHROPIC_API_KEY' };
  }
  if (t.env?.ANTHROPIC_API_KEY) {
    const approved = (config.customApiKeyResponses as { approved?: unknown } | undefined)?.approved;
    const tail = t.env.ANTHROPIC_API_KEY.slice(-20);
    if (!Array.isArray(approved) || !approved.includes(tail)) {
      return { ok: false, problem: 'Claude Code has not been told to use $ANTHROPIC_API_KEY: interactive sessions first ask "Do you want to use this API key?"; answer it once in `claude` (headless sessions use the key without asking)' };
    }
  }
  return { ok: true, problem: null };
}

/** Codex: a login (auth.json) or an API key, for its configured provider. */
export function codexUnattended(t: TrustEnv = {}): UnattendedCheck {
  const base = t.env?.CODEX_HOME || join(home(t), '.codex');
  if (existsSync(join(base, 'auth.json')) || t.env?.OPENAI_API_KEY || t.env?.CODEX_API_KEY) return { ok: true, problem: null };
  try {
    const doc = parse(readFileSync(join(base, 'config.toml'), 'utf8')) as { model_provider?: string; model_providers?: Record<string, { env_key?: string }> };
    const key = doc.model_provider ? doc.model_providers?.[doc.model_provider]?.env_key : undefined;
    if (key && t.env?.[key]) return { ok: true, problem: null };
    if (key) return { ok: false, problem: `Codex's provider ${doc.model_provider} reads its key from $${key}, which is not set` };
  } catch {
    // no config: the default provider needs a login or OPENAI_API_KEY
  }
  return { ok: false, problem: 'Codex has no credentials: run `codex login`, or set OPENAI_API_KEY' };
}

/** Gemini: an auth method chosen in settings.json, and its key or login. */
export function geminiUnattended(t: TrustEnv = {}): UnattendedCheck {
  const base = join(t.env?.GEMINI_CLI_HOME || home(t), '.gemini');
  const settings = readJson(join(base, 'settings.json'));
  const security = settings?.security as { auth?: { selectedType?: unknown } } | undefined;
  const selected = security?.auth?.selectedType;
  const hasKey = Boolean(t.env?.GEMINI_API_KEY || t.env?.GOOGLE_API_KEY);
  if (typeof selected !== 'string') {
    return { ok: false, problem: `Gemini CLI has no auth method chosen (${join(base, 'settings.json')}: security.auth.selectedType): run \`gemini\` once and pick one${hasKey ? ' ("Use Gemini API key")' : ''}` };
  }
  if (selected === 'gemini-api-key' && !hasKey) return { ok: false, problem: 'Gemini CLI is set to use an API key, but GEMINI_API_KEY is not set' };
  if (selected.startsWith('oauth') && !existsSync(join(base, 'oauth_creds.json'))) return { ok: false, problem: 'Gemini CLI is set to log in with Google but has no saved login: run `gemini` once and log in' };
  return { ok: true, problem: null };
}

/** OpenCode: a saved provider login, a provider key in the environment, or a config that brings its own provider. */
export function opencodeUnattended(t: TrustEnv = {}): UnattendedCheck {
  const data = t.env?.XDG_DATA_HOME || join(home(t), '.local', 'share');
  if (existsSync(join(data, 'opencode', 'auth.json'))) return { ok: true, problem: null };
  const keys = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'OPENROUTER_API_KEY', 'GROQ_API_KEY'];
  if (keys.some((k) => t.env?.[k]) || t.env?.OPENCODE_CONFIG) return { ok: true, problem: null };
  return { ok: false, problem: 'OpenCode has no provider credentials: run `opencode auth login`, or set a provider key such as ANTHROPIC_API_KEY' };
}

export function unattendedCheck(agent: string, t: TrustEnv = {}): UnattendedCheck | null {
  switch (agent) {
    case 'claude':
      return claudeUnattended(t);
    case 'codex':
      return codexUnattended(t);
    case 'gemini':
      return geminiUnattended(t);
    case 'opencode':
      return opencodeUnattended(t);
    default:
      return null;
  }
}

// Which model a session's agent runs with, when its stream does not say (Codex's exec --json names
// none): the session's profile model (passed as --model), else the agent's own configured default.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';

/** Codex's default model: `model` at the top of $CODEX_HOME/config.toml (~/.codex by default). */
function codexConfiguredModel(env: NodeJS.ProcessEnv): string | null {
  const home = env.CODEX_HOME || join(env.HOME || homedir(), '.codex');
  try {
    const doc = parse(readFileSync(join(home, 'config.toml'), 'utf8')) as Record<string, unknown>;
    return typeof doc.model === 'string' && doc.model.trim() !== '' ? doc.model.trim() : null;
  } catch {
    return null; // no file or not TOML: Codex falls back to its built-in default, which we cannot name
  }
}

export function launchModel(harness: string, profileModel: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  if (profileModel !== undefined && profileModel.trim() !== '') return profileModel.trim();
  if (harness === 'codex') return codexConfiguredModel(env);
  // Gemini CLI reads GEMINI_MODEL when no -m is given; its stream names the models it used anyway.
  if (harness === 'gemini' && env.GEMINI_MODEL) return env.GEMINI_MODEL;
  return null;
}

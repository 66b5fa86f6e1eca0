// A per-session Gemini home: Gemini CLI 0.61 takes settings from no flag, and the one settings
// file an environment variable can name (GEMINI_CLI_SYSTEM_SETTINGS_PATH) is skipped unless it and
// every folder above it are owned by root ("Security Warning: Skipping system settings file …
// not owned by root") — so for anyone but root only the user settings remain, and those live in
// $GEMINI_CLI_HOME/.gemini. Switchyard points GEMINI_CLI_HOME at a folder of the session's own
// whose `.gemini` holds the user's settings plus Switchyard's hooks, and a link to every other
// entry of the user's ~/.gemini (login, trust, conversations, history, extensions, commands…), so
// Gemini sees the user's own state and writes its conversations where it always does. Nothing of
// the user's is changed.
import { lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { mkdirPrivate, PRIVATE_FILE_MODE } from '../../private-fs';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The folder Gemini treats as home for the user (it reads `<that>/.gemini`). */
export function userGeminiBase(env: NodeJS.ProcessEnv): string {
  return env.GEMINI_CLI_HOME || env.HOME || os.homedir();
}

/** JSON with // and /* comments (Gemini strips them before parsing its settings). */
export function parseJsonWithComments(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

export interface HookCommandSpec {
  event: string;
  command: string;
}

/**
 * The user's settings with Switchyard's hooks added after the user's own (Gemini runs them all).
 * A user who switched hooks off keeps theirs off: their hook definitions are left out, and
 * `hooksConfig.enabled` is on for Switchyard's alone. Hook progress indicators stay hidden unless
 * the user asked for them, so reporting does not show in the conversation.
 */
export function settingsWithHooks(user: Json, hooks: readonly HookCommandSpec[], timeoutMs: number): Json {
  const userConfig = isObject(user.hooksConfig) ? user.hooksConfig : {};
  const userHooks = userConfig.enabled === false || !isObject(user.hooks) ? {} : user.hooks;
  const merged: Json = { ...userHooks };
  for (const h of hooks) {
    const own = Array.isArray(merged[h.event]) ? (merged[h.event] as unknown[]) : [];
    merged[h.event] = [...own, { matcher: '*', hooks: [{ type: 'command', name: `switchyard-${h.event}`, command: h.command, timeout: timeoutMs }] }];
  }
  return {
    ...user,
    hooksConfig: { ...userConfig, enabled: true, notifications: userConfig.notifications ?? false },
    hooks: merged,
  };
}

/** Replaces `link` with a symbolic link to `target` unless it already is one. */
function ensureLink(link: string, target: string): void {
  let st;
  try {
    st = lstatSync(link);
  } catch {
    symlinkSync(target, link);
    return;
  }
  if (!st.isSymbolicLink()) return; // Gemini's own file from an earlier run (see below): kept.
  if (readlinkSync(link) === target) return;
  unlinkSync(link);
  symlinkSync(target, link);
}

export interface SessionGeminiHome {
  /** The value for GEMINI_CLI_HOME. */
  home: string;
  settingsPath: string;
  /** False when the user's settings could not be read as JSON: Gemini itself then reports them, and no hooks run. */
  hooksInstalled: boolean;
}

/**
 * Builds (or refreshes, for a resumed session) `<dir>/.gemini`. Entries Gemini created there in an
 * earlier run because the user had none of their own (a first conversation, say) are kept, so a
 * resume finds them; links are renewed each time.
 */
export function prepareSessionGeminiHome(dir: string, env: NodeJS.ProcessEnv, hooks: readonly HookCommandSpec[], timeoutMs: number): SessionGeminiHome {
  const userBase = userGeminiBase(env);
  const userDir = join(userBase, '.gemini');
  const mirror = join(dir, '.gemini');
  mkdirPrivate(mirror);
  let entries: string[] = [];
  try {
    entries = readdirSync(userDir);
  } catch {
    // No ~/.gemini yet: the session's home starts with Switchyard's settings only.
  }
  for (const name of entries) if (name !== 'settings.json') ensureLink(join(mirror, name), join(userDir, name));
  // Gemini also reads ~/.agents (skills shared between agents).
  const agents = join(userBase, '.agents');
  if (existsSync(agents)) ensureLink(join(dir, '.agents'), agents);

  const settingsPath = join(mirror, 'settings.json');
  const userSettings = join(userDir, 'settings.json');
  let user: Json = {};
  let readable = true;
  if (existsSync(userSettings)) {
    try {
      const parsed = parseJsonWithComments(readFileSync(userSettings, 'utf8'));
      if (isObject(parsed)) user = parsed;
      else readable = false;
    } catch {
      readable = false;
    }
  }
  if (!readable) {
    // Gemini stops with its own message naming the user's file; Switchyard adds nothing to it.
    try {
      unlinkSync(settingsPath);
    } catch {
      // not there
    }
    symlinkSync(userSettings, settingsPath);
    return { home: dir, settingsPath, hooksInstalled: false };
  }
  const tmp = `${settingsPath}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(settingsWithHooks(user, hooks, timeoutMs), null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  renameSync(tmp, settingsPath);
  return { home: dir, settingsPath, hooksInstalled: true };
}

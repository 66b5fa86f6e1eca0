// Folder trust for agents started in a new Switchyard worktree. Every worktree is a folder the agent
// has never seen, so each agent would stop at its "trust this folder?" prompt. When the user already
// trusts the repository itself in that agent, the worktree (a checkout of the same repository) is
// trusted too, through each agent's own supported mechanism:
// - Claude: a per-project entry in its global config (`~/.claude.json` or $CLAUDE_CONFIG_DIR). This
//   is the one case where Switchyard writes an agent's global config; `doctor` and the README say so.
// - Gemini: `--skip-trust` for the session (its trust lives in ~/.gemini/trustedFolders.json).
// - Codex: `-c projects."<worktree>".trust_level="trusted"` for the session (~/.codex/config.toml).
// A repository the user has not trusted stays untrusted: the agent asks, and the session shows it.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { parse } from 'smol-toml';
import type { HarnessKind } from './kinds';

export interface TrustEnv {
  homeDir?: string;
  env?: NodeJS.ProcessEnv;
}

export const home = (t: TrustEnv) => t.env?.HOME || t.homeDir || os.homedir();

export function claudeConfigFile(t: TrustEnv = {}): string {
  const dir = t.env?.CLAUDE_CONFIG_DIR;
  return dir ? join(dir, '.claude.json') : join(home(t), '.claude.json');
}

/** A JSON object file, or null when it is missing or not an object. */
export function readJson(file: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The folder and its parents, nearest first. */
function selfAndParents(dir: string): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) return out;
  }
}

function claudeTrusts(config: Record<string, unknown>, dir: string): boolean {
  const projects = config.projects;
  if (!projects || typeof projects !== 'object') return false;
  // Claude accepts a trusted parent folder for everything below it.
  return selfAndParents(dir).some((d) => (projects as Record<string, { hasTrustDialogAccepted?: unknown } | undefined>)[d]?.hasTrustDialogAccepted === true);
}

function geminiTrusts(dir: string, t: TrustEnv): boolean {
  const base = t.env?.GEMINI_CLI_HOME || home(t);
  const folders = readJson(join(base, '.gemini', 'trustedFolders.json'));
  if (!folders) return false;
  const target = resolve(dir);
  return Object.entries(folders).some(([path, level]) => {
    const p = resolve(path);
    if (level === 'TRUST_FOLDER') return target === p || target.startsWith(`${p}${sep}`);
    if (level === 'TRUST_PARENT') return target === dirname(p) || target.startsWith(`${dirname(p)}${sep}`);
    return false;
  });
}

function codexTrusts(dir: string, t: TrustEnv): boolean {
  const base = t.env?.CODEX_HOME || join(home(t), '.codex');
  let doc: Record<string, unknown>;
  try {
    doc = parse(readFileSync(join(base, 'config.toml'), 'utf8'));
  } catch {
    return false;
  }
  const projects = (doc.projects ?? {}) as Record<string, { trust_level?: unknown } | undefined>;
  return projects[resolve(dir)]?.trust_level === 'trusted';
}

/** Does the user trust `repoRoot` in this agent? */
export function agentTrustsFolder(harness: HarnessKind, repoRoot: string, t: TrustEnv = {}): boolean {
  switch (harness) {
    case 'claude': {
      const config = readJson(claudeConfigFile(t));
      return config !== null && claudeTrusts(config, repoRoot);
    }
    case 'gemini':
      return geminiTrusts(repoRoot, t);
    case 'codex':
      return codexTrusts(repoRoot, t);
    default:
      return false;
  }
}

export type ClaudeTrustOutcome = 'already_trusted' | 'trusted_from_repository' | 'repository_not_trusted' | 'no_config';

/**
 * Marks `worktree` trusted in Claude's config when `repoRoot` is. Written to a temporary file and
 * renamed, keeping every other field as it was.
 */
export function propagateClaudeTrust(repoRoot: string, worktree: string, t: TrustEnv = {}): ClaudeTrustOutcome {
  const file = claudeConfigFile(t);
  if (!existsSync(file)) return 'no_config';
  const config = readJson(file);
  if (!config) return 'no_config';
  if (claudeTrusts(config, worktree)) return 'already_trusted';
  if (!claudeTrusts(config, repoRoot)) return 'repository_not_trusted';
  const projects = (config.projects && typeof config.projects === 'object' ? config.projects : {}) as Record<string, Record<string, unknown>>;
  const key = resolve(worktree);
  projects[key] = { ...(projects[key] ?? {}), hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true };
  config.projects = projects;
  const tmp = `${file}.switchyard-${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return 'trusted_from_repository';
}

/** Flags that carry the repository's trust to a new worktree for one session (Gemini, Codex). */
export function trustFlags(harness: HarnessKind, worktree: string): string[] {
  if (harness === 'gemini') return ['--skip-trust'];
  if (harness === 'codex') return ['-c', `projects.${JSON.stringify(resolve(worktree))}.trust_level="trusted"`];
  return [];
}


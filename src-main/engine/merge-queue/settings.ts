// The `[merge_queue]` settings of one repository: the user's config (top level, then its
// `[merge_queue.repositories."<root>"]` table) and the repository's own switchyard.toml, which
// counts only once trusted. The config a command loaded follows its cwd, but the queue spans
// repositories, so each repository's settings are loaded from its own root.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'smol-toml';
import { loadConfig } from '../config';
import type { MergeQueueSettings } from '../config/types';
import type { WorktreeDeps } from '../worktrees/deps';
import { gitOf } from '../worktrees/deps';
import { locateMainCheckout } from '../worktrees/remove';
import { canonicalPath } from '../worktrees/repo';

export interface RepoMergeSettings {
  repoRoot: string;
  settings: MergeQueueSettings;
  /** The file that set check_command (for messages), null when unset. */
  checkCommandFile: string | null;
  /**
   * Why the queue must not land this repository's branches: its switchyard.toml declares a
   * [merge_queue] that is not trusted, so its check cannot run and landing unchecked would skip it.
   */
  refusal: string | null;
}

export interface SettingsDeps {
  home: string;
  /** `--config FILE` of the command, used instead of the user's config.toml. */
  configFile?: string;
}

function expandRoot(key: string, base: string): string {
  if (key === '~') return homedir();
  if (key.startsWith('~/')) return join(homedir(), key.slice(2));
  return isAbsolute(key) ? key : resolve(base, key);
}

/** Whether an untrusted file's text declares [merge_queue] (parsed only to say so; never applied). */
function declaresMergeQueue(file: string): boolean {
  try {
    const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return doc['merge_queue'] !== undefined;
  } catch {
    // Unreadable or invalid TOML: it may declare one; refusing is the safe side.
    return true;
  }
}

function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

export function repoMergeSettings(deps: SettingsDeps, repoRoot: string): RepoMergeSettings {
  const loaded = loadConfig({ home: deps.home, cwd: repoRoot, configFile: deps.configFile });
  const mq = loaded.config.merge_queue ?? { check_timeout_secs: 1800, auto_resolve: false, max_resolve_attempts: 2, repositories: {} };
  const { repositories, ...top } = mq;
  const root = canonicalPath(repoRoot);
  let settings: MergeQueueSettings = { ...top };
  let checkCommandFile = loaded.sources['merge_queue.check_command']?.file ?? null;
  for (const [key, entry] of Object.entries(repositories ?? {})) {
    const userFile = loaded.files.find((f) => f.kind === 'user')?.path ?? deps.home;
    if (canonicalPath(expandRoot(key, resolve(userFile, '..'))) !== root) continue;
    settings = { ...settings, ...entry };
    if (entry.check_command !== undefined) checkCommandFile = loaded.sources[`merge_queue.repositories.${JSON.stringify(key)}.check_command`]?.file ?? userFile;
  }
  if (settings.check_command !== undefined && settings.check_command.trim() === '') {
    throw new Error(`${checkCommandFile ?? 'config'}: merge_queue.check_command is empty; set it to the command that checks a branch (e.g. "npm test") or remove it`);
  }
  let refusal: string | null = null;
  const project = loaded.project;
  if (project && !project.applied && declaresMergeQueue(project.path)) {
    const why = project.trust === 'changed' ? 'changed since you trusted it' : 'not trusted';
    refusal =
      `${project.path} declares [merge_queue] but is ${why}, so its check cannot run and ${repoRoot}'s branches are not landed unchecked; ` +
      `review it, then run \`switchyard trust ${shellWord(project.path)}\` and retry`;
  }
  return { repoRoot, settings, checkCommandFile, refusal };
}

/** Each session's repository settings (loaded once per repository); an Error when its config is bad. */
export async function settingsBySession(deps: WorktreeDeps, ids: readonly string[]): Promise<Map<string, RepoMergeSettings | Error>> {
  const git = gitOf(deps);
  const byRoot = new Map<string, RepoMergeSettings | Error>();
  const out = new Map<string, RepoMergeSettings | Error>();
  for (const id of ids) {
    const wt = deps.store.getSession(id)?.worktree;
    if (!wt) continue;
    const root = await locateMainCheckout(git, wt);
    if (!root) continue;
    if (!byRoot.has(root)) {
      try {
        byRoot.set(root, repoMergeSettings({ home: deps.home, configFile: deps.runner?.configFile }, root));
      } catch (error) {
        byRoot.set(root, error as Error);
      }
    }
    out.set(id, byRoot.get(root) as RepoMergeSettings | Error);
  }
  return out;
}

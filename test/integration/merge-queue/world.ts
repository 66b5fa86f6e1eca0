// A user's repository with a check script, session worktrees made by the engine, and the real
// `switchyard` CLI run against the same data home (issue 15's merge-queue checks).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Session } from '../../../src-main/engine/model';
import { openStore, type Store } from '../../../src-main/engine/store';
import { createGit, createWorktree } from '../../../src-main/engine/worktrees';
import { cleanEnv, runCli, type CliResult } from '../../helpers/cli';
import { buildSession } from '../../helpers/session-fixture';
import { commitFile, git, initRepo } from '../worktrees/helpers';

export interface QueueWorld {
  root: string;
  home: string;
  repo: string;
  sy(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  json<T>(args: string[]): Promise<T>;
  store(): Store;
  /** A completed session whose worktree branch has `files` committed (the agent's work). */
  session(id: string, minutesAgo: number, files: Record<string, string>): Promise<Session>;
  /** Commits `files` and `switchyard.toml` (holding `toml`) to the repository, then trusts that file. */
  trustedProject(toml: string, files?: Record<string, string>): Promise<void>;
  cleanup(): void;
}

export function queueWorld(): QueueWorld {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sy-mq-')));
  const home = join(root, 'home');
  mkdirSync(home);
  const repo = initRepo(join(root, 'repo'));
  const config = defaultConfig(home);
  let store: Store | undefined;
  const getStore = () => (store ??= openStore(config.db_path));
  const sy = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
    runCli(['--home', home, ...args], { cwd: opts.cwd ?? repo, env: cleanEnv(opts.env), timeoutMs: 150_000 });
  return {
    root,
    home,
    repo,
    sy,
    async json<T>(args: string[]): Promise<T> {
      const r = await sy([...args, '--json']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout) as T;
    },
    store: getStore,
    async session(id, minutesAgo, files) {
      const { worktree } = await createWorktree(createGit(), config, id, { root: repo, baseBranch: 'main' });
      for (const [file, content] of Object.entries(files)) commitFile(worktree.path, file, content, `session ${id}: add ${file}`);
      const session = buildSession(id, 'completed', new Date(Date.now() - minutesAgo * 60_000), { workingDir: worktree.path, worktree, task: `add ${Object.keys(files).join(', ')}` });
      getStore().insertSession(session);
      return session;
    },
    async trustedProject(toml, files = {}) {
      for (const [file, content] of Object.entries(files)) writeFileSync(join(repo, file), content);
      writeFileSync(join(repo, 'switchyard.toml'), toml);
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'project config and check');
      const trusted = await sy(['trust', join(repo, 'switchyard.toml')]);
      expect(trusted.code, trusted.stderr).toBe(0);
    },
    cleanup() {
      store?.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs `command` on a commit's tree (extracted outside any checkout); true when it exits 0. */
export function passesAt(repo: string, sha: string, command: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'sy-mq-tree-'));
  try {
    execFileSync('sh', ['-c', `git -C "$1" archive "$2" | tar -x -C "$3"`, 'sh', repo, sha, dir]);
    execFileSync('sh', ['-c', command], { cwd: dir, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every commit `branch` has pointed to, oldest first (its reflog). */
export function reflogOf(repo: string, branch: string): string[] {
  return git(repo, 'reflog', 'show', '--format=%H', `refs/heads/${branch}`).trim().split('\n').reverse();
}

export { commitFile, git };

// Real repositories and stores for the worktree tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Config } from '../../../src-main/engine/config/types';
import type { Session, SessionState, WorktreeInfo } from '../../../src-main/engine/model';
import { openStore, type Store } from '../../../src-main/engine/store';
import { createGit, createWorktree, type Git } from '../../../src-main/engine/worktrees';
import type { WorktreeDeps } from '../../../src-main/engine/worktrees';
import { buildSession } from '../../helpers/session-fixture';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
}

/** `git init`, user "Switchyard Tests", README.md = "hello\n" committed on main. */
export function initRepo(path: string): string {
  mkdirSync(path, { recursive: true });
  git(path, 'init', '-q', '-b', 'main');
  git(path, 'config', 'user.name', 'Switchyard Tests');
  git(path, 'config', 'user.email', 'tests@example.com');
  git(path, 'config', 'commit.gpgsign', 'false');
  writeFileSync(join(path, 'README.md'), 'hello\n');
  git(path, 'add', 'README.md');
  git(path, 'commit', '-q', '-m', 'init');
  return realpathSync(path);
}

export function commitFile(cwd: string, file: string, content: string, message = `edit ${file}`): void {
  mkdirSync(dirname(join(cwd, file)), { recursive: true });
  writeFileSync(join(cwd, file), content);
  git(cwd, 'add', '--', file);
  git(cwd, 'commit', '-q', '-m', message);
}

/** Everything a refused operation must leave exactly as it was. */
export function repoSnapshot(repo: string): { refs: string; status: string; worktrees: string; head: string } {
  return {
    refs: git(repo, 'for-each-ref', '--format=%(refname) %(objectname)'),
    status: git(repo, 'status', '--porcelain'),
    worktrees: git(repo, 'worktree', 'list', '--porcelain'),
    head: readFileSync(join(git(repo, 'rev-parse', '--absolute-git-dir').trim(), 'HEAD'), 'utf8'),
  };
}

export interface TestEnv {
  root: string;
  repo: string;
  store: Store;
  config: Config;
  git: Git;
  deps: WorktreeDeps;
  launches: { args: string[]; cwd?: string }[];
  cleanup: () => void;
}

export function testEnv(overrides: Partial<Config> = {}): TestEnv {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sy-wt-')));
  const repo = initRepo(join(root, 'repo'));
  const config: Config = { ...defaultConfig(join(root, 'home')), worktree_root: join(root, 'worktrees'), max_parallel_worktrees: 4, ...overrides };
  const store = openStore(join(root, 'state.db'));
  const launches: { args: string[]; cwd?: string }[] = [];
  const g = createGit();
  const deps: WorktreeDeps = {
    home: join(root, 'home'),
    config,
    store,
    git: g,
    runner: { command: ['switchyard'] },
    spawnRunner: async (launch) => {
      launches.push({ args: launch.args, cwd: launch.cwd });
      return { pid: 999_999 };
    },
    isAlive: () => false,
  };
  return {
    root,
    repo,
    store,
    config,
    git: g,
    deps,
    launches,
    cleanup: () => {
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A session row as the seed's build_session makes it: task-{id}, project workspace, group general. */
export function insertSession(store: Store, id: string, state: SessionState, updatedAt: Date, worktree: WorktreeInfo | null = null): Session {
  const session = buildSession(id, state, updatedAt, { workingDir: worktree?.path ?? '/tmp', worktree });
  store.insertSession(session);
  return session;
}

/** A session (inserted with the given state and time) with a real worktree from `env.repo`'s main. */
export async function sessionWithWorktree(env: TestEnv, id: string, state: SessionState, updatedAt: Date): Promise<Session> {
  const { worktree } = await createWorktree(env.git, env.config, id, { root: env.repo, baseBranch: 'main' });
  return insertSession(env.store, id, state, updatedAt, worktree);
}

export function minutesAgo(n: number): Date {
  return new Date(Date.now() - n * 60_000);
}

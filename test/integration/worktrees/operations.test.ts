// Merge, rebase, cleanup, prune and delete on real repositories (seed tests 26, 34-37, 42), and every
// refusal leaving the repository exactly as it was.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteSession } from '../../../src-main/engine/sessions/lifecycle';
import {
  cleanupSessionWorktree,
  mergeSessionWorktree,
  pruneInactiveWorktrees,
  rebaseSessionWorktree,
  worktreeStatus,
} from '../../../src-main/engine/worktrees';
import { commitFile, git, minutesAgo, repoSnapshot, sessionWithWorktree, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
afterEach(() => env?.cleanup());

describe('mergeSessionWorktree', () => {
  it('merges the branch into main, removes the worktree and deletes the branch (seed test 37)', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'merge1', 'stopped', minutesAgo(1));
    commitFile(s.workingDir, 'feature.txt', 'ready to merge\n');
    const outcome = await mergeSessionWorktree(env.deps, 'merge1', { cleanup: true });
    expect(outcome).toEqual({ sessionId: 'merge1', branch: 'ecc/merge1', baseBranch: 'main', alreadyUpToDate: false, cleanedWorktree: true, keptReason: null });
    expect(readFileSync(join(env.repo, 'feature.txt'), 'utf8')).toBe('ready to merge\n');
    expect(env.store.getSession('merge1')!.worktree).toBeNull();
    expect(existsSync(s.workingDir)).toBe(false);
    expect(git(env.repo, 'branch', '--list', 'ecc/merge1')).toBe('');
  });

  it.each([
    ['an active session', async (e: TestEnv) => (await sessionWithWorktree(e, 'act', 'running', minutesAgo(1))).id, 'Cannot merge active session act while it is running'],
    [
      'a dirty worktree',
      async (e: TestEnv) => {
        const s = await sessionWithWorktree(e, 'dirty', 'stopped', minutesAgo(1));
        commitFile(s.workingDir, 'a.txt', 'a\n');
        writeFileSync(join(s.workingDir, 'a.txt'), 'changed\n');
        return s.id;
      },
      'Worktree ecc/dirty has uncommitted changes; commit them on the branch (switchyard commit) or discard them before merging',
    ],
    [
      'a dirty main checkout',
      async (e: TestEnv) => {
        const s = await sessionWithWorktree(e, 'rootdirty', 'stopped', minutesAgo(1));
        commitFile(s.workingDir, 'a.txt', 'a\n');
        writeFileSync(join(e.repo, 'README.md'), 'local edit\n');
        return s.id;
      },
      'Repository root', // … has uncommitted changes; commit or stash them there before merging
    ],
    [
      'a dirty worktree holding the base branch',
      async (e: TestEnv) => {
        const s = await sessionWithWorktree(e, 'elsewhere', 'stopped', minutesAgo(1));
        commitFile(s.workingDir, 'a.txt', 'a\n');
        git(e.repo, 'checkout', '-q', '-b', 'other');
        git(e.repo, 'worktree', 'add', '-q', join(e.root, 'main-wt'), 'main');
        writeFileSync(join(e.root, 'main-wt', 'README.md'), 'local edit\n');
        return s.id;
      },
      `(where main is checked out) has uncommitted changes; commit or stash them there before merging`,
    ],
    [
      'a merge in progress where the base branch is checked out',
      async (e: TestEnv) => {
        const s = await sessionWithWorktree(e, 'midmerge', 'stopped', minutesAgo(1));
        commitFile(s.workingDir, 'a.txt', 'a\n');
        writeFileSync(join(git(e.repo, 'rev-parse', '--absolute-git-dir').trim(), 'MERGE_HEAD'), `${git(e.repo, 'rev-parse', 'HEAD').trim()}\n`);
        return s.id;
      },
      'has a merge in progress; Switchyard will not merge while it runs',
    ],
    [
      'a base branch not checked out in the repository root',
      async (e: TestEnv) => {
        const s = await sessionWithWorktree(e, 'notout', 'stopped', minutesAgo(1));
        commitFile(s.workingDir, 'a.txt', 'a\n');
        git(e.repo, 'checkout', '-q', '-b', 'other');
        return s.id;
      },
      'Base branch main is not checked out anywhere',
    ],
    [
      'a branch that conflicts with main',
      async (e: TestEnv) => {
        const s = await sessionWithWorktree(e, 'confl', 'stopped', minutesAgo(1));
        commitFile(s.workingDir, 'README.md', 'branch\n');
        commitFile(e.repo, 'README.md', 'main\n');
        return s.id;
      },
      'Merge blocked by 1 conflict(s): README.md',
    ],
    [
      'a worktree deleted by hand',
      async (e: TestEnv) => {
        const s = await sessionWithWorktree(e, 'gone', 'stopped', minutesAgo(1));
        commitFile(s.workingDir, 'a.txt', 'a\n');
        rmSync(s.workingDir, { recursive: true, force: true });
        return s.id;
      },
      'is missing (deleted outside Switchyard)',
    ],
  ])('refuses %s and changes nothing', async (_label, arrange, message) => {
    env = testEnv();
    const id = await arrange(env);
    const before = repoSnapshot(env.repo);
    const mainFiles = readFileSync(join(env.repo, 'README.md'), 'utf8');
    await expect(mergeSessionWorktree(env.deps, id, { cleanup: true })).rejects.toThrow(message);
    expect(repoSnapshot(env.repo)).toEqual(before);
    expect(readFileSync(join(env.repo, 'README.md'), 'utf8')).toBe(mainFiles);
    expect(env.store.getSession(id)!.worktree).not.toBeNull();
  });
});

describe('rebaseSessionWorktree', () => {
  it('rebases onto a moved base, and a conflicting rebase is aborted with the branch as it was', async () => {
    env = testEnv();
    const ok = await sessionWithWorktree(env, 'okreb', 'stopped', minutesAgo(2));
    const bad = await sessionWithWorktree(env, 'badreb', 'stopped', minutesAgo(1));
    commitFile(ok.workingDir, 'new.txt', 'new\n');
    commitFile(bad.workingDir, 'README.md', 'bad\n');
    commitFile(env.repo, 'README.md', 'moved\n');

    expect(await rebaseSessionWorktree(env.deps, 'okreb')).toMatchObject({ alreadyUpToDate: false, baseBranch: 'main' });
    expect(git(ok.workingDir, 'merge-base', '--is-ancestor', 'main', 'HEAD')).toBe('');

    const head = git(bad.workingDir, 'rev-parse', 'HEAD');
    await expect(rebaseSessionWorktree(env.deps, 'badreb')).rejects.toThrow('git rebase failed');
    expect(git(bad.workingDir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(bad.workingDir, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(git(bad.workingDir, 'rev-parse', '--git-dir').trim(), 'rebase-merge'))).toBe(false);
  });
});

describe('cleanup, prune and delete', () => {
  it('cleanup removes the path and clears the metadata (seed test 34)', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'clean1', 'stopped', minutesAgo(1));
    const outcome = await cleanupSessionWorktree(env.deps, 'clean1');
    expect(outcome.removal).toEqual({ removedPath: true, branchDeleted: true, kept: null });
    expect(existsSync(s.workingDir)).toBe(false);
    expect(env.store.getSession('clean1')!.worktree).toBeNull();
  });

  it('prune cleans stopped sessions only and leaves active ones (seed test 35)', async () => {
    env = testEnv();
    const active = await sessionWithWorktree(env, 'active', 'running', minutesAgo(2));
    const stopped = await sessionWithWorktree(env, 'stopped', 'stopped', minutesAgo(1));
    const outcome = await pruneInactiveWorktrees(env.deps);
    expect(outcome).toEqual({ cleanedSessionIds: ['stopped'], activeWithWorktreeIds: ['active'], retainedSessionIds: [], kept: [], deferredSessionIds: [] });
    expect(existsSync(active.workingDir)).toBe(true);
    expect(env.store.getSession('active')!.worktree).not.toBeNull();
    expect(existsSync(stopped.workingDir)).toBe(false);
    expect(env.store.getSession('stopped')!.worktree).toBeNull();
  });

  it('prune keeps recent sessions within worktree_retention_secs (seed test 36)', async () => {
    env = testEnv({ worktree_retention_secs: 3600 });
    const s = await sessionWithWorktree(env, 'recent', 'stopped', new Date());
    const outcome = await pruneInactiveWorktrees(env.deps);
    expect(outcome).toEqual({ cleanedSessionIds: [], activeWithWorktreeIds: [], retainedSessionIds: ['recent'], kept: [], deferredSessionIds: [] });
    expect(existsSync(s.workingDir)).toBe(true);
  });

  it('prune keeps a branch with unmerged commits and says why; --force deletes it', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'unmerged', 'stopped', minutesAgo(1));
    commitFile(s.workingDir, 'work.txt', 'precious\n');
    const kept = await pruneInactiveWorktrees(env.deps);
    expect(kept.cleanedSessionIds).toEqual([]);
    expect(kept.kept).toHaveLength(1);
    expect(kept.kept[0]!.reason).toContain('branch ecc/unmerged has 1 commit(s) main lacks');
    expect(kept.kept[0]!.reason).toContain('switchyard merge-worktree unmerged');
    expect(existsSync(s.workingDir)).toBe(true);
    expect(git(env.repo, 'branch', '--list', 'ecc/unmerged')).toContain('ecc/unmerged');

    const forced = await pruneInactiveWorktrees(env.deps, { force: true });
    expect(forced.cleanedSessionIds).toEqual(['unmerged']);
    expect(git(env.repo, 'branch', '--list', 'ecc/unmerged')).toBe('');
  });

  it('prune forgets a worktree deleted by hand but keeps its unmerged branch', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'byhand', 'stopped', minutesAgo(1));
    rmSync(s.workingDir, { recursive: true, force: true });
    expect((await worktreeStatus(env.deps, env.store.getSession('byhand')!)).health).toBe('missing');
    const outcome = await pruneInactiveWorktrees(env.deps);
    expect(outcome.cleanedSessionIds).toEqual(['byhand']);
    expect(git(env.repo, 'worktree', 'list', '--porcelain')).not.toContain('byhand');
  });

  it('delete removes an inactive session and its worktree (seed test 42), keeping unmerged commits', async () => {
    env = testEnv();
    const plain = await sessionWithWorktree(env, 'del1', 'stopped', minutesAgo(2));
    const work = await sessionWithWorktree(env, 'del2', 'completed', minutesAgo(1));
    commitFile(work.workingDir, 'work.txt', 'precious\n');

    expect((await deleteSession(env.deps, 'del1')).worktree).toMatchObject({ removedPath: true, branchDeleted: true, kept: null });
    expect(env.store.getSession('del1')).toBeNull();
    expect(existsSync(plain.workingDir)).toBe(false);

    const outcome = await deleteSession(env.deps, 'del2');
    expect(outcome.worktree!.kept).toContain('kept branch ecc/del2: it has 1 commit(s) main lacks');
    expect(existsSync(work.workingDir)).toBe(false);
    expect(git(env.repo, 'show', 'ecc/del2:work.txt')).toBe('precious\n');
  });
});

describe('worktreeStatus', () => {
  it('reports health, ahead/behind, diff stat and patch without touching the checkout', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'stat', 'stopped', minutesAgo(1));
    commitFile(s.workingDir, 'a.txt', 'a\n');
    commitFile(env.repo, 'b.txt', 'b\n');
    writeFileSync(join(s.workingDir, 'README.md'), 'hello\nmore\n');
    // A new file the agent never added counts as work too (stats and patch), even where the
    // repository hides untracked files from `git status`.
    git(s.workingDir, 'config', 'status.showUntrackedFiles', 'no');
    writeFileSync(join(s.workingDir, 'new.txt'), 'one\ntwo\nthree\n');
    const before = repoSnapshot(env.repo);
    const r = await worktreeStatus(env.deps, env.store.getSession('stat')!, { patch: true });
    expect(r).toMatchObject({ health: 'in_progress', dirty: true, ahead: 1, behind: 1, exists: true });
    expect(r.diffStat.branch).toContain('1 file changed');
    expect(r.diffStat.workingTree).toBe('2 files changed, 4 insertions(+)');
    // Never "Merge ready" next to "commit or discard": uncommitted work is not ready.
    expect(r.readiness).toMatchObject({ ready: false, summary: 'Worktree has uncommitted changes; commit them with `switchyard commit stat` (or discard them) before merging' });
    expect(r.patch).toContain('--- Branch diff vs main ---');
    expect(r.patch).toContain('--- Working tree diff ---');
    expect(r.patch).toContain('+++ b/new.txt');
    expect(r.advice).toContain('uncommitted changes');
    expect(repoSnapshot(env.repo)).toEqual(before);
  });
});

// `commit`: a session's work becomes a commit on its own branch, in its worktree, and a refused or
// failed commit leaves the branch, the index and the user's checkout exactly as they were.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitSessionWork } from '../../../src-main/engine/worktrees';
import { git, minutesAgo, repoSnapshot, sessionWithWorktree, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
afterEach(() => env?.cleanup());

const indexOf = (dir: string) => git(dir, 'ls-files', '--stage');

describe('commitSessionWork', () => {
  it('commits new and changed files (not ignored ones) with the task and summary, authored as configured', async () => {
    env = testEnv({ commit_author: 'Robo Reviewer <robo@example.com>' });
    const s = await sessionWithWorktree(env, 'c1', 'completed', minutesAgo(1));
    const wt = s.worktree!.path;
    writeFileSync(join(wt, '.gitignore'), 'dist/\n');
    mkdirSync(join(wt, 'dist'));
    writeFileSync(join(wt, 'dist', 'bundle.js'), 'built\n');
    writeFileSync(join(wt, 'README.md'), 'hello\nchanged\n');
    mkdirSync(join(wt, 'src'));
    writeFileSync(join(wt, 'src', 'new.ts'), 'export {};\n');
    env.store.setSummary('c1', 'Added src/new.ts and updated the README.');
    const userCheckout = repoSnapshot(env.repo);

    const out = await commitSessionWork(env.deps, 'c1');
    expect(out.result.committed).toBe(true);
    if (!out.result.committed) return;
    expect(out.result.files.sort()).toEqual(['.gitignore', 'README.md', 'src/new.ts']);
    expect(git(wt, 'log', '-1', '--format=%an <%ae>|%s|%b')).toBe('Robo Reviewer <robo@example.com>|task-c1|Added src/new.ts and updated the README.\n\nSwitchyard-Session: c1\n\n');
    expect(git(wt, 'status', '--porcelain', '--ignored')).toBe('!! dist/\n');
    expect(env.store.getOutcome('c1')?.commitSha).toBe(git(wt, 'rev-parse', 'HEAD').trim());
    // The user's checkout is untouched: only the session's branch moved.
    const after = repoSnapshot(env.repo);
    expect(after.status).toBe(userCheckout.status);
    expect(after.head).toBe(userCheckout.head);
  });

  it('refuses a running session, and says so for a clean worktree, writing nothing', async () => {
    env = testEnv();
    const running = await sessionWithWorktree(env, 'r1', 'running', minutesAgo(1));
    writeFileSync(join(running.worktree!.path, 'wip.txt'), 'half done\n');
    const before = repoSnapshot(env.repo);
    await expect(commitSessionWork(env.deps, 'r1')).rejects.toThrow('Session r1 is running: its agent may still be writing; wait for it to finish (switchyard wait r1) or stop it, then commit');
    expect(repoSnapshot(env.repo)).toEqual(before);
    expect(git(running.worktree!.path, 'status', '--porcelain')).toBe('?? wip.txt\n');

    await sessionWithWorktree(env, 'k1', 'completed', minutesAgo(1));
    const withClean = repoSnapshot(env.repo);
    const clean = await commitSessionWork(env.deps, 'k1');
    expect(clean.result).toEqual({ committed: false, reason: 'clean' });
    expect(repoSnapshot(env.repo)).toEqual(withClean);
  });

  it('puts the index back as it was when the commit fails (a pre-commit hook refuses it)', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'h1', 'completed', minutesAgo(1));
    const wt = s.worktree!.path;
    writeFileSync(join(wt, 'staged.txt'), 'staged by hand\n');
    git(wt, 'add', 'staged.txt');
    writeFileSync(join(wt, 'loose.txt'), 'not staged\n');
    const hook = join(env.repo, '.git', 'hooks', 'pre-commit');
    mkdirSync(join(env.repo, '.git', 'hooks'), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\necho "lint failed: trailing whitespace" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const index = indexOf(wt);
    const head = git(wt, 'rev-parse', 'HEAD');
    await expect(commitSessionWork(env.deps, 'h1')).rejects.toThrow(/lint failed: trailing whitespace.*nothing was committed and the index is as it was/s);
    expect(indexOf(wt)).toBe(index);
    expect(git(wt, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(wt, 'status', '--porcelain')).toBe('A  staged.txt\n?? loose.txt\n');
    expect(readFileSync(join(wt, 'loose.txt'), 'utf8')).toBe('not staged\n');
  });

  it('refuses while a rebase is in progress in the worktree, changing nothing', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'b1', 'completed', minutesAgo(1));
    const wt = s.worktree!.path;
    const gitDir = git(wt, 'rev-parse', '--absolute-git-dir').trim();
    mkdirSync(join(gitDir, 'rebase-merge'));
    writeFileSync(join(wt, 'edit.txt'), 'mid-rebase edit\n');
    const index = indexOf(wt);
    await expect(commitSessionWork(env.deps, 'b1')).rejects.toThrow(`Worktree ${wt} has a rebase in progress; Switchyard will not commit while it runs`);
    expect(indexOf(wt)).toBe(index);
  });
});

// Nothing lost, nothing of the user's touched: every path that removes worktrees keeps one that
// holds work, and merge/rebase refuse while a git operation is in progress, changing nothing.
// Each row runs on a real repository and compares refs, status, the worktree list and the files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteSession, stopSessionWithCleanup } from '../../../src-main/engine/sessions/lifecycle';
import { mergeSessionWorktree, pruneInactiveWorktrees, rebaseSessionWorktree } from '../../../src-main/engine/worktrees';
import { commitFile, git, minutesAgo, repoSnapshot, sessionWithWorktree, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
afterEach(() => env?.cleanup());

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), rel);
      else out.push(`${rel}=${readFileSync(join(d, e.name), 'utf8')}`);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out.sort();
}

/** Refs, status, worktree list and every file of the repo and the worktree. */
function world(repo: string, wt: string) {
  return { repo: repoSnapshot(repo), repoFiles: files(repo), wtFiles: files(wt), wtStatus: existsSync(wt) ? git(wt, 'status', '--porcelain', '--ignored', '--untracked-files=all') : null };
}

describe('prune, delete, stop --cleanup and the daemon keep every worktree that holds work', () => {
  const cases: { name: string; arrange: (wt: string, t: TestEnv) => string | void; kept: RegExp }[] = [
    {
      name: 'commits on a detached HEAD',
      arrange: (wt) => {
        git(wt, 'checkout', '-q', '--detach');
        commitFile(wt, 'detached.txt', 'only here\n', 'work on a detached HEAD');
      },
      kept: /a detached HEAD\) holds commits no other branch or tag has/,
    },
    {
      name: 'untracked files while status.showUntrackedFiles=no',
      arrange: (wt, t) => {
        git(t.repo, 'config', 'status.showUntrackedFiles', 'no');
        writeFileSync(join(wt, 'new-idea.md'), 'draft\n');
      },
      kept: /untracked files \(new-idea\.md\)/,
    },
    {
      name: 'ignored files',
      arrange: (wt, t) => {
        writeFileSync(join(t.repo, '.git', 'info', 'exclude'), 'build/\n');
        mkdirSync(join(wt, 'build'));
        writeFileSync(join(wt, 'build', 'report.html'), '<p>hours of work</p>\n');
      },
      kept: /ignored files git does not track \(build\/\)/,
    },
    {
      name: 'a locked worktree',
      arrange: (wt, t) => {
        git(t.repo, 'worktree', 'lock', wt);
      },
      kept: /it is locked/,
    },
    {
      name: 'uncommitted changes after the repository moved',
      arrange: (wt, t) => {
        writeFileSync(join(wt, 'README.md'), 'hello\nunsaved edit\n');
        renameSync(t.repo, `${t.repo}-moved`);
        return `${t.repo}-moved`;
      },
      kept: /no longer leads to its repository \(recorded at/,
    },
  ];

  for (const c of cases) {
    it(`prune keeps ${c.name}`, async () => {
      env = testEnv();
      const s = await sessionWithWorktree(env, 'p1', 'completed', minutesAgo(10));
      const wt = s.worktree!.path;
      const repo = c.arrange(wt, env) ?? env.repo;
      const moved = c.name === 'uncommitted changes after the repository moved';
      // After a move the worktree's .git link is broken, so only its files can be compared.
      const before = { refs: moved ? '' : git(wt, 'for-each-ref'), list: files(wt), status: moved ? '' : git(wt, 'status', '--porcelain', '--ignored', '--untracked-files=all') };
      const beforeRepo = existsSync(repo) ? files(repo) : [];
      const out = await pruneInactiveWorktrees(env.deps);
      expect(out.cleanedSessionIds).toEqual([]);
      expect(out.kept.map((k) => k.reason).join('\n')).toMatch(c.kept);
      expect(env.store.getSession('p1')?.worktree?.path).toBe(wt);
      expect(files(wt)).toEqual(before.list);
      expect(files(repo)).toEqual(beforeRepo);
      if (!moved) {
        expect(git(wt, 'for-each-ref')).toBe(before.refs);
        expect(git(wt, 'status', '--porcelain', '--ignored', '--untracked-files=all')).toBe(before.status);
      }
      // The daemon's automatic prune keeps it too.
      const daemon = await pruneInactiveWorktrees(env.deps, { onlyMerged: true });
      expect(daemon.cleanedSessionIds).toEqual([]);
      expect(files(wt)).toEqual(before.list);
    });
  }

  it('delete refuses a worktree with uncommitted work and keeps the session row; --force discards it', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'd1', 'completed', minutesAgo(10));
    const wt = s.worktree!.path;
    writeFileSync(join(wt, 'notes.txt'), 'keep me\n');
    const before = world(env.repo, wt);
    await expect(deleteSession(env.deps, 'd1')).rejects.toThrow(/Session d1 was not deleted: kept worktree .*untracked files \(notes\.txt\).*switchyard delete d1 --force/);
    expect(env.store.getSession('d1')?.id).toBe('d1');
    expect(world(env.repo, wt)).toEqual(before);
    await deleteSession(env.deps, 'd1', { force: true });
    expect(env.store.getSession('d1')).toBeNull();
    expect(existsSync(wt)).toBe(false);
  });

  it('stop --cleanup commits the work to the branch first, and keeps the branch that holds it', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 's1', 'running', minutesAgo(1));
    const wt = s.worktree!.path;
    writeFileSync(join(wt, 'feature.txt'), 'done by the agent\n');
    const out = await stopSessionWithCleanup(env.deps, 's1');
    expect(out.session.state).toBe('stopped');
    expect(git(env.repo, 'show', 'ecc/s1:feature.txt')).toBe('done by the agent\n');
    expect(out.worktree?.kept).toMatch(/kept branch ecc\/s1: it has 1 commit\(s\) main lacks/);
  });

  it('the daemon prune removes a merged, clean worktree', async () => {
    env = testEnv();
    await sessionWithWorktree(env, 'm1', 'completed', minutesAgo(10));
    const out = await pruneInactiveWorktrees(env.deps, { onlyMerged: true });
    expect(out.cleanedSessionIds).toEqual(['m1']);
  });
});

/** Real in-progress operations, started with git itself. */
const OPERATIONS: { name: string; where: 'main' | 'worktree'; start: (dir: string) => void; marker: string }[] = [
  {
    name: 'a conflicted merge',
    where: 'main',
    start: (dir) => {
      git(dir, 'checkout', '-q', '-b', 'side');
      commitFile(dir, 'README.md', 'side\n');
      git(dir, 'checkout', '-q', 'main');
      commitFile(dir, 'README.md', 'main\n');
      expect(() => git(dir, 'merge', 'side')).toThrow();
    },
    marker: 'MERGE_HEAD',
  },
  {
    name: 'a conflicted cherry-pick',
    where: 'main',
    start: (dir) => {
      git(dir, 'checkout', '-q', '-b', 'pick');
      commitFile(dir, 'README.md', 'pick\n');
      git(dir, 'checkout', '-q', 'main');
      commitFile(dir, 'README.md', 'main2\n');
      expect(() => git(dir, 'cherry-pick', 'pick')).toThrow();
    },
    marker: 'CHERRY_PICK_HEAD',
  },
  {
    name: 'a conflicted revert',
    where: 'main',
    start: (dir) => {
      commitFile(dir, 'README.md', 'one\n');
      const target = git(dir, 'rev-parse', 'HEAD').trim();
      commitFile(dir, 'README.md', 'two\n');
      expect(() => git(dir, 'revert', '--no-edit', target)).toThrow();
    },
    marker: 'REVERT_HEAD',
  },
  {
    name: 'a bisect',
    where: 'main',
    start: (dir) => git(dir, 'bisect', 'start'),
    marker: 'BISECT_LOG',
  },
  {
    name: 'an interactive rebase stopped at edit',
    where: 'worktree',
    start: (dir) => {
      commitFile(dir, 'a.txt', 'a\n');
      commitFile(dir, 'b.txt', 'b\n');
      execFileSync('git', ['rebase', '-i', 'HEAD~2'], { cwd: dir, env: { ...process.env, GIT_SEQUENCE_EDITOR: 'sed -i 1s/^pick/edit/' }, stdio: 'ignore' });
      // The user amends the commit they stopped at: this is the work an abort would drop.
      writeFileSync(join(dir, 'a.txt'), 'a, amended\n');
      git(dir, 'commit', '-q', '--amend', '-a', '-m', 'a, amended');
    },
    marker: 'rebase-merge',
  },
  {
    name: 'a conflicted rebase --apply',
    where: 'worktree',
    start: (dir) => {
      const base = git(dir, 'rev-parse', 'HEAD').trim();
      commitFile(dir, 'README.md', 'ours\n');
      git(dir, 'checkout', '-q', '-b', 'other', base);
      commitFile(dir, 'README.md', 'theirs\n');
      git(dir, 'checkout', '-q', '-');
      expect(() => git(dir, 'rebase', '--apply', 'other')).toThrow();
    },
    marker: 'rebase-apply',
  },
  {
    name: 'a conflicted git am',
    where: 'main',
    start: (dir) => {
      git(dir, 'checkout', '-q', '-b', 'mailed');
      commitFile(dir, 'README.md', 'mailed\n');
      const patch = git(dir, 'format-patch', '-1', '--stdout');
      git(dir, 'checkout', '-q', 'main');
      commitFile(dir, 'README.md', 'main3\n');
      expect(() => execFileSync('git', ['am', '-q'], { cwd: dir, input: patch, stdio: ['pipe', 'ignore', 'ignore'] })).toThrow();
    },
    marker: 'rebase-apply/applying',
  },
];

describe('merge and rebase refuse while a git operation is in progress, changing nothing', () => {
  for (const op of OPERATIONS) {
    it(`during ${op.name} in the ${op.where === 'main' ? 'main checkout' : 'worktree'}`, async () => {
      env = testEnv();
      const s = await sessionWithWorktree(env, 'o1', 'completed', minutesAgo(1));
      const wt = s.worktree!.path;
      commitFile(wt, 'work.txt', 'agent work\n');
      op.start(op.where === 'main' ? env.repo : wt);
      const dir = op.where === 'main' ? env.repo : wt;
      const gitDir = git(dir, 'rev-parse', '--absolute-git-dir').trim();
      expect(existsSync(join(gitDir, op.marker))).toBe(true);
      const before = { ...world(env.repo, wt), wtRefs: git(wt, 'for-each-ref'), wtHead: git(wt, 'rev-parse', 'HEAD') };
      await expect(mergeSessionWorktree(env.deps, 'o1', { cleanup: true })).rejects.toThrow(/in progress; Switchyard will not merge/);
      await expect(rebaseSessionWorktree(env.deps, 'o1')).rejects.toThrow(/in progress; Switchyard will not rebase/);
      expect({ ...world(env.repo, wt), wtRefs: git(wt, 'for-each-ref'), wtHead: git(wt, 'rev-parse', 'HEAD') }).toEqual(before);
      expect(existsSync(join(gitDir, op.marker))).toBe(true);
    });
  }
});

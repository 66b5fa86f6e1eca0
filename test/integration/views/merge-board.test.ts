// The merge-queue board and the diff view against real repositories: a ready branch, a branch that
// conflicts with it, a dirty worktree, a running session and a branch that conflicts with its base.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeBoard, mergeCard, rebaseCard, worktreeDiff } from '../../../src-main/engine/views';
import { commitFile, git, minutesAgo, repoSnapshot, sessionWithWorktree, testEnv, type TestEnv } from '../worktrees/helpers';

let env: TestEnv;
beforeEach(() => {
  env = testEnv({ max_parallel_worktrees: 8 });
  commitFile(env.repo, 'shared.txt', 'one\ntwo\nthree\n', 'add shared');
});
afterEach(() => env.cleanup());

async function scenario(): Promise<void> {
  const a = await sessionWithWorktree(env, 'ready-a', 'completed', minutesAgo(50));
  commitFile(a.worktree!.path, 'shared.txt', 'one\nTWO from a\nthree\n');
  const b = await sessionWithWorktree(env, 'blocked-b', 'completed', minutesAgo(40));
  commitFile(b.worktree!.path, 'shared.txt', 'one\nTWO from b\nthree\n');
  const c = await sessionWithWorktree(env, 'dirty-c', 'completed', minutesAgo(30));
  writeFileSync(join(c.worktree!.path, 'README.md'), 'hello, uncommitted\n');
  const d = await sessionWithWorktree(env, 'active-d', 'running', minutesAgo(20));
  commitFile(d.worktree!.path, 'd.txt', 'd\n');
  const e = await sessionWithWorktree(env, 'conflict-e', 'stopped', minutesAgo(10));
  commitFile(e.worktree!.path, 'README.md', 'hello from e\n');
  commitFile(env.repo, 'README.md', 'hello from main\n', 'main moves on');
}

describe('mergeBoard', () => {
  it('sorts cards into columns with reasons, stats and actions, without touching any checkout', async () => {
    await scenario();
    const before = repoSnapshot(env.repo);
    const board = await mergeBoard(env.deps);
    expect(repoSnapshot(env.repo)).toEqual(before);

    const ids = Object.fromEntries(Object.entries(board.columns).map(([k, cards]) => [k, cards.map((c) => c.sessionId)]));
    expect(ids).toEqual({ ready: ['ready-a'], blocked: ['blocked-b'], active: ['active-d'], dirty: ['dirty-c'], conflicted: ['conflict-e'], done: [] });

    const ready = board.columns.ready[0]!;
    expect(ready).toMatchObject({ queuePosition: 1, branch: 'ecc/ready-a', baseBranch: 'main', diffStat: { files: 1, insertions: 1, deletions: 1 }, ahead: 1, behind: 1 });
    expect(ready.actions.merge).toEqual({ enabled: true });
    expect(ready.actions.rebase).toEqual({ enabled: true }); // main moved on since the branch started
    expect(ready.patchPreview).toContain('+TWO from a');

    const blocked = board.columns.blocked[0]!;
    expect(blocked.conflictingFiles).toEqual(['shared.txt']);
    expect(blocked.blockedBy.map((x) => x.sessionId)).toEqual(['ready-a']);
    expect(blocked.actions.merge).toEqual({ enabled: false, disabledReason: 'merge ready-a first — both change shared.txt' });

    expect(board.columns.active[0]!.actions.merge.disabledReason).toBe('session is still running — stop it before merging');
    expect(board.columns.active[0]!.actions.rebase.disabledReason).toBe('session is still running — stop it before rebasing');
    const dirty = board.columns.dirty[0]!;
    expect(dirty.actions.merge.disabledReason).toBe('worktree has uncommitted changes — commit them (Commit) or discard them');
    // The dirty card offers Commit; the others do not (nothing uncommitted, or still working).
    expect(dirty.actions.commit).toEqual({ enabled: true });
    expect(board.columns.ready[0]!.actions.commit).toEqual({ enabled: false, disabledReason: 'no uncommitted changes' });
    expect(dirty.workingTreeStat).toEqual({ files: 1, insertions: 1, deletions: 1 });
    const conflicted = board.columns.conflicted[0]!;
    expect(conflicted.conflictingFiles).toEqual(['README.md']);
    expect(conflicted.actions.merge.disabledReason).toContain('branch conflicts with main in README.md');
    expect(board.mergeAll).toEqual({ enabled: true });
  });

  it('merges the ready card into its base, after which the other branch conflicts with the base', async () => {
    await scenario();
    const result = await mergeCard(env.deps, 'ready-a');
    expect(result).toMatchObject({ ok: true, result: { sessionId: 'ready-a', baseBranch: 'main' } });
    expect(readFileSync(join(env.repo, 'shared.txt'), 'utf8')).toBe('one\nTWO from a\nthree\n');
    expect(git(env.repo, 'log', '--format=%s', 'main')).toContain('edit shared.txt');
    const board = await mergeBoard(env.deps);
    expect(board.columns.ready.map((c) => c.sessionId)).toEqual([]);
    expect(board.columns.conflicted.map((c) => c.sessionId).sort()).toEqual(['blocked-b', 'conflict-e']);
    expect(board.mergeAll).toEqual({ enabled: false, disabledReason: 'no branch is ready to merge' });
  });

  it('reports failures as values on the card', async () => {
    await scenario();
    const merge = await mergeCard(env.deps, 'dirty-c');
    expect(merge).toEqual({ ok: false, error: 'Worktree ecc/dirty-c has uncommitted changes; commit them on the branch (switchyard commit) or discard them before merging' });
    const rebase = await rebaseCard(env.deps, 'conflict-e');
    expect(rebase.ok).toBe(false);
    expect(!rebase.ok && rebase.error).toContain('the rebase was aborted');
  });

  it('disables Merge while the base checkout is not on the base branch', async () => {
    const a = await sessionWithWorktree(env, 'ready-a', 'completed', minutesAgo(5));
    commitFile(a.worktree!.path, 'a.txt', 'a\n');
    git(env.repo, 'checkout', '-q', '-b', 'elsewhere');
    const board = await mergeBoard(env.deps);
    expect(board.columns.ready[0]!.actions.merge.disabledReason).toBe(
      `base branch main is not checked out in ${env.repo} (currently elsewhere) — check it out there first`,
    );
  });
});

describe('worktreeDiff', () => {
  it('numbers the lines of committed and uncommitted changes against the merge base, read-only', async () => {
    commitFile(env.repo, 'gone.txt', 'bye\n', 'add gone');
    commitFile(env.repo, 'old-name.txt', 'same content\nline 2\nline 3\n', 'add old-name');
    const s = await sessionWithWorktree(env, 'diffy', 'completed', minutesAgo(5));
    const wt = s.worktree!.path;
    commitFile(wt, 'shared.txt', 'one\n2\nthree\nfour\n');
    git(wt, 'mv', 'old-name.txt', 'new-name.txt');
    git(wt, 'rm', '-q', 'gone.txt');
    git(wt, 'commit', '-q', '-m', 'rename and delete');
    writeFileSync(join(wt, 'blob.bin'), Buffer.from([0, 1, 2, 0, 255]));
    git(wt, 'add', 'blob.bin');
    git(wt, 'commit', '-q', '-m', 'binary');
    writeFileSync(join(wt, 'README.md'), 'hello\nuncommitted\n');
    writeFileSync(join(wt, 'untracked.txt'), 'new\n');
    commitFile(env.repo, 'README.md', 'main changed\n', 'main moves on'); // not part of the branch's diff

    const gitDir = git(wt, 'rev-parse', '--absolute-git-dir').trim();
    const index = join(gitDir, 'index');
    const indexBefore = { bytes: readFileSync(index), mtime: statSync(index).mtimeMs };
    const diff = await worktreeDiff(env.deps, 'diffy');
    expect(readFileSync(index)).toEqual(indexBefore.bytes);
    expect(statSync(index).mtimeMs).toBe(indexBefore.mtime);

    expect(diff).toMatchObject({ sessionId: 'diffy', baseBranch: 'main', branch: 'ecc/diffy' });
    const summary = diff.files.map((f) => [f.path, f.status, f.additions, f.deletions, f.binary, f.uncommitted]);
    expect(summary).toEqual([
      ['README.md', 'modified', 1, 0, false, true],
      ['blob.bin', 'added', 0, 0, true, false],
      ['gone.txt', 'deleted', 0, 1, false, false],
      ['new-name.txt', 'renamed', 0, 0, false, false],
      ['shared.txt', 'modified', 2, 1, false, false],
      ['untracked.txt', 'added', 1, 0, false, true],
    ]);
    expect(diff.files.find((f) => f.path === 'new-name.txt')?.oldPath).toBe('old-name.txt');
    const shared = diff.files.find((f) => f.path === 'shared.txt')!;
    expect(shared.hunks).toHaveLength(1);
    expect(shared.hunks[0]!.header).toMatch(/^@@ -1,3 \+1,4 @@/);
    expect(shared.hunks[0]!.lines).toEqual([
      { kind: 'context', oldNo: 1, newNo: 1, text: 'one' },
      { kind: 'del', oldNo: 2, newNo: null, text: 'two' },
      { kind: 'add', oldNo: null, newNo: 2, text: '2' },
      { kind: 'context', oldNo: 3, newNo: 3, text: 'three' },
      { kind: 'add', oldNo: null, newNo: 4, text: 'four' },
    ]);
    expect(diff.files.find((f) => f.path === 'untracked.txt')?.hunks[0]?.lines).toEqual([{ kind: 'add', oldNo: null, newNo: 1, text: 'new' }]);
  });

  it('says so when the session has no worktree', async () => {
    const { insertSession } = await import('../worktrees/helpers');
    insertSession(env.store, 'plain', 'completed', minutesAgo(1));
    await expect(worktreeDiff(env.deps, 'plain')).rejects.toThrow('Session plain has no worktree');
  });
});

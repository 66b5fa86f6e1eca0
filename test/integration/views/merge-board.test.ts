// The merge-queue board and the diff view against real repositories: a ready branch, a branch that
// conflicts with it, a dirty worktree, a running session and a branch that conflicts with its base.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeAllReady, mergeBoard, mergeCard, rebaseCard, worktreeDiff } from '../../../src-main/engine/views';
import { createWorktree } from '../../../src-main/engine/worktrees';
import { runInProcess } from '../delegation/cli-harness';
import { commitFile, git, insertSession, minutesAgo, repoSnapshot, sessionWithWorktree, testEnv, type TestEnv } from '../worktrees/helpers';

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
    expect(ids).toEqual({ ready: ['ready-a'], blocked: ['blocked-b'], active: ['active-d'], dirty: ['dirty-c'], conflicted: ['conflict-e'], done: [], checking: [], check_failed: [], resolving: [] });

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

    // No check_command in this repository: every branch lands unchecked; a conflict can go to a resolver.
    expect(ready).toMatchObject({ checkCommand: null, checkRefusal: null, check: null });
    expect(conflicted.actions.resolve).toEqual({ enabled: true });
    expect(ready.actions.resolve).toEqual({ enabled: false, disabledReason: 'nothing to fix: the branch merges cleanly and no check of it failed' });
    expect(board.columns.active[0]!.actions.resolve.disabledReason).toBe('session is still running — stop it before a resolver takes over');
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

  it('holds a ready branch in Blocked while its base is not checked out anywhere, with what to do', async () => {
    const a = await sessionWithWorktree(env, 'ready-a', 'completed', minutesAgo(5));
    commitFile(a.worktree!.path, 'a.txt', 'a\n');
    git(env.repo, 'checkout', '-q', '-b', 'elsewhere');
    const board = await mergeBoard(env.deps);
    expect(board.columns.ready).toEqual([]);
    const card = board.columns.blocked[0]!;
    expect(card).toMatchObject({ sessionId: 'ready-a', waitsForBase: true, queuePosition: null });
    expect(card.actions.merge.disabledReason).toBe(
      `Base branch main is not checked out anywhere (repository root ${env.repo} has elsewhere); run \`git checkout main\` in ${env.repo} and retry`,
    );
  });

  it('with the repository root dirty: nothing counts as ready, one blocker names the root for all, and Merge all ready merges nothing and fails nothing', async () => {
    for (const [i, id] of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].entries()) {
      const s = await sessionWithWorktree(env, id, 'completed', minutesAgo(10 - i));
      commitFile(s.worktree!.path, `${id}.txt`, `${id}\n`);
    }
    writeFileSync(join(env.repo, 'README.md'), 'an edit in the root\n');
    const before = repoSnapshot(env.repo);
    const board = await mergeBoard(env.deps);
    expect(board.columns.ready).toEqual([]);
    expect(board.columns.blocked.map((c) => c.sessionId)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(board.checkoutBlockers).toEqual([
      {
        kind: 'dirty',
        path: env.repo,
        baseBranch: 'main',
        problem: `Repository root ${env.repo} has uncommitted changes; commit or stash them there before merging`,
        sessionIds: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'],
      },
    ]);
    expect(board.mergeAll).toEqual({ enabled: false, disabledReason: `nothing can merge now: Repository root ${env.repo} has uncommitted changes; commit or stash them there before merging` });

    const all = await mergeAllReady(env.deps);
    expect(all.ok && all.result).toMatchObject({ merged: [], failures: [], checkoutBlocked: [{ problem: expect.stringContaining('has uncommitted changes'), sessionIds: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'] }] });
    expect(repoSnapshot(env.repo)).toEqual(before);

    // The CLI's merge-queue says so once too.
    mkdirSync(env.deps.home, { recursive: true });
    writeFileSync(join(env.deps.home, 'config.toml'), `db_path = ${JSON.stringify(join(env.root, 'state.db'))}\nworktree_root = ${JSON.stringify(env.config.worktree_root)}\n`);
    const cli = await runInProcess(['--home', env.deps.home, 'merge-queue'], env.repo);
    expect(cli.stdout).toContain(`Not mergeable now (r1, r2, r3, r4, r5, r6): Repository root ${env.repo} has uncommitted changes; commit or stash them there before merging`);

    // Once the root is clean again, all six are ready and merge.
    git(env.repo, 'checkout', '--', 'README.md');
    expect((await mergeBoard(env.deps)).columns.ready.map((c) => c.queuePosition)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('merges a delegate branch into its lead\'s branch in the lead\'s worktree, then the lead\'s branch into main', async () => {
    const lead = await sessionWithWorktree(env, 'lead', 'idle', minutesAgo(30));
    commitFile(lead.worktree!.path, 'plan.txt', 'the plan\n', 'lead: plan');
    // A delegate started from the lead's worktree branches off the lead's branch.
    const { worktree } = await createWorktree(env.git, env.config, 'dlg', { root: lead.worktree!.path, baseBranch: lead.worktree!.branch });
    insertSession(env.store, 'dlg', 'completed', minutesAgo(10), worktree);
    expect(worktree.baseBranch).toBe('ecc/lead');
    commitFile(worktree.path, 'part.txt', 'the delegate\'s part\n', 'delegate: part');

    let board = await mergeBoard(env.deps);
    const card = board.columns.ready.find((c) => c.sessionId === 'dlg');
    expect(card).toMatchObject({ branch: 'ecc/dlg', baseBranch: 'ecc/lead', actions: { merge: { enabled: true } } });

    // Not while the lead is at work in its worktree: the agent may be writing there.
    env.store.updateState('lead', 'running');
    board = await mergeBoard(env.deps);
    expect(board.columns.ready.map((c) => c.sessionId)).not.toContain('dlg');
    expect(board.checkoutBlockers[0]).toMatchObject({ kind: 'session_running', path: lead.worktree!.path, sessionIds: ['dlg'] });
    expect(await mergeCard(env.deps, 'dlg')).toEqual({ ok: false, error: `Worktree ${lead.worktree!.path} (where ecc/lead is checked out) is the worktree of session lead, which is running; merge once it is idle or stopped` });
    env.store.updateState('lead', 'idle');

    // The lead's worktree must be clean: a dirty one is refused with the reason, and left alone.
    writeFileSync(join(lead.worktree!.path, 'scratch.txt'), 'uncommitted\n');
    board = await mergeBoard(env.deps);
    expect(board.checkoutBlockers[0]).toMatchObject({ kind: 'dirty', path: lead.worktree!.path, baseBranch: 'ecc/lead', sessionIds: ['dlg'] });
    const refused = await mergeCard(env.deps, 'dlg');
    expect(refused).toEqual({ ok: false, error: `Worktree ${lead.worktree!.path} (where ecc/lead is checked out) has uncommitted changes; commit or stash them there before merging` });
    rmSync(join(lead.worktree!.path, 'scratch.txt'));

    const merged = await mergeCard(env.deps, 'dlg');
    expect(merged).toMatchObject({ ok: true, result: { branch: 'ecc/dlg', baseBranch: 'ecc/lead', cleanedWorktree: true } });
    expect(readFileSync(join(lead.worktree!.path, 'part.txt'), 'utf8')).toBe('the delegate\'s part\n');
    expect(git(env.repo, 'log', '--format=%s', 'ecc/lead')).toContain('delegate: part');
    expect(git(env.repo, 'status', '--porcelain')).toBe('');

    // The lead (stopped now) merges into main with its delegate's work.
    env.store.updateState('lead', 'stopped');
    const up = await mergeCard(env.deps, 'lead');
    expect(up).toMatchObject({ ok: true, result: { branch: 'ecc/lead', baseBranch: 'main' } });
    expect(readFileSync(join(env.repo, 'part.txt'), 'utf8')).toBe('the delegate\'s part\n');
    expect(readFileSync(join(env.repo, 'plan.txt'), 'utf8')).toBe('the plan\n');
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

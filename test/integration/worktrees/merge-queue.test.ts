// The merge queue with real repositories (seed tests 38-41 and the user's checkout left alone).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMergeQueue, mergeReadyWorktrees, processMergeQueue } from '../../../src-main/engine/merge-queue';
import { commitFile, git, minutesAgo, repoSnapshot, sessionWithWorktree, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
afterEach(() => env?.cleanup());

describe('buildMergeQueue', () => {
  it('orders ready sessions and blocks the one that conflicts with an earlier branch (seed test 41)', async () => {
    env = testEnv();
    const alpha = await sessionWithWorktree(env, 'alpha', 'stopped', minutesAgo(3));
    const beta = await sessionWithWorktree(env, 'beta', 'stopped', minutesAgo(2));
    const gamma = await sessionWithWorktree(env, 'gamma', 'stopped', minutesAgo(1));
    commitFile(alpha.workingDir, 'README.md', 'hello\nalpha\n');
    commitFile(beta.workingDir, 'README.md', 'hello\nbeta\n');
    commitFile(gamma.workingDir, 'src.txt', 'gamma\n');
    const before = repoSnapshot(env.repo);

    const report = await buildMergeQueue(env.deps);

    expect(report.readyEntries.map((e) => [e.sessionId, e.queuePosition])).toEqual([['alpha', 1], ['gamma', 2]]);
    expect(report.blockedEntries.map((e) => e.sessionId)).toEqual(['beta']);
    const blocked = report.blockedEntries[0]!;
    expect(blocked.blockedBy.map((b) => b.sessionId)).toEqual(['alpha']);
    expect(blocked.blockedBy[0]!.conflicts).toContain('README.md');
    expect(blocked.suggestedAction).toContain('merge after alpha');
    expect(blocked.blockedBy[0]!.conflictingPatchPreview).toContain('+alpha');
    expect(blocked.blockedBy[0]!.blockerPatchPreview).toContain('+beta');
    expect(report.readyEntries[0]).toMatchObject({ readyToMerge: true, dirty: false, worktreeHealth: 'in_progress', suggestedAction: 'merge in queue order #1' });
    // Building the queue checks nothing out and writes no refs.
    expect(repoSnapshot(env.repo)).toEqual(before);
    for (const s of [alpha, beta, gamma]) expect(git(s.workingDir, 'status', '--porcelain')).toBe('');
  });

  it('puts active sessions last and blocks them, dirty and conflicted ones with their reason', async () => {
    env = testEnv();
    const running = await sessionWithWorktree(env, 'running', 'running', minutesAgo(9));
    const dirty = await sessionWithWorktree(env, 'dirty', 'stopped', minutesAgo(2));
    const conflicted = await sessionWithWorktree(env, 'confl', 'completed', minutesAgo(1));
    commitFile(running.workingDir, 'a.txt', 'a\n');
    commitFile(dirty.workingDir, 'b.txt', 'b\n');
    await import('node:fs').then((fs) => fs.writeFileSync(join(dirty.workingDir, 'scratch.txt'), 'x'));
    commitFile(conflicted.workingDir, 'README.md', 'branch\n');
    commitFile(env.repo, 'README.md', 'base moved\n');

    const report = await buildMergeQueue(env.deps);

    expect(report.readyEntries).toEqual([]);
    expect(report.blockedEntries.map((e) => [e.sessionId, e.suggestedAction])).toEqual([
      ['dirty', 'worktree has uncommitted changes; commit them with `switchyard commit dirty`'],
      ['confl', 'Merge blocked by 1 conflict(s): README.md'],
      ['running', 'session is still Running'],
    ]);
    expect(report.blockedEntries[1]).toMatchObject({ worktreeHealth: 'conflicted', dirty: false });
    expect(report.blockedEntries[0]!.blockedBy[0]!.conflictingPatchPreview).toContain('--- Branch diff vs main ---');
  });
});

describe('processMergeQueue', () => {
  it('merges alpha, rebases beta onto the new base and merges it too (seed test 39)', async () => {
    env = testEnv();
    const alpha = await sessionWithWorktree(env, 'alpha', 'stopped', minutesAgo(2));
    const beta = await sessionWithWorktree(env, 'beta', 'stopped', minutesAgo(1));
    // beta repeats alpha's change, then changes the same line again: it conflicts with alpha (and,
    // once alpha is merged, with main), but a rebase drops the repeated commit and applies cleanly.
    commitFile(alpha.workingDir, 'README.md', 'hello alpha\n');
    commitFile(beta.workingDir, 'README.md', 'hello alpha\n', 'beta makes the same change');
    commitFile(beta.workingDir, 'README.md', 'hello alpha beta\n');
    const initial = await buildMergeQueue(env.deps);
    expect(initial.readyEntries.map((e) => e.sessionId)).toEqual(['alpha']);
    expect(initial.blockedEntries.map((e) => e.sessionId)).toEqual(['beta']);

    const outcome = await processMergeQueue(env.deps);

    expect(outcome.merged.map((m) => m.sessionId)).toEqual(['alpha', 'beta']);
    expect(outcome.rebased.map((r) => r.sessionId)).toEqual(['beta']);
    expect(outcome).toMatchObject({ activeWithWorktreeIds: [], conflictedSessionIds: [], dirtyWorktreeIds: [], blockedByQueueSessionIds: [], failures: [] });
    expect(readFileSync(join(env.repo, 'README.md'), 'utf8')).toBe('hello alpha beta\n');
    expect(env.store.getSession('alpha')!.worktree).toBeNull();
    expect(env.store.getSession('beta')!.worktree).toBeNull();
    expect(git(env.repo, 'branch', '--list', 'ecc/*')).toBe('');
    expect(git(env.repo, 'status', '--porcelain')).toBe('');
  });

  it('records a failed rebase, aborts it and leaves beta with its worktree (seed test 40)', async () => {
    env = testEnv();
    const alpha = await sessionWithWorktree(env, 'alpha', 'stopped', minutesAgo(2));
    const beta = await sessionWithWorktree(env, 'beta', 'stopped', minutesAgo(1));
    commitFile(alpha.workingDir, 'README.md', 'hello\nalpha\n');
    commitFile(beta.workingDir, 'README.md', 'hello\nbeta\n');
    const betaHead = git(beta.workingDir, 'rev-parse', 'HEAD');

    const outcome = await processMergeQueue(env.deps);

    expect(outcome.merged.map((m) => m.sessionId)).toEqual(['alpha']);
    expect(outcome.rebased).toEqual([]);
    expect(outcome.conflictedSessionIds).toEqual(['beta']);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.sessionId).toBe('beta');
    expect(outcome.failures[0]!.reason).toContain('git rebase failed');
    expect(env.store.getSession('beta')!.worktree).not.toBeNull();
    expect(existsSync(beta.workingDir)).toBe(true);
    // The aborted rebase left beta's branch and worktree exactly as they were.
    expect(git(beta.workingDir, 'rev-parse', 'HEAD')).toBe(betaHead);
    expect(git(beta.workingDir, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(env.repo, 'README.md'), 'utf8')).toBe('hello\nalpha\n');
  });
});

describe('mergeReadyWorktrees', () => {
  it('merges the ready session and skips active and dirty ones (seed test 38)', async () => {
    env = testEnv();
    const ready = await sessionWithWorktree(env, 'merge-ready', 'completed', minutesAgo(3));
    const active = await sessionWithWorktree(env, 'active-worktree', 'running', minutesAgo(2));
    const dirty = await sessionWithWorktree(env, 'dirty-worktree', 'stopped', minutesAgo(1));
    commitFile(ready.workingDir, 'merged.txt', 'merged\n');
    await import('node:fs').then((fs) => fs.writeFileSync(join(dirty.workingDir, 'dirty.txt'), 'dirty\n'));

    const outcome = await mergeReadyWorktrees(env.deps, { cleanup: true });

    expect(outcome.merged.map((m) => m.sessionId)).toEqual(['merge-ready']);
    expect(outcome.activeWithWorktreeIds).toEqual(['active-worktree']);
    expect(outcome.dirtyWorktreeIds).toEqual(['dirty-worktree']);
    expect(outcome.conflictedSessionIds).toEqual([]);
    expect(outcome.failures).toEqual([]);
    expect(readFileSync(join(env.repo, 'merged.txt'), 'utf8')).toBe('merged\n');
    expect(existsSync(ready.workingDir)).toBe(false);
    expect(env.store.getSession('merge-ready')!.worktree).toBeNull();
    expect(existsSync(active.workingDir)).toBe(true);
    expect(existsSync(dirty.workingDir)).toBe(true);
    expect(env.store.getSession('dirty-worktree')!.worktree).not.toBeNull();
  });
});

// The daemon's paced prune on real repositories: a kept worktree is not examined with git again
// until something it depends on moves, and then it is (a merged branch is tidied after all).
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneInactiveWorktrees } from '../../../src-main/engine/worktrees';
import { PrunePace, worktreeFingerprint } from '../../../src-main/engine/worktrees/prune-pace';
import { commitFile, git, minutesAgo, sessionWithWorktree, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
afterEach(() => env?.cleanup());

describe('paced automatic prune', () => {
  it('examines a kept worktree once, skips it while nothing moves, and removes it once its branch is merged', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'kept1', 'completed', minutesAgo(5));
    commitFile(s.workingDir, 'work.txt', 'unmerged work\n');
    const pace = new PrunePace(1);
    const first = await pruneInactiveWorktrees(env.deps, { onlyMerged: true, pace });
    expect(first.kept.map((k) => k.sessionId)).toEqual(['kept1']);
    expect(first.kept[0]!.reason).toContain('commit(s) main lacks');

    // Nothing moved: no git process is started for it.
    const before = env.git.calls;
    for (let i = 0; i < 5; i += 1) {
      const again = await pruneInactiveWorktrees(env.deps, { onlyMerged: true, pace });
      expect(again.kept).toEqual([]);
      expect(again.cleanedSessionIds).toEqual([]);
    }
    expect(env.git.calls).toBe(before);
    expect(existsSync(s.workingDir)).toBe(true);

    // The user merges the branch: main's ref moves, so the next pass examines it and tidies it.
    git(env.repo, 'merge', '-q', '--no-edit', s.worktree!.branch);
    const merged = await pruneInactiveWorktrees(env.deps, { onlyMerged: true, pace });
    expect(merged.cleanedSessionIds).toEqual(['kept1']);
    expect(existsSync(s.workingDir)).toBe(false);
  });

  it('examines at most the paced number per call, the ones looked at longest ago first', async () => {
    env = testEnv();
    const ids = ['p1', 'p2', 'p3'];
    for (const id of ids) {
      const s = await sessionWithWorktree(env, id, 'stopped', minutesAgo(5));
      commitFile(s.workingDir, `${id}.txt`, `${id}\n`);
    }
    const pace = new PrunePace(1);
    const seen: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const out = await pruneInactiveWorktrees(env.deps, { onlyMerged: true, pace });
      expect(out.kept).toHaveLength(1);
      expect(out.deferredSessionIds).toHaveLength(2);
      seen.push(out.kept[0]!.sessionId);
    }
    expect([...seen].sort()).toEqual(ids); // each examined once, in turn
  });

  it('reads a fingerprint that changes with the worktree HEAD and the base branch, and none for a plain folder', async () => {
    env = testEnv();
    const s = await sessionWithWorktree(env, 'fp1', 'stopped', minutesAgo(5));
    const a = worktreeFingerprint(s.worktree!);
    expect(a).not.toBeNull();
    commitFile(s.workingDir, 'x.txt', 'x\n');
    const b = worktreeFingerprint(s.worktree!);
    expect(b).not.toBe(a);
    commitFile(env.repo, 'y.txt', 'y\n');
    expect(worktreeFingerprint(s.worktree!)).not.toBe(b);
    expect(worktreeFingerprint({ path: env.root, branch: 'x', baseBranch: 'main' })).toBeNull();
  });
});

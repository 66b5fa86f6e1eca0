// The merge queue with a check command (issue 15): each branch is checked on the merge of the
// current base tip and the branch in a scratch worktree, and main only ever moves to a commit that
// passed. Real git repositories, the real CLI.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import type { MergeCheckRecord } from '../../../src-main/engine/store/merge-checks';
import { mergeSessionWorktree } from '../../../src-main/engine/worktrees';
import { buildSession } from '../../helpers/session-fixture';
import { repoSnapshot } from '../worktrees/helpers';
import { commitFile, git, passesAt, queueWorld, reflogOf, type QueueWorld } from './world';

let w: QueueWorld;

beforeEach(() => {
  w = queueWorld();
});
afterEach(() => w.cleanup());

// The invariant: a.txt and b.txt may each exist, never both (think: two features that each pass
// their tests but break main together).
const CHECK_SH = `echo "checking in $(pwd)"
if [ -f a.txt ] && [ -f b.txt ]; then
  echo "invariant broken: a.txt and b.txt must not both exist" >&2
  exit 1
fi
echo "invariant holds"
`;

interface ApplyJson {
  checked: boolean;
  merged: { sessionId: string }[];
  checks: { sessionId: string; result: string; landed: boolean; message: string; record: MergeCheckRecord | null }[];
  checkFailedIds: string[];
  failures: { sessionId: string; reason: string }[];
  refusedRepositories: { repoRoot: string; reason: string }[];
  scratchWorktrees: { sessionId: string; kind: string; path: string; state: string }[];
}

describe('merge-queue --apply with check_command', () => {
  it('lands A, reports B "check failed" with its log, and main passes the check at every step', async () => {
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', { 'check.sh': CHECK_SH });
    await w.session('sess-a', 30, { 'a.txt': 'feature a\n' });
    const b = await w.session('sess-b', 20, { 'b.txt': 'feature b\n' });
    const bTip = git(w.repo, 'rev-parse', b.worktree!.branch).trim();

    // Each branch alone passes: --check tests it on the merged tree and does not land it.
    const mainBefore = git(w.repo, 'rev-parse', 'main').trim();
    for (const id of ['sess-a', 'sess-b']) {
      const alone = await w.json<{ result: string; record: MergeCheckRecord }>(['merge-queue', '--check', id]);
      expect(alone.result).toBe('passed');
      expect(alone.record).toMatchObject({ state: 'passed', durationMs: expect.any(Number), logPath: expect.any(String) });
      expect(readFileSync(alone.record.logPath!, 'utf8')).toContain('invariant holds');
    }
    expect(git(w.repo, 'rev-parse', 'main').trim()).toBe(mainBefore);

    const applied = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(applied.checked).toBe(true);
    expect(applied.failures).toEqual([]);
    expect(applied.merged.map((m) => m.sessionId)).toEqual(['sess-a']);
    expect(applied.checkFailedIds).toEqual(['sess-b']);
    const failed = applied.checks.find((c) => c.sessionId === 'sess-b');
    expect(failed).toMatchObject({ result: 'failed', landed: false });
    expect(failed?.message).toContain('check failed');
    expect(failed?.record).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(failed?.record?.logTail).toContain('invariant broken: a.txt and b.txt must not both exist');
    expect(readFileSync(failed!.record!.logPath!, 'utf8')).toContain('invariant broken');

    // main moved once, to the commit that was tested, and every commit it pointed to passes.
    const history = reflogOf(w.repo, 'main');
    expect(history.length).toBeGreaterThanOrEqual(3);
    for (const sha of history.slice(1)) expect(passesAt(w.repo, sha, 'sh check.sh'), sha).toBe(true);
    expect(readFileSync(join(w.repo, 'a.txt'), 'utf8')).toBe('feature a\n');
    expect(existsSync(join(w.repo, 'b.txt'))).toBe(false);
    expect(git(w.repo, 'status', '--porcelain')).toBe('');

    // Checking B alone now (on top of A) fails, and the command says so with its exit code.
    const checkB = await w.sy(['merge-queue', '--check', 'sess-b']);
    expect(checkB.code, checkB.stdout).toBe(1);
    expect(checkB.stdout).toContain('check failed');

    // B is untouched, its failed merged tree kept for inspection and listed (git lists it too).
    expect(git(w.repo, 'rev-parse', b.worktree!.branch).trim()).toBe(bTip);
    // A's scratch worktree (it passed) is gone; B's (it failed) is kept.
    expect(applied.scratchWorktrees.map((s) => s.sessionId)).toEqual(['sess-b']);
    expect(git(w.repo, 'worktree', 'list')).not.toContain('check-sess-a');
    const kept = applied.scratchWorktrees.find((s) => s.sessionId === 'sess-b');
    expect(kept).toMatchObject({ kind: 'check', state: 'failed' });
    expect(existsSync(join(kept!.path, 'a.txt')) && existsSync(join(kept!.path, 'b.txt'))).toBe(true);
    expect(git(w.repo, 'worktree', 'list')).toContain(kept!.path);

    // The read-only queue shows the state, and a second apply does not re-run the unchanged check.
    const queue = await w.json<{ readyEntries: { sessionId: string; check: MergeCheckRecord | null }[] }>(['merge-queue']);
    expect(queue.readyEntries.find((e) => e.sessionId === 'sess-b')?.check).toMatchObject({ state: 'failed' });
    const text = await w.sy(['merge-queue']);
    expect(text.stdout).toContain('check: failed');
    const again = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(again.checks).toEqual([expect.objectContaining({ sessionId: 'sess-b', result: 'failed', cached: true })]);
    expect(git(w.repo, 'rev-parse', 'main').trim()).toBe(history.at(-1));

    // Once B's session lets go of its worktree, its kept scratch worktree goes at the next run.
    w.store().clearWorktree('sess-b');
    const later = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(later.scratchWorktrees).toEqual([]);
    expect(existsSync(kept!.path)).toBe(false);
    expect(git(w.repo, 'worktree', 'list')).not.toContain(kept!.path);
  }, 120_000);

  it('without a check command the queue merges as before and says "unchecked"', async () => {
    await w.session('sess-a', 30, { 'a.txt': 'a\n' });
    expect((await w.sy(['merge-queue'])).stdout).toContain('check: unchecked (no merge_queue.check_command)');
    const checked = await w.sy(['merge-queue', '--check', 'sess-a']);
    expect(checked.stdout).toContain('unchecked: no merge_queue.check_command is configured');
    const applied = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(applied.checked).toBe(false);
    expect(applied.merged.map((m) => m.sessionId)).toEqual(['sess-a']);
    expect(readFileSync(join(w.repo, 'a.txt'), 'utf8')).toBe('a\n');
  }, 60_000);

  it('a check that runs past check_timeout_secs is killed with its process group and reported as timed out', async () => {
    const pidFile = join(w.root, 'child.pid');
    await w.trustedProject('[merge_queue]\ncheck_command = "sh slow.sh"\ncheck_timeout_secs = 1\n', {
      'slow.sh': `sleep 300 &\necho $! > ${pidFile}\necho started a long child\nwait\n`,
    });
    await w.session('sess-slow', 10, { 'x.txt': 'x\n' });
    const mainBefore = git(w.repo, 'rev-parse', 'main').trim();
    const applied = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(applied.merged).toEqual([]);
    const check = applied.checks[0];
    expect(check).toMatchObject({ sessionId: 'sess-slow', result: 'timed_out' });
    expect(check?.message).toContain('timed out after 1s');
    expect(check?.record).toMatchObject({ state: 'timed_out' });
    expect(readFileSync(check!.record!.logPath!, 'utf8')).toContain('started a long child');
    const child = Number(readFileSync(pidFile, 'utf8').trim());
    const alive = () => {
      try {
        process.kill(child, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
    expect(git(w.repo, 'rev-parse', 'main').trim()).toBe(mainBefore);
  }, 60_000);
});

describe('every way of merging goes through the check', () => {
  it('merge-worktree ID lands only a branch that passes; a plain merge (the board\'s Merge) is refused, naming the fix', async () => {
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', { 'check.sh': CHECK_SH });
    await w.session('sess-a', 30, { 'a.txt': 'feature a\n' });
    await w.session('sess-b', 20, { 'b.txt': 'feature b\n' });
    const a = await w.json<{ sessionId: string; check: MergeCheckRecord }>(['merge-worktree', 'sess-a']);
    expect(a.check).toMatchObject({ state: 'landed', checkCommand: 'sh check.sh' });
    const before = repoSnapshot(w.repo);
    const b = await w.sy(['merge-worktree', 'sess-b']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('sess-b was not merged: check failed');

    const home = w.home;
    const deps = { home, config: defaultConfig(home), store: w.store(), runner: { command: ['switchyard'] } };
    await expect(mergeSessionWorktree(deps, 'sess-b', { cleanup: true })).rejects.toThrow(
      /checks every branch before it lands \(merge_queue.check_command = "sh check.sh"\); land ecc\/sess-b with `switchyard merge-worktree sess-b`/,
    );
    const after = repoSnapshot(w.repo);
    // The failed check's scratch worktree is the one addition (kept for inspection); nothing else moved.
    expect({ ...after, worktrees: '' }).toEqual({ ...before, worktrees: '' });
    expect(git(w.repo, 'rev-parse', 'main').trim()).toBe(reflogOf(w.repo, 'main').at(-1));
    for (const sha of reflogOf(w.repo, 'main').slice(1)) expect(passesAt(w.repo, sha, 'sh check.sh'), sha).toBe(true);
  }, 60_000);
});

describe('auto_resolve and budgets', () => {
  it('does not start a resolver while a hard budget is spent, and says why', async () => {
    writeFileSync(join(w.home, 'config.toml'), 'token_budget = 100\n');
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\nauto_resolve = true\n', { 'check.sh': CHECK_SH });
    const spender = buildSession('spender', 'completed', new Date(), { workingDir: w.root });
    w.store().insertSession({ ...spender, metrics: { ...spender.metrics, tokensUsed: 500 } });
    await w.session('sess-a', 30, { 'a.txt': 'a\n' });
    await w.session('sess-b', 20, { 'b.txt': 'b\n' });
    const applied = await w.json<ApplyJson & { resolversStarted: unknown[] }>(['merge-queue', '--apply']);
    expect(applied.merged.map((m) => m.sessionId)).toEqual(['sess-a']);
    expect(applied.checkFailedIds).toEqual(['sess-b']);
    expect(applied.resolversStarted).toEqual([]);
    expect(w.store().getMergeCheck('sess-b')).toMatchObject({ state: 'failed', attempts: 0, message: expect.stringContaining('auto_resolve skipped: ') });
    expect(w.store().getMergeCheck('sess-b')?.message).toContain('token budget spent');
    expect(w.store().getMergeCheck('sess-b')?.message).toMatch(/^check failed: exited with 1/);
  }, 60_000);
});

describe('one queue run at a time', () => {
  it('refuses while another live process holds the queue, and takes over the lock of a dead one', async () => {
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', { 'check.sh': CHECK_SH });
    await w.session('sess-a', 10, { 'a.txt': 'a\n' });
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      mkdirSync(join(w.home, 'merge-checks'), { recursive: true });
      writeFileSync(join(w.home, 'merge-checks', 'queue.lock'), `${holder.pid}\n`);
      const before = repoSnapshot(w.repo);
      const busy = await w.sy(['merge-queue', '--apply']);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`another merge-queue run (pid ${holder.pid}) is checking or landing branches; wait for it to finish, then retry`);
      expect(repoSnapshot(w.repo)).toEqual(before);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    const applied = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(applied.merged.map((m) => m.sessionId)).toEqual(['sess-a']);
    expect(existsSync(join(w.home, 'merge-checks', 'queue.lock'))).toBe(false);
  }, 60_000);
});

describe('bad input leaves everything as it was', () => {
  it('a check command that is not found: a clear message, no scratch worktree left, nothing landed', async () => {
    await w.trustedProject('[merge_queue]\ncheck_command = "no-such-checker --all"\n');
    await w.session('sess-a', 10, { 'a.txt': 'a\n' });
    const before = repoSnapshot(w.repo);
    const applied = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(applied.merged).toEqual([]);
    expect(applied.checks[0]?.result).toBe('not_found');
    expect(applied.checks[0]?.message).toContain('command not found');
    expect(applied.checks[0]?.message).toContain(`fix merge_queue.check_command in ${join(w.repo, 'switchyard.toml')}`);
    expect(repoSnapshot(w.repo)).toEqual(before);
  }, 60_000);

  it('a project config that is not trusted: the repository is refused, naming the fix', async () => {
    writeFileSync(join(w.repo, 'check.sh'), CHECK_SH);
    writeFileSync(join(w.repo, 'switchyard.toml'), '[merge_queue]\ncheck_command = "sh check.sh"\n');
    git(w.repo, 'add', '.');
    git(w.repo, 'commit', '-q', '-m', 'untrusted config');
    await w.session('sess-a', 10, { 'a.txt': 'a\n' });
    const before = repoSnapshot(w.repo);
    const applied = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(applied.merged).toEqual([]);
    expect(applied.refusedRepositories).toEqual([
      { repoRoot: w.repo, reason: expect.stringContaining(`declares [merge_queue] but is not trusted`) },
    ]);
    expect(applied.refusedRepositories[0]?.reason).toContain(`switchyard trust ${join(w.repo, 'switchyard.toml')}`);
    const one = await w.sy(['merge-queue', '--check', 'sess-a']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('is not trusted');
    expect(repoSnapshot(w.repo)).toEqual(before);
  }, 60_000);

  it('a dirty user checkout at landing time: refused before the check runs, nothing changed', async () => {
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', { 'check.sh': CHECK_SH });
    await w.session('sess-a', 10, { 'a.txt': 'a\n' });
    commitFile(w.repo, 'notes.txt', 'v1\n');
    writeFileSync(join(w.repo, 'notes.txt'), 'unsaved edit\n');
    const before = repoSnapshot(w.repo);
    const applied = await w.json<ApplyJson>(['merge-queue', '--apply']);
    expect(applied.merged).toEqual([]);
    expect(applied.failures).toEqual([{ sessionId: 'sess-a', reason: expect.stringContaining('has uncommitted changes; commit or stash them') }]);
    expect(repoSnapshot(w.repo)).toEqual(before);
    expect(readFileSync(join(w.repo, 'notes.txt'), 'utf8')).toBe('unsaved edit\n');
  }, 60_000);
});

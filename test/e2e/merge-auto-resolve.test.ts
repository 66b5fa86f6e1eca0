// auto_resolve with the real Claude Code CLI against the stub model: a failed check on the merged
// tree starts a resolver by itself (at most max_resolve_attempts per branch); a fix that passes
// lands, one that does not leaves the branch "needs you" with the resolver's session id.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeCheckRecord } from '../../src-main/engine/store/merge-checks';
import { claudeEnv, STUB_API_KEY } from '../fixtures/stub-model/claude-env';
import { startStubModel, workingDirOf, type StubModel, type StubTurn, type StubTurnContext } from '../fixtures/stub-model/server';
import { repoRoot } from '../helpers/cli';
import { git, passesAt, queueWorld, reflogOf, type QueueWorld } from '../integration/merge-queue/world';

let w: QueueWorld;
let stub: StubModel | undefined;
const tasks: string[] = [];

beforeEach(() => {
  w = queueWorld();
  mkdirSync(join(w.root, 'claude-home'));
  tasks.length = 0;
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
  w.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = claudeEnv({ home: join(w.root, 'claude-home'), stubUrl: stub!.url, apiKey: STUB_API_KEY });
  return { ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` };
}

async function json<T>(args: string[]): Promise<T> {
  const r = await w.sy([...args, '--json'], { env: env() });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

// a.txt and b.txt may both exist only when a.txt says it is compatible with b.
const CHECK_SH = `if [ -f a.txt ] && [ -f b.txt ] && ! grep -q 'compatible with b' a.txt; then
  echo "a.txt must be made compatible with b.txt" >&2
  exit 1
fi
echo ok
`;

function writer(content: string) {
  return (ctx: StubTurnContext): StubTurn => {
    if (ctx.turn === 0) {
      tasks.push(ctx.lastUserText);
      const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
      return { content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'a.txt'), content } }] };
    }
    return { content: [{ type: 'text', text: 'Updated a.txt.' }] };
  };
}

interface ApplyJson {
  merged: { sessionId: string }[];
  checkFailedIds: string[];
  resolversStarted: { sessionId: string; resolverSessionId: string; kind: string; attempt: number }[];
  resolversFinished: { sessionId: string; state: string; message: string }[];
}

async function setUp(maxAttempts: number): Promise<void> {
  writeFileSync(join(w.repo, 'check.sh'), CHECK_SH);
  writeFileSync(join(w.repo, 'switchyard.toml'), `[merge_queue]\ncheck_command = "sh check.sh"\nauto_resolve = true\nmax_resolve_attempts = ${maxAttempts}\n`);
  git(w.repo, 'add', '.');
  git(w.repo, 'commit', '-q', '-m', 'check');
  expect((await w.sy(['trust', join(w.repo, 'switchyard.toml')], { env: env() })).code).toBe(0);
  await w.session('sess-a', 30, { 'a.txt': 'feature a\n' });
  await w.session('sess-b', 20, { 'b.txt': 'feature b\n' });
}

describe('auto_resolve', () => {
  it('a failed check starts a resolver by itself; its fix is committed, re-checked and lands', async () => {
    stub = await startStubModel({ script: writer('feature a\ncompatible with b\n') });
    await setUp(2);
    const first = await json<ApplyJson>(['merge-queue', '--apply']);
    expect(first.merged.map((m) => m.sessionId)).toEqual(['sess-a']);
    expect(first.checkFailedIds).toEqual(['sess-b']);
    expect(first.resolversStarted).toEqual([expect.objectContaining({ sessionId: 'sess-b', kind: 'check_failed', attempt: 1 })]);
    const resolverId = first.resolversStarted[0]!.resolverSessionId;
    expect((await w.sy(['wait', resolverId, '--timeout', '120'], { env: env() })).code).toBe(0);
    // Its task carried the check's output.
    expect(tasks[0]).toContain('a.txt must be made compatible with b.txt');
    expect(tasks[0]).toContain('sh check.sh');

    const second = await json<ApplyJson>(['merge-queue', '--apply']);
    expect(second.resolversFinished).toEqual([expect.objectContaining({ sessionId: 'sess-b', state: 'passed' })]);
    expect(second.merged.map((m) => m.sessionId)).toEqual(['sess-b']);
    expect(readFileSync(join(w.repo, 'a.txt'), 'utf8')).toBe('feature a\ncompatible with b\n');
    expect(readFileSync(join(w.repo, 'b.txt'), 'utf8')).toBe('feature b\n');
    for (const sha of reflogOf(w.repo, 'main').slice(1)) expect(passesAt(w.repo, sha, 'sh check.sh'), sha).toBe(true);
    expect(w.store().getMergeCheck('sess-b')).toMatchObject({ state: 'landed', attempts: 1 });
  }, 300_000);

  it('a resolver whose fix fails the check leaves "needs you" with its session id; max_resolve_attempts stops more', async () => {
    stub = await startStubModel({ script: writer('feature a, still incompatible\n') });
    await setUp(1);
    const first = await json<ApplyJson>(['merge-queue', '--apply']);
    const resolverId = first.resolversStarted[0]!.resolverSessionId;
    expect((await w.sy(['wait', resolverId, '--timeout', '120'], { env: env() })).code).toBe(0);
    const mainTip = git(w.repo, 'rev-parse', 'main').trim();

    const second = await json<ApplyJson>(['merge-queue', '--apply']);
    expect(second.resolversFinished).toEqual([expect.objectContaining({ sessionId: 'sess-b', state: 'needs_you', message: expect.stringContaining('check failed') })]);
    expect(second.merged).toEqual([]);
    expect(second.resolversStarted).toEqual([]);
    const check = w.store().getMergeCheck('sess-b') as MergeCheckRecord;
    expect(check).toMatchObject({ state: 'needs_you', attempts: 1, resolverSessionId: resolverId });
    expect(git(w.repo, 'rev-parse', 'main').trim()).toBe(mainTip);
    // The read-only queue says so, naming the resolver.
    const text = await w.sy(['merge-queue'], { env: env() });
    expect(text.stdout).toContain(`check: needs you`);
    expect(text.stdout).toContain(`resolver ${resolverId}`);
    const third = await json<ApplyJson>(['merge-queue', '--apply']);
    expect(third.resolversStarted).toEqual([]);
  }, 300_000);

  it('the daemon alone: its tick lands A, starts the resolver for B, and once it has finished commits, re-checks and lands B', async () => {
    stub = await startStubModel({ script: writer('feature a\ncompatible with b\n') });
    writeFileSync(join(w.home, 'config.toml'), 'auto_merge_ready_worktrees = true\n');
    await setUp(2);
    const tick = async () => {
      const r = await w.sy(['daemon', '--once', '--json'], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { steps: { name: string; status: string; result?: unknown }[] };
    };
    const first = await tick();
    expect(first.steps.find((s) => s.name === 'auto_merge')?.status).toBe('ok');
    const started = w.store().getMergeCheck('sess-b');
    expect(started).toMatchObject({ state: 'resolving', attempts: 1, resolveKind: 'check_failed' });
    expect(w.store().getMergeCheck('sess-a')).toMatchObject({ state: 'landed' });
    expect((await w.sy(['wait', started!.resolverSessionId!, '--timeout', '120'], { env: env() })).code).toBe(0);

    await tick();
    expect(w.store().getMergeCheck('sess-b')).toMatchObject({ state: 'landed', attempts: 1 });
    expect(readFileSync(join(w.repo, 'a.txt'), 'utf8')).toBe('feature a\ncompatible with b\n');
    expect(git(w.repo, 'status', '--porcelain')).toBe('');
    for (const sha of reflogOf(w.repo, 'main').slice(1)) expect(passesAt(w.repo, sha, 'sh check.sh'), sha).toBe(true);
  }, 300_000);

  it('a conflict starts a resolver by itself too (kind conflict), and its resolution lands', async () => {
    stub = await startStubModel({ script: writer('feature a\ncompatible with b\n') });
    writeFileSync(join(w.repo, 'check.sh'), CHECK_SH);
    writeFileSync(join(w.repo, 'switchyard.toml'), '[merge_queue]\ncheck_command = "sh check.sh"\nauto_resolve = true\n');
    git(w.repo, 'add', '.');
    git(w.repo, 'commit', '-q', '-m', 'check');
    expect((await w.sy(['trust', join(w.repo, 'switchyard.toml')], { env: env() })).code).toBe(0);
    await w.session('sess-a', 30, { 'a.txt': 'feature a\n' });
    await w.session('sess-c', 20, { 'a.txt': 'feature c\n' });
    const first = await json<ApplyJson & { conflictedSessionIds: string[] }>(['merge-queue', '--apply']);
    expect(first.merged.map((m) => m.sessionId)).toEqual(['sess-a']);
    expect(first.conflictedSessionIds).toEqual(['sess-c']);
    expect(first.resolversStarted).toEqual([expect.objectContaining({ sessionId: 'sess-c', kind: 'conflict', attempt: 1 })]);
    expect((await w.sy(['wait', first.resolversStarted[0]!.resolverSessionId, '--timeout', '120'], { env: env() })).code).toBe(0);
    expect(tasks[0]).toContain('these files have conflict markers (<<<<<<< ======= >>>>>>>): a.txt');
    const second = await json<ApplyJson>(['merge-queue', '--apply']);
    expect(second.merged.map((m) => m.sessionId)).toEqual(['sess-c']);
    expect(readFileSync(join(w.repo, 'a.txt'), 'utf8')).toBe('feature a\ncompatible with b\n');
  }, 300_000);
});

// The merge queue's resolver with the real Claude Code CLI against the test suite's stub model:
// two sessions change the same line -> the first lands, the second conflicts -> `switchyard
// resolve` starts a resolver session in a scratch worktree with the conflict markers -> the stub
// writes the resolved file -> its work is committed on the branch, checked again, and lands.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import type { MergeCheckRecord } from '../../src-main/engine/store/merge-checks';
import { claudeEnv, STUB_API_KEY } from '../fixtures/stub-model/claude-env';
import { startStubModel, workingDirOf, type StubModel, type StubTurn, type StubTurnContext } from '../fixtures/stub-model/server';
import { repoRoot } from '../helpers/cli';
import { git, passesAt, queueWorld, reflogOf, type QueueWorld } from '../integration/merge-queue/world';

let w: QueueWorld;
let stub: StubModel | undefined;
const tasks: string[] = [];
/** greeting.txt as the resolver found it in its scratch worktree. */
const seen: string[] = [];

beforeEach(() => {
  w = queueWorld();
  mkdirSync(join(w.root, 'claude-home'));
  tasks.length = 0;
  seen.length = 0;
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

/** The check: a greeting, and no conflict markers anywhere in it. */
const CHECK_SH = `grep -q '^hello' greeting.txt || { echo "no greeting" >&2; exit 1; }
if grep -qE '^(<<<<<<<|=======|>>>>>>>)' greeting.txt; then echo "conflict markers left" >&2; exit 1; fi
echo "greeting ok"
`;

/** The resolver's agent: writes greeting.txt with both lines, then reports. */
function resolverScript(ctx: StubTurnContext): StubTurn {
  if (ctx.turn === 0) {
    tasks.push(ctx.lastUserText);
    const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
    seen.push(readFileSync(join(cwd, 'greeting.txt'), 'utf8'));
    return {
      content: [
        { type: 'text', text: 'Keeping both greetings.' },
        { type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'greeting.txt'), content: 'hello from alpha\nhello from beta\n' } },
      ],
    };
  }
  return { content: [{ type: 'text', text: 'Resolved greeting.txt: both lines kept.' }] };
}

const sy = (args: string[]) => w.sy(args, { env: env() });
async function json<T>(args: string[]): Promise<T> {
  const r = await sy([...args, '--json']);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe('switchyard resolve with the real claude', () => {
  it('a conflict between two sessions -> resolver completes -> committed on the branch -> re-checked -> lands', async () => {
    stub = await startStubModel({ script: resolverScript });
    await w.trustedProject('[merge_queue]\ncheck_command = "sh check.sh"\n', { 'greeting.txt': 'hello\n', 'check.sh': CHECK_SH });

    const alpha = await w.session('alpha', 30, { 'greeting.txt': 'hello from alpha\n' });
    const alphaTip = git(w.repo, 'rev-parse', alpha.worktree!.branch).trim();
    const beta = await w.session('beta', 20, { 'greeting.txt': 'hello from beta\n' });
    const betaTip = git(w.repo, 'rev-parse', beta.worktree!.branch).trim();

    const first = await json<{ merged: { sessionId: string }[]; conflictedSessionIds: string[] }>(['merge-queue', '--apply']);
    expect(first.merged.map((m) => m.sessionId)).toEqual(['alpha']);
    expect(first.conflictedSessionIds).toEqual(['beta']);

    const started = await json<{ resolverSessionId: string; kind: string; scratchPath: string; check: MergeCheckRecord }>(['resolve', 'beta']);
    expect(started.kind).toBe('conflict');
    expect(started.check).toMatchObject({ state: 'resolving', attempts: 1, resolverSessionId: started.resolverSessionId });
    expect((await sy(['wait', started.resolverSessionId, '--timeout', '120'])).code).toBe(0);
    const resolver = await json<Session>(['status', started.resolverSessionId]);
    expect(resolver.state).toBe('completed');
    expect(resolver.agentType).toBe('claude');
    expect(resolver.workingDir).toBe(started.scratchPath);
    // It found both sides with conflict markers, and a task that said what failed and both sides' intents.
    expect(seen[0]).toMatch(/^<<<<<<< [^\n]*\nhello from beta\n=======\nhello from alpha\n>>>>>>> [^\n]*\n$/);
    expect(tasks[0]).toContain('greeting.txt');
    expect(tasks[0]).toContain('task: add greeting.txt');
    expect(tasks[0]).toContain('session beta: add greeting.txt');
    expect(tasks[0]).toContain('session alpha: add greeting.txt');

    const applied = await json<{
      resolversFinished: { sessionId: string; state: string; message: string }[];
      merged: { sessionId: string }[];
      checks: { sessionId: string; result: string; landed: boolean }[];
      scratchWorktrees: unknown[];
    }>(['merge-queue', '--apply']);
    expect(applied.resolversFinished).toEqual([expect.objectContaining({ sessionId: 'beta', state: 'passed', message: expect.stringContaining('re-queued') })]);
    expect(applied.merged.map((m) => m.sessionId)).toEqual(['beta']);
    expect(applied.scratchWorktrees).toEqual([]);

    // main has both greetings, and every commit it pointed to passes the check.
    expect(readFileSync(join(w.repo, 'greeting.txt'), 'utf8')).toBe('hello from alpha\nhello from beta\n');
    expect(git(w.repo, 'status', '--porcelain')).toBe('');
    for (const sha of reflogOf(w.repo, 'main').slice(1)) expect(passesAt(w.repo, sha, 'sh check.sh'), sha).toBe(true);
    // The resolution is a merge of main into beta's branch on top of beta's own commit.
    expect(git(w.repo, 'log', '-1', '--format=%P%n%s', 'main')).toBe(`${betaTip} ${alphaTip}\nMerge main into ecc/beta\n`);
    expect(w.store().getMergeCheck('beta')).toMatchObject({ state: 'landed', attempts: 1 });
  }, 300_000);
});

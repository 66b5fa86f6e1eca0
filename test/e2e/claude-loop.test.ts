// The everyday loop with the real Claude Code CLI in its default configuration (no config file, no
// profile), against the test suite's stub model on 127.0.0.1: task -> the agent edits in its
// worktree -> Switchyard commits -> the merge queue lands it on main.
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { claudeEnv, STUB_API_KEY } from '../fixtures/stub-model/claude-env';
import { startStubModel, workingDirOf, type StubModel, type StubTurnContext, type StubTurn } from '../fixtures/stub-model/server';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli';
import { commandLinesContaining } from '../helpers/processes';
import { git, initUserRepo, switchyardCli } from '../helpers/repo-world';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let stub: StubModel | undefined;


beforeEach(() => {
  dir = tempDir('sy-loop-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['home', 'claude-home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
  writeFileSync(join(repo, '.gitignore'), 'build/\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'ignore build output');
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = claudeEnv({ home: join(root, 'claude-home'), stubUrl: stub!.url, apiKey: STUB_API_KEY });
  return cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
}

const { sy, json } = switchyardCli(() => join(root, 'home'), env, () => repo);

/** "write NAME.txt" makes the stub write NAME.txt (and an ignored build/ file) in Claude's cwd, then summarise. */
function writerScript(ctx: StubTurnContext): StubTurn {
  const name = /write (\S+\.txt)/.exec(ctx.lastUserText)?.[1] ?? 'hello.txt';
  const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
  if (ctx.turn === 0) {
    return {
      content: [
        { type: 'text', text: `Writing ${name}.` },
        { type: 'tool_use', name: 'Write', input: { file_path: join(cwd, name), content: `${name} from the agent\n` } },
        { type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'build', 'out.log'), content: 'ignored\n' } },
      ],
    };
  }
  return { content: [{ type: 'text', text: `Created ${name} with a greeting.` }] };
}

type StatusJson = Session & { denials: { id: number; toolName: string; inputSummary: string; allowedAt: string | null }[]; outcome: { commitSha: string | null; summary: string | null } | null };

describe('the real Claude loop, default configuration', () => {
  it('start -> completed -> committed on its branch -> merge-queue --apply -> on main, checkout clean', async () => {
    stub = await startStubModel({ script: writerScript });
    const started = await json<Session>(['start', '-t', 'write hello.txt']);
    expect(started.worktree?.branch).toBe(`ecc/${started.id}`);
    expect((await sy(['wait', started.id, '--timeout', '120'])).code).toBe(0);

    const status = await json<StatusJson>(['status', started.id]);
    expect(status.state).toBe('completed');
    expect(status.attention).toBeNull();
    expect(status.denials).toEqual([]);
    expect(status.metrics.filesChanged).toBe(2);
    // The agent's worktree write posture: Claude got acceptEdits without any config.
    expect(readFileSync(join(root, 'home', 'logs', `${started.id}.log`), 'utf8')).toContain('"permissionMode":"acceptEdits"');

    // hello.txt is in a commit on the session's branch, with the task and the agent's summary; the
    // ignored build/ output is not; the author is the repository's git identity.
    const branch = `ecc/${started.id}`;
    expect(git(repo, 'show', `${branch}:hello.txt`)).toBe('hello.txt from the agent\n');
    expect(git(repo, 'ls-tree', '-r', '--name-only', branch).split('\n')).not.toContain('build/out.log');
    expect(git(repo, 'log', '-1', '--format=%an <%ae>%n%s%n%b', branch)).toBe(
      `Ursula User <ursula@example.com>\nwrite hello.txt\nCreated hello.txt with a greeting.\n\nSwitchyard-Session: ${started.id}\n\n`,
    );
    expect(status.outcome?.commitSha).toBe(git(repo, 'rev-parse', branch).trim());
    expect(git(started.worktree!.path, 'status', '--porcelain')).toBe('');

    const queue = await json<{ readyEntries: { sessionId: string; queuePosition: number }[] }>(['merge-queue']);
    expect(queue.readyEntries).toEqual([expect.objectContaining({ sessionId: started.id, queuePosition: 1 })]);
    const applied = await json<{ merged: { sessionId: string; cleanedWorktree: boolean; keptReason: string | null }[]; failures: unknown[] }>(['merge-queue', '--apply']);
    expect(applied.failures).toEqual([]);
    expect(applied.merged.map((m) => m.sessionId)).toEqual([started.id]);
    expect(readFileSync(join(repo, 'hello.txt'), 'utf8')).toBe('hello.txt from the agent\n');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    // The agent's ignored build output is still in the worktree: merging keeps it (and says why)
    // instead of deleting it; with it gone, `clean-merged` removes worktree and branch.
    expect(applied.merged[0]).toMatchObject({ cleanedWorktree: false, keptReason: expect.stringContaining('ignored files git does not track (build/)') });
    rmSync(join(started.worktree!.path, 'build'), { recursive: true });
    const cleaned = await json<{ cleanedSessionIds: string[] }>(['clean-merged']);
    expect(cleaned.cleanedSessionIds).toEqual([started.id]);
    expect(git(repo, 'branch', '--list', branch)).toBe('');
    expect(existsSync(started.worktree!.path)).toBe(false);
  }, 240_000);

  it('a denied tool call ends completed with attention, is listed, and `allow` re-runs the session allowing it', async () => {
    const command = 'curl -s http://127.0.0.1:9/nothing-listens-here';
    stub = await startStubModel({
      script: (ctx) => {
        const retry = ctx.lastUserText.includes('operator has now allowed');
        if (ctx.toolResults.length === 0) return { content: [{ type: 'tool_use', name: 'Bash', input: { command, description: 'fetch the page' } }] };
        return { content: [{ type: 'text', text: retry ? 'Fetched it after all.' : 'Could not fetch it.' }] };
      },
    });
    const started = await json<Session>(['start', '-t', 'fetch the page']);
    await sy(['wait', started.id, '--timeout', '120']);
    const status = await json<StatusJson>(['status', started.id]);
    expect(status.state).toBe('completed');
    expect(status.attention).toBe('denied');
    expect(status.stateReason).toContain(`1 action denied: Bash (${command})`);
    expect(status.denials).toEqual([expect.objectContaining({ toolName: 'Bash', inputSummary: command, allowedAt: null })]);
    const text = await sy(['status', started.id]);
    expect(text.stdout).toContain(`Denied:  #${status.denials[0]!.id} Bash (${command})`);

    const allowed = await json<{ rules: string[] }>(['allow', started.id]);
    expect(allowed.rules).toEqual([`Bash(${command})`]);
    await sy(['wait', started.id, '--timeout', '120']);
    const after = await json<StatusJson>(['status', started.id]);
    expect(after.state).toBe('completed');
    expect(after.attention).toBeNull();
    expect(after.denials.every((d) => d.allowedAt !== null)).toBe(true);
    // The re-run continued Claude's own conversation with the call allowed, instead of re-sending the task.
    const log = readFileSync(join(root, 'home', 'logs', `${started.id}.log`), 'utf8');
    expect(log).toContain('Fetched it after all.');
    const last = stub.mainRequests().at(-1)!;
    expect(JSON.stringify(last.body?.messages)).toContain('fetch the page');
    expect(last.headers['x-claude-code-session-id']).toBe(status.harnessSessionId);
  }, 240_000);

  it('max_parallel_worktrees = 2: five writing sessions all complete and all merge; none left pending', async () => {
    writeFileSync(join(root, 'home', 'config.toml'), 'max_parallel_worktrees = 2\n');
    stub = await startStubModel({ script: writerScript });
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push((await json<Session>(['start', '-t', `write file${n}.txt`])).id);
    for (const id of ids) expect((await sy(['wait', id, '--timeout', '150'])).code).toBe(0);
    const sessions = await json<Session[]>(['sessions']);
    expect(sessions.map((s) => s.state).sort()).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    const applied = await json<{ merged: { sessionId: string }[]; failures: unknown[] }>(['merge-queue', '--apply']);
    expect(applied.failures).toEqual([]);
    expect(applied.merged.map((m) => m.sessionId).sort()).toEqual([...ids].sort());
    for (const n of [1, 2, 3, 4, 5]) expect(readFileSync(join(repo, `file${n}.txt`), 'utf8')).toBe(`file${n}.txt from the agent\n`);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  }, 420_000);
});

describe('commit: bad input is refused and writes nothing', () => {
  it('names the problem for a session without a worktree, and for a clean worktree', async () => {
    stub = await startStubModel({ script: [{ content: [{ type: 'text', text: 'Nothing to do.' }] }] });
    const inCheckout = await json<Session>(['start', '-t', 'look around', '--no-worktree']);
    await sy(['wait', inCheckout.id, '--timeout', '120']);
    const head = git(repo, 'rev-parse', 'HEAD');
    const r1 = await sy(['commit', inCheckout.id]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`Session ${inCheckout.id} has no worktree`);
    expect(r1.stderr).toContain('commit there yourself');

    const clean = await json<Session>(['start', '-t', 'look around again']);
    await sy(['wait', clean.id, '--timeout', '120']);
    const r2 = await sy(['commit', clean.id]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`Nothing to commit: the worktree of ${clean.id} has no changes`);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(repo, 'rev-parse', `ecc/${clean.id}`)).toBe(head);
    // A session that changed nothing is not "ready": the queue says so.
    const queue = await json<{ readyEntries: unknown[]; blockedEntries: { sessionId: string; nothingToMerge: boolean; suggestedAction: string }[] }>(['merge-queue']);
    expect(queue.readyEntries).toEqual([]);
    expect(queue.blockedEntries).toEqual([expect.objectContaining({ sessionId: clean.id, nothingToMerge: true, suggestedAction: expect.stringContaining('nothing to merge') })]);
    expect(existsSync(join(repo, '.git', 'index.lock'))).toBe(false);
  }, 240_000);
});

describe('resume of a headless Claude session', () => {
  it('resume --prompt continues a completed session in its conversation; the task is sent once and no command line shows it', async () => {
    const task = 'write one.txt for ticket 7f3a9';
    let seenInPs: string[] | null = null;
    stub = await startStubModel({
      script: (ctx) => {
        seenInPs ??= commandLinesContaining('ticket 7f3a9'); // Claude is running now, waiting for this answer
        // `turn` counts the whole conversation's answers; a follow-up is a fresh prompt (no tool results).
        return writerScript({ ...ctx, turn: ctx.toolResults.length === 0 ? 0 : 1 });
      },
    });
    const started = await json<Session>(['start', '-t', task]);
    await sy(['wait', started.id, '--timeout', '120']);
    const first = await json<StatusJson>(['status', started.id]);
    expect(first.state, first.stateReason ?? '').toBe('completed');
    expect(seenInPs).toEqual([]);
    expect(first.harnessSessionId).toMatch(/^[0-9a-f-]{36}$/);

    const bare = await sy(['resume', started.id]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain(`switchyard resume ${started.id} --prompt`);
    const before = stub.mainRequests().length;
    expect((await sy(['resume', started.id, '--prompt', 'now write two.txt'])).code).toBe(0);
    await sy(['wait', started.id, '--timeout', '120']);
    const after = await json<StatusJson>(['status', started.id]);
    expect(after.state, after.stateReason ?? '').toBe('completed');
    expect(after.harnessSessionId).toBe(first.harnessSessionId);
    const messages = stub.mainRequests()[before]?.body?.messages ?? [];
    const userTexts = messages.filter((m) => m.role === 'user').map((m) => JSON.stringify(m.content));
    expect(userTexts.filter((t) => t.includes(task))).toHaveLength(1);
    expect(userTexts.at(-1)).toContain('now write two.txt');
    expect(git(repo, 'show', `ecc/${started.id}:two.txt`)).toBe('two.txt from the agent\n');
  }, 240_000);
});

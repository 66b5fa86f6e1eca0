// Headless sessions with the real Codex CLI (0.171) through the built `switchyard` CLI, against the
// Responses API stub on 127.0.0.1: a throwaway HOME and CODEX_HOME, nothing else reachable.
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import {
  addFilePatch,
  codexEnv,
  startCodexStub,
  threadIdOf,
  writeCodexHome,
  type CodexStub,
  type CodexStubTurn,
  type CodexTurnContext,
} from '../fixtures/stub-model/codex-server';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli';
import { commandLinesContaining } from '../helpers/processes';
import { git, initUserRepo, switchyardCli } from '../helpers/repo-world';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let stub: CodexStub | undefined;


beforeEach(() => {
  dir = tempDir('sy-codex-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['sy-home', 'home', 'codex-home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = codexEnv({ home: join(root, 'home'), codexHome: join(root, 'codex-home') });
  const merged = cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
  // Nothing of a developer's own OpenAI setup may reach the agent.
  for (const key of Object.keys(merged)) if (key.startsWith('OPENAI_') || (key.startsWith('CODEX_') && key !== 'CODEX_HOME')) delete merged[key];
  return merged;
}

const { sy, json } = switchyardCli(() => join(root, 'sy-home'), env, () => repo);

/** The file a "write NAME.txt" prompt names: the latest prompt's, else the conversation's first. */
function fileToWrite(ctx: CodexTurnContext): string {
  return /write (\S+\.txt)/.exec(ctx.lastUserText)?.[1] ?? /write (\S+\.txt)/.exec(JSON.stringify(ctx.body.input))?.[1] ?? 'hello.txt';
}

/** "write NAME" makes the stub add NAME with apply_patch (relative to Codex's cwd), then summarise. */
function writerScript(ctx: CodexTurnContext): CodexStubTurn {
  const name = fileToWrite(ctx);
  if (ctx.turn === 0) {
    return {
      output: [
        { type: 'text', text: `Writing ${name}.` },
        { type: 'custom_tool_call', name: 'apply_patch', input: addFilePatch(name, `${name} from codex\n`) },
      ],
      usage: { input_tokens: 1000, cached_input_tokens: 200, output_tokens: 40, reasoning_tokens: 5 },
    };
  }
  return { output: [{ type: 'text', text: `Created ${name}.` }], usage: { input_tokens: 1100, cached_input_tokens: 900, output_tokens: 10, reasoning_tokens: 0 } };
}

type StatusJson = Session & { outcome: { commitSha: string | null; summary: string | null } | null };

describe('headless Codex through Switchyard', () => {
  it('start -> completed: tokens, tool calls, files and the thread id are reported; the file is committed on the branch', async () => {
    stub = await startCodexStub({ script: writerScript });
    writeCodexHome(join(root, 'codex-home'), stub.baseUrl);
    const started = await json<Session>(['start', '--agent', 'codex', '-t', 'write hello.txt']);
    expect(started.worktree?.branch).toBe(`ecc/${started.id}`);
    expect((await sy(['wait', started.id, '--timeout', '120'])).code).toBe(0);

    const status = await json<StatusJson>(['status', started.id]);
    expect(status.state, status.stateReason ?? '').toBe('completed');
    // Two model calls: 2100 in (1100 of them cached), 50 out + 5 reasoning, priced for gpt-5.5 from
    // the bundled table: 1000 * $5 + 1100 * $0.50 + 55 * $30 per million.
    expect(status.metrics).toMatchObject({ inputTokens: 2100, cacheReadTokens: 1100, outputTokens: 55, tokensUsed: 2155, costStatus: 'priced' });
    expect(status.metrics.costUsd).toBeCloseTo(0.0072, 9);
    expect(status.metrics.toolCalls).toBeGreaterThanOrEqual(1);
    expect(status.metrics.filesChanged).toBe(1);
    // Codex's thread id, as it sent it to the model.
    const threadIds = new Set(stub.mainRequests().map((r) => threadIdOf(r.body)));
    expect([...threadIds]).toEqual([status.harnessSessionId]);
    expect(status.harnessSessionId).toMatch(/^[0-9a-f-]{36}$/);

    const branch = `ecc/${started.id}`;
    expect(git(repo, 'show', `${branch}:hello.txt`)).toBe('hello.txt from codex\n');
    expect(git(repo, 'log', '-1', '--format=%s%n%b', branch)).toContain('write hello.txt\nCreated hello.txt.');
    expect(status.outcome?.commitSha).toBe(git(repo, 'rev-parse', branch).trim());
  }, 240_000);

  it('resume continues the Codex thread (exec … resume <thread_id>) instead of starting over', async () => {
    let calls = 0;
    stub = await startCodexStub({
      script: (ctx) => {
        // The first attempt: one model call that runs a command, then a model error (Codex fails the turn).
        calls += 1;
        if (calls === 1) {
          return {
            output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'ls' } }],
            usage: { input_tokens: 500, cached_input_tokens: 0, output_tokens: 7, reasoning_tokens: 0 },
          };
        }
        if (calls === 2) return { output: [], httpError: { status: 400, message: 'stub: scripted failure' } };
        return writerScript({ ...ctx, turn: calls === 3 ? 0 : 1 });
      },
    });
    writeCodexHome(join(root, 'codex-home'), stub.baseUrl);
    const started = await json<Session>(['start', '--agent', 'codex', '-t', 'write again.txt']);
    await sy(['wait', started.id, '--timeout', '120']);
    const failed = await json<StatusJson>(['status', started.id]);
    expect(failed.state).toBe('failed');
    expect(failed.metrics.toolCalls).toBe(1);
    const thread = failed.harnessSessionId;
    expect(thread).toMatch(/^[0-9a-f-]{36}$/);

    const before = stub.mainRequests().length;
    expect((await sy(['resume', started.id])).code).toBe(0);
    await sy(['wait', started.id, '--timeout', '120']);
    const after = await json<StatusJson>(['status', started.id]);
    expect(after.state, after.stateReason ?? '').toBe('completed');
    // Codex reports the thread's running totals: the first attempt's 500 input tokens are in them
    // (turn.failed carries no usage, so the failed run itself showed none).
    expect(failed.metrics.tokensUsed).toBe(0);
    expect(after.metrics).toMatchObject({ inputTokens: 500 + 2100, outputTokens: 7 + 55 });
    expect(after.harnessSessionId).toBe(thread);
    // The resumed run talked to the model as the same thread, with the first attempt in its history.
    const resumed = stub.mainRequests().slice(before);
    expect(resumed.length).toBeGreaterThan(0);
    for (const r of resumed) expect(threadIdOf(r.body)).toBe(thread);
    const userTexts = (resumed[0]!.body!.input ?? []).filter((i) => i.role === 'user').map((i) => JSON.stringify(i.content));
    // The failed attempt's prompt is in the history once (never sent again), then a "continue" note.
    expect(userTexts.filter((t) => t.includes('write again.txt'))).toHaveLength(1);
    expect(userTexts.at(-1)).toContain('Continue where you left off');
    const log = readFileSync(join(root, 'sy-home', 'logs', `${started.id}.log`), 'utf8');
    expect(log).toContain('"type":"thread.started"');
    expect(git(repo, 'show', `ecc/${started.id}:again.txt`)).toBe('again.txt from codex\n');
  }, 240_000);

  it('resume --prompt continues a completed session in its thread; the task is sent once and no command line shows it', async () => {
    const task = 'write one.txt for ticket 7f3a9';
    let seenInPs: string[] | null = null;
    stub = await startCodexStub({
      script: (ctx) => {
        seenInPs ??= commandLinesContaining('ticket 7f3a9'); // Codex is running now, waiting for this answer
        return writerScript(ctx);
      },
    });
    writeCodexHome(join(root, 'codex-home'), stub.baseUrl);
    const started = await json<Session>(['start', '--agent', 'codex', '-t', task]);
    await sy(['wait', started.id, '--timeout', '120']);
    const first = await json<StatusJson>(['status', started.id]);
    expect(first.state, first.stateReason ?? '').toBe('completed');
    expect(seenInPs).toEqual([]);
    const thread = first.harnessSessionId!;

    const bare = await sy(['resume', started.id]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain(`switchyard resume ${started.id} --prompt`);
    const before = stub.mainRequests().length;
    expect((await sy(['resume', started.id, '--prompt', 'now write two.txt'])).code).toBe(0);
    await sy(['wait', started.id, '--timeout', '120']);
    const after = await json<StatusJson>(['status', started.id]);
    expect(after.state, after.stateReason ?? '').toBe('completed');
    expect(after.harnessSessionId).toBe(thread);
    const followUp = stub.mainRequests().slice(before);
    for (const r of followUp) expect(threadIdOf(r.body)).toBe(thread);
    const userTexts = (followUp[0]!.body!.input ?? []).filter((i) => i.role === 'user').map((i) => JSON.stringify(i.content));
    expect(userTexts.filter((t) => t.includes(task))).toHaveLength(1);
    expect(userTexts.at(-1)).toContain('now write two.txt');
    expect(git(repo, 'show', `ecc/${started.id}:two.txt`)).toBe('two.txt from codex\n');
    expect(git(repo, 'show', `ecc/${started.id}:one.txt`)).toBe('one.txt from codex\n');
  }, 240_000);
});

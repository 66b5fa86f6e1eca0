// Headless Gemini through Switchyard with the real Gemini CLI 0.61, against the Gemini stub on
// 127.0.0.1 (clean HOME and GEMINI_CLI_HOME in a temp dir): the session reports what the agent did
// (tokens, tool calls, files, Gemini's own session id) and a resume continues that conversation.
import { mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { geminiEnv, seedGeminiHome } from '../fixtures/stub-model/gemini-env';
import { geminiWorkspaceOf, startGeminiStub, type GeminiStub, type GeminiTurn, type GeminiTurnContext } from '../fixtures/stub-model/gemini-server';
import { repoRoot, tempDir } from '../helpers/cli';
import { commandLinesContaining } from '../helpers/processes';
import { git, initUserRepo, switchyardCli } from '../helpers/repo-world';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let stub: GeminiStub | undefined;


beforeEach(() => {
  dir = tempDir('sy-gemini-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['home', 'user-home', 'gemini-home', 'repo']) mkdirSync(join(root, d));
  seedGeminiHome(join(root, 'gemini-home'));
  initUserRepo(repo);
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

/** Nothing inherited but PATH: no developer login, proxy or Google credentials can leak in. */
function env(): NodeJS.ProcessEnv {
  const base = geminiEnv({ home: join(root, 'user-home'), cliHome: join(root, 'gemini-home'), stubUrl: stub!.url });
  return { ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` };
}

const { sy, json } = switchyardCli(() => join(root, 'home'), env, () => repo);

/** "write NAME" makes the stub call write_file for NAME in the workspace Gemini reports, then answer. */
function writerScript(ctx: GeminiTurnContext): GeminiTurn {
  if (ctx.functionResponses.length === 0) {
    // The latest prompt's file, else the conversation's first (a "continue" note names none).
    const name = /write (\S+\.txt)/.exec(ctx.lastUserText)?.[1] ?? /write (\S+\.txt)/.exec(JSON.stringify(ctx.body.contents))?.[1] ?? 'hello.txt';
    const cwd = geminiWorkspaceOf(ctx.body) ?? '/nonexistent';
    return {
      parts: [{ text: `Writing ${name}.` }, { functionCall: { name: 'write_file', args: { file_path: join(cwd, name), content: `${name} from gemini\n` } } }],
      usage: { promptTokenCount: 1000, candidatesTokenCount: 30 },
    };
  }
  return { parts: [{ text: 'Created the file with a greeting.' }], usage: { promptTokenCount: 1200, candidatesTokenCount: 10 } };
}

async function sessionLog(id: string): Promise<string> {
  return readFileSync(join(root, 'home', 'logs', `${id}.log`), 'utf8');
}

describe('headless Gemini through Switchyard (real CLI, stub API)', () => {
  it('start -> completed, with tokens, tool calls, files and Gemini\'s session id; hello.txt committed on the branch', async () => {
    stub = await startGeminiStub({ script: writerScript });
    const started = await json<Session>(['start', '--agent', 'gemini', '-t', 'write hello.txt']);
    expect(started.worktree?.branch).toBe(`ecc/${started.id}`);
    expect((await sy(['wait', started.id, '--timeout', '120'])).code).toBe(0);

    const status = await json<Session & { outcome: { commitSha: string | null } | null }>(['status', started.id]);
    expect(status.state, await sessionLog(started.id)).toBe('completed');
    // The CLI's own totals over both turns (its model router's side call counts 0 in the stub).
    expect(status.metrics.inputTokens).toBe(2200);
    expect(status.metrics.outputTokens).toBe(40);
    expect(status.metrics.tokensUsed).toBe(2240);
    expect(status.metrics.toolCalls).toBe(1);
    expect(status.metrics.filesChanged).toBe(1);
    // Gemini reports no cost: its tokens are priced at the model its stream names (the CLI's own choice here).
    expect(status.metrics.costStatus).toBe('priced');
    expect(status.metrics.costUsd).toBeGreaterThan(0);
    expect(status.metrics.costNote).toMatch(/^gemini-\S+ priced from @pydantic\/genai-prices 0\.1\.8$/);
    // Gemini's own session id, as its stream reported it, is what a resume passes back.
    const init = /"type":"init"[^\n]*"session_id":"([^"]+)"/.exec(await sessionLog(started.id));
    expect(init?.[1]).toBeTruthy();
    expect(status.harnessSessionId).toBe(init?.[1]);

    const branch = `ecc/${started.id}`;
    expect(git(repo, 'show', `${branch}:hello.txt`)).toBe('hello.txt from gemini\n');
    expect(git(repo, 'log', '-1', '--format=%s%n%b', branch)).toContain('Created the file with a greeting.');
    expect(status.outcome?.commitSha).toBe(git(repo, 'rev-parse', branch).trim());
    // Only the stub was asked, and only with the test's key.
    expect(stub.requests.every((r) => r.headers['x-goog-api-key'] === env().GEMINI_API_KEY)).toBe(true);
  }, 240_000);

  it("resume continues Gemini's own conversation (--resume <its id>) instead of starting a new one", async () => {
    // The first run writes the file, then fails on an API error before its last answer: Gemini
    // has saved the conversation (the model answered once), so it can be continued.
    let failed = false;
    stub = await startGeminiStub({
      script: (ctx) => {
        if (ctx.functionResponses.length > 0 && !failed) {
          failed = true;
          return { parts: [], httpError: { status: 400, message: 'stub: try again later' } };
        }
        return writerScript(ctx);
      },
    });
    const started = await json<Session>(['start', '--agent', 'gemini', '-t', 'write again.txt']);
    await sy(['wait', started.id, '--timeout', '120']);
    const first = await json<Session>(['status', started.id]);
    expect(first.state, await sessionLog(started.id)).toBe('failed');
    const geminiId = first.harnessSessionId;
    expect(geminiId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    expect((await sy(['resume', started.id])).code).toBe(0);
    await sy(['wait', started.id, '--timeout', '120']);
    const resumed = await json<Session>(['status', started.id]);
    expect(resumed.state, await sessionLog(started.id)).toBe('completed');
    // Same Gemini conversation: its id is unchanged, and the resumed request carries the first
    // run's prompt as history, once (the task is never sent again), then a "continue" note.
    expect(resumed.harnessSessionId).toBe(geminiId);
    const inits = [...(await sessionLog(started.id)).matchAll(/"type":"init"[^\n]*"session_id":"([^"]+)"/g)].map((m) => m[1]);
    expect(inits).toEqual([geminiId, geminiId]);
    const resumedRequest = stub.mainRequests().at(-1)!;
    const userTexts = (resumedRequest.body?.contents ?? []).filter((c) => c.role === 'user').map((c) => JSON.stringify(c.parts));
    expect(userTexts.filter((t) => t.includes('write again.txt')).length).toBe(1);
    expect(userTexts.some((t) => t.includes('Continue where you left off'))).toBe(true);
    expect(JSON.stringify(resumedRequest.body?.contents)).toContain('"functionCall"');
    expect(git(repo, 'show', `ecc/${started.id}:again.txt`)).toBe('again.txt from gemini\n');
  }, 240_000);

  it('resume --prompt continues a completed session in its conversation; the task is sent once and no command line shows it', async () => {
    const task = 'write one.txt for ticket 7f3a9';
    let seenInPs: string[] | null = null;
    stub = await startGeminiStub({
      script: (ctx) => {
        seenInPs ??= commandLinesContaining('ticket 7f3a9'); // Gemini is running now, waiting for this answer
        return writerScript(ctx);
      },
    });
    const started = await json<Session>(['start', '--agent', 'gemini', '-t', task]);
    await sy(['wait', started.id, '--timeout', '120']);
    const first = await json<Session>(['status', started.id]);
    expect(first.state, await sessionLog(started.id)).toBe('completed');
    expect(seenInPs).toEqual([]);
    const geminiId = first.harnessSessionId;
    expect(geminiId).toBeTruthy();

    const bare = await sy(['resume', started.id]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain(`switchyard resume ${started.id} --prompt`);
    expect((await sy(['resume', started.id, '--prompt', 'now write two.txt'])).code).toBe(0);
    await sy(['wait', started.id, '--timeout', '120']);
    const after = await json<Session>(['status', started.id]);
    expect(after.state, await sessionLog(started.id)).toBe('completed');
    expect(after.harnessSessionId).toBe(geminiId);
    const userTexts = (stub.mainRequests().at(-1)!.body?.contents ?? []).filter((c) => c.role === 'user').map((c) => JSON.stringify(c.parts));
    expect(userTexts.filter((t) => t.includes(task))).toHaveLength(1);
    expect(userTexts.some((t) => t.includes('now write two.txt'))).toBe(true);
    expect(git(repo, 'show', `ecc/${started.id}:two.txt`)).toBe('two.txt from gemini\n');
  }, 240_000);
});

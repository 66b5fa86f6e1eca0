// Headless OpenCode through Switchyard with the real CLI (opencode-ai 1.18.33): a clean HOME and
// XDG dirs in a temp dir, and only the chat-completions stub on 127.0.0.1 as its model. The stub
// is OpenCode's default model through OPENCODE_CONFIG (opencode-env.ts), so `start` needs no
// profile: the config file is needed anyway to define the provider, and `model` there is the
// smallest knob that picks it.
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { opencodeEnv, writeOpencodeConfig } from '../fixtures/stub-model/opencode-env';
import { commandLinesContaining } from '../helpers/processes';
import { startOpenAiStub, type OpenAiStub, type OpenAiTurn, type OpenAiTurnContext } from '../fixtures/stub-model/opencode-server';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli';
import { git, initUserRepo, switchyardCli } from '../helpers/repo-world';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let stub: OpenAiStub | undefined;


beforeEach(() => {
  dir = tempDir('sy-oc-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = opencodeEnv(join(root, 'oc'), writeOpencodeConfig(join(root, 'oc', 'opencode.json'), stub!.baseURL));
  return cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
}

const { sy, json } = switchyardCli(() => join(root, 'home'), env, () => repo);

/** OpenCode tells the model its directory in the system prompt ("Working directory: …"). */
function workingDir(ctx: OpenAiTurnContext): string {
  return /Working directory: ([^\\"\n]+)/.exec(JSON.stringify(ctx.body.messages))?.[1]?.trim() ?? '/nonexistent';
}

/** "write NAME" makes the stub call OpenCode's `write` tool on NAME in its directory, then summarise. */
function writerScript(ctx: OpenAiTurnContext): OpenAiTurn {
  const name = /write ([\w.-]+)/.exec(ctx.lastUserText)?.[1] ?? 'hello.txt';
  if (ctx.turn === 0) {
    return { content: [{ type: 'tool_call', name: 'write', arguments: { filePath: join(workingDir(ctx), name), content: `${name} from opencode\n` } }] };
  }
  return { content: [{ type: 'text', text: `Created ${name} with a greeting.` }] };
}

describe('headless OpenCode through Switchyard, real CLI', () => {
  it('reports tokens, cost, the tool call, the file and its own session id; the file is committed on the branch', async () => {
    stub = await startOpenAiStub({ script: writerScript });
    const started = await json<Session>(['start', '--agent', 'opencode', '-t', 'write hello.txt']);
    expect(started.worktree?.branch).toBe(`ecc/${started.id}`);
    expect((await sy(['wait', started.id, '--timeout', '120'])).code).toBe(0);

    const status = await json<Session & { outcome: { commitSha: string | null } | null }>(['status', started.id]);
    const log = readFileSync(join(root, 'home', 'logs', `${started.id}.log`), 'utf8');
    expect(status.state, log).toBe('completed');
    // Two steps (the write, then the answer), each 800 fresh + 100 cached in and 21 out, priced
    // by the config's `cost` at 0.002745 USD.
    expect(status.metrics.tokensUsed).toBe(2 * (800 + 21));
    expect(status.metrics.costUsd).toBeCloseTo(2 * 0.002745, 6);
    expect(status.metrics.toolCalls).toBe(1);
    expect(status.metrics.filesChanged).toBe(1);
    const ocSession = /"sessionID":"(ses_[A-Za-z0-9]+)"/.exec(log)?.[1];
    expect(ocSession).toBeDefined();
    expect(status.harnessSessionId).toBe(ocSession);

    const branch = `ecc/${started.id}`;
    expect(git(repo, 'show', `${branch}:hello.txt`)).toBe('hello.txt from opencode\n');
    expect(git(repo, 'log', '-1', '--format=%s%n%b', branch)).toContain('Created hello.txt with a greeting.');
    expect(status.outcome?.commitSha).toBe(git(repo, 'rev-parse', branch).trim());
  }, 240_000);

  it('resume continues OpenCode\'s own session (--session <id>) instead of starting over', async () => {
    const sessionTurn = (ctx: OpenAiTurnContext): OpenAiTurn => {
      // A resumed run sends the earlier conversation along: the earlier write is already in it.
      if (JSON.stringify(ctx.body.messages).includes('hello.txt from opencode') && ctx.turn === 0) {
        return { content: [{ type: 'text', text: 'Picked up where I left off.' }] };
      }
      // The first run hangs on its second step, so it can be stopped after the write.
      return ctx.turn === 0 ? writerScript(ctx) : { content: [{ type: 'text', text: 'too late' }], delayMs: 90_000 };
    };
    stub = await startOpenAiStub({ script: sessionTurn });
    const started = await json<Session>(['start', '--agent', 'opencode', '-t', 'write hello.txt']);
    const deadline = Date.now() + 120_000;
    let first: Session = started;
    while (Date.now() < deadline) {
      first = await json<Session>(['status', started.id]);
      if (first.harnessSessionId !== null && stub.mainRequests().length >= 2) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(first.harnessSessionId).toMatch(/^ses_/);
    expect((await sy(['stop', started.id])).code).toBe(0);
    expect((await sy(['wait', started.id, '--timeout', '60'])).code).toBe(0);
    const before = stub.mainRequests().length;

    expect((await sy(['resume', started.id])).code).toBe(0);
    expect((await sy(['wait', started.id, '--timeout', '120'])).code).toBe(0);
    const after = await json<Session>(['status', started.id]);
    expect(after.state).toBe('completed');
    expect(after.harnessSessionId).toBe(first.harnessSessionId);
    const resumed = stub.mainRequests().slice(before);
    expect(resumed.map((r) => r.reply?.content[0])).toEqual([{ type: 'text', text: 'Picked up where I left off.' }]);
    // The same conversation: the first run's write call is in what OpenCode sent, and the task
    // once (never sent again), followed by a "continue" note.
    expect(JSON.stringify(resumed[0]?.body?.messages)).toContain('"name":"write"');
    const userTexts = (resumed[0]?.body?.messages ?? []).filter((m) => m.role === 'user').map((m) => JSON.stringify(m.content));
    expect(userTexts.filter((t) => t.includes('write hello.txt'))).toHaveLength(1);
    expect(userTexts.at(-1)).toContain('Continue where you left off');
  }, 300_000);

  it('a write outside its worktree is rejected by OpenCode and shown as a denied action', async () => {
    const outside = join(root, 'outside.txt');
    stub = await startOpenAiStub({
      script: (ctx) =>
        ctx.turn === 0
          ? { content: [{ type: 'tool_call', name: 'write', arguments: { filePath: outside, content: 'escaped\n' } }] }
          : { content: [{ type: 'text', text: 'Could not write it.' }] },
    });
    const started = await json<Session>(['start', '--agent', 'opencode', '-t', 'write outside']);
    expect((await sy(['wait', started.id, '--timeout', '120'])).code).toBe(0);
    const status = await json<Session & { denials: { toolName: string; inputSummary: string }[] }>(['status', started.id]);
    expect(status.state).toBe('completed');
    expect(status.attention).toBe('denied');
    expect(status.denials).toEqual([expect.objectContaining({ toolName: 'write', inputSummary: expect.stringContaining('outside.txt') })]);
    expect(status.metrics.toolCalls).toBe(1);
    expect(status.metrics.filesChanged).toBe(0);
    expect(existsSync(outside)).toBe(false);
  }, 240_000);

  it('resume --prompt continues a completed session in its own session; the task is sent once and no command line shows it', async () => {
    const task = 'write one.txt for ticket 7f3a9';
    let seenInPs: string[] | null = null;
    stub = await startOpenAiStub({
      script: (ctx) => {
        seenInPs ??= commandLinesContaining('ticket 7f3a9'); // OpenCode is running now, waiting for this answer
        return writerScript(ctx);
      },
    });
    const started = await json<Session>(['start', '--agent', 'opencode', '-t', task]);
    await sy(['wait', started.id, '--timeout', '120']);
    const first = await json<Session>(['status', started.id]);
    expect(first.state, first.stateReason ?? '').toBe('completed');
    expect(seenInPs).toEqual([]);
    expect(first.harnessSessionId).toMatch(/^ses_/);

    const bare = await sy(['resume', started.id]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain(`switchyard resume ${started.id} --prompt`);
    const before = stub.mainRequests().length;
    expect((await sy(['resume', started.id, '--prompt', 'now write two.txt'])).code).toBe(0);
    await sy(['wait', started.id, '--timeout', '120']);
    const after = await json<Session>(['status', started.id]);
    expect(after.state, after.stateReason ?? '').toBe('completed');
    expect(after.harnessSessionId).toBe(first.harnessSessionId);
    const userTexts = (stub.mainRequests()[before]?.body?.messages ?? []).filter((m) => m.role === 'user').map((m) => JSON.stringify(m.content));
    expect(userTexts.filter((t) => t.includes(task))).toHaveLength(1);
    expect(userTexts.at(-1)).toContain('now write two.txt');
    expect(git(repo, 'show', `ecc/${started.id}:two.txt`)).toBe('two.txt from opencode\n');
  }, 240_000);
});

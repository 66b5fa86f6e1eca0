// Interactive sessions with the real Codex TUI (0.171) through the built `switchyard` CLI, against
// the Responses API stub on 127.0.0.1: a throwaway HOME and CODEX_HOME, nothing else reachable.
// Codex reports through Switchyard's hooks (`-c hooks.*`): turns, tool calls, files, approvals,
// its thread id; the token totals come from its rollout transcript.
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { connectRunner } from '../../src-main/engine/runner';
import { openStore } from '../../src-main/engine/store';
import { compactText } from '../fixtures/stub-model/claude-pty';
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
import { git, initUserRepo, switchyardCli } from '../helpers/repo-world';
import { waitFor } from '../helpers/sessions';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let codexHome: string;
let stub: CodexStub | undefined;
const live: string[] = [];

beforeEach(() => {
  dir = tempDir('sy-codex-tui-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  codexHome = join(root, 'codex-home');
  for (const d of ['sy-home', 'home', 'codex-home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
});

afterEach(async () => {
  for (const id of live.splice(0)) await sy(['stop', id]);
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = codexEnv({ home: join(root, 'home'), codexHome });
  const merged = cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
  // Nothing of a developer's own OpenAI setup may reach the agent.
  for (const key of Object.keys(merged)) if (key.startsWith('OPENAI_') || (key.startsWith('CODEX_') && key !== 'CODEX_HOME')) delete merged[key];
  return merged;
}

const { sy, json } = switchyardCli(() => join(root, 'sy-home'), env, () => repo);

/** A user who trusts the repository in Codex and has seen its start-up notices. */
async function startStub(script: (ctx: CodexTurnContext) => CodexStubTurn): Promise<CodexStub> {
  stub = await startCodexStub({ script });
  writeCodexHome(codexHome, stub.baseUrl, { trustedProjects: [repo], tuiNoticesSeen: true });
  return stub;
}

async function startInteractive(task: string): Promise<Session> {
  const session = await json<Session>(['start', '--agent', 'codex', '--mode', 'interactive', '-t', task]);
  live.push(session.id);
  return session;
}

type StatusJson = Session & { outcome: { summary: string | null } | null };
const status = (id: string) => json<StatusJson>(['status', id]);

function screen(id: string): string {
  const log = join(root, 'sy-home', 'logs', `${id}.log`);
  return existsSync(log) ? compactText(readFileSync(log, 'utf8')) : '';
}

/** The session's row read straight from the store (cheap enough to poll every 50 ms). */
function readSession(id: string): Session {
  const store = openStore(join(root, 'sy-home', 'switchyard.db'));
  try {
    return store.getSession(id)!;
  } finally {
    store.close();
  }
}

function socketOf(id: string): string {
  const store = openStore(join(root, 'sy-home', 'switchyard.db'));
  try {
    return store.getOutputLog(id)!.socketPath!;
  } finally {
    store.close();
  }
}

/** Types into the TUI through the runner socket, as `switchyard attach` does (Enter sent apart, not as a paste). */
async function typeIntoSession(id: string, text: string, enter = true): Promise<void> {
  const client = await connectRunner(socketOf(id));
  client.input(text);
  if (enter) {
    await new Promise((r) => setTimeout(r, 300));
    client.input('\r');
  }
  client.close();
}

/** Processes that run with this test's CODEX_HOME: the agent, its helpers, any daemon it left. */
function codexProcesses(): number[] {
  const marker = Buffer.from(`CODEX_HOME=${codexHome}\0`);
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`).includes(marker)) pids.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const USAGE_1 = { input_tokens: 1000, cached_input_tokens: 200, output_tokens: 40, reasoning_tokens: 5 };
const USAGE_2 = { input_tokens: 1100, cached_input_tokens: 900, output_tokens: 10, reasoning_tokens: 0 };

describe('interactive Codex through Switchyard', () => {
  it('reports its turns, tool calls, files, tokens and thread id through its hooks; running while the model works, idle after', async () => {
    const holds = [deferred(), deferred()];
    let held = 0;
    await startStub((ctx) => {
      const name = /write (\S+)/.exec(ctx.lastUserText)?.[1] ?? 'hello.txt';
      if (ctx.turn === 0) {
        // The first answer to each prompt waits until the test lets it go.
        const hold = holds[held++]?.promise;
        return {
          output: [
            { type: 'text', text: `Writing ${name}.` },
            { type: 'custom_tool_call', name: 'apply_patch', input: addFilePatch(name, `${name} from codex\n`) },
          ],
          usage: USAGE_1,
          hold,
        };
      }
      return { output: [{ type: 'text', text: `Created ${name}.` }], usage: USAGE_2 };
    });
    const started = await startInteractive('write hello.txt');
    const wt = started.worktree!.path;

    // The first model call is held: Codex is working on the prompt it was started with.
    await waitFor('the first model call', () => stub!.mainRequests().length >= 1, 60_000);
    const working = await status(started.id);
    expect(working.state).toBe('running');
    expect(working.attention).toBeNull();
    holds[0]!.resolve();

    // Its Stop hook ends the turn: idle, waiting for the next prompt.
    await waitFor('idle after the first turn', async () => (await status(started.id)).state === 'idle', 60_000);
    const first = await status(started.id);
    expect(readFileSync(join(wt, 'hello.txt'), 'utf8')).toBe('hello.txt from codex\n');
    // Two model calls (rollout token_count totals): 2100 in (1100 of them cached), 50 out + 5 reasoning.
    expect(first.metrics).toMatchObject({ inputTokens: 2100, cacheReadTokens: 1100, outputTokens: 55, tokensUsed: 2155, toolCalls: 1, filesChanged: 1 });
    // The thread id Codex sent to the model is the session's agent session id.
    expect(first.harnessSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect([...new Set(stub!.mainRequests().map((r) => threadIdOf(r.body)))]).toEqual([first.harnessSessionId]);
    // The Stop hook's last assistant message is the session's summary so far.
    expect(first.outcome?.summary).toBe('Created hello.txt.');

    // A prompt typed through the runner socket: the UserPromptSubmit hook makes it running again.
    await typeIntoSession(started.id, 'write second.txt');
    await waitFor('running on the typed prompt', async () => (await status(started.id)).state === 'running', 60_000);
    await waitFor('the second prompt to reach the model', () => stub!.mainRequests().length >= 3, 60_000);
    expect((await status(started.id)).state).toBe('running');
    holds[1]!.resolve();
    await waitFor('idle after the second turn', async () => (await status(started.id)).state === 'idle', 60_000);
    const second = await status(started.id);
    expect(readFileSync(join(wt, 'second.txt'), 'utf8')).toBe('second.txt from codex\n');
    expect(second.metrics).toMatchObject({ inputTokens: 4200, cacheReadTokens: 2200, outputTokens: 110, toolCalls: 2, filesChanged: 2 });
    expect(second.harnessSessionId).toBe(first.harnessSessionId);
    const { inputTokens, outputTokens, cacheReadTokens, tokensUsed, costUsd, toolCalls, filesChanged } = second.metrics;
    console.log(`codex interactive: ${JSON.stringify({ inputTokens, outputTokens, cacheReadTokens, tokensUsed, costUsd, toolCalls, filesChanged, session: second.harnessSessionId })}`);
    expect(costUsd).toBeGreaterThan(0); // Codex reports tokens only: priced for the model it named

    // The tool log names the files the patches touched; file activity feeds conflict detection.
    const store = openStore(join(root, 'sy-home', 'switchyard.db'));
    const tools = store.queryToolLogs(started.id, 1, 10).entries;
    const files = store.listFileActivity(started.id, 10);
    store.close();
    expect(tools.map((t) => [t.toolName, t.inputSummary]).sort()).toEqual([
      ['apply_patch', join(wt, 'hello.txt')],
      ['apply_patch', join(wt, 'second.txt')],
    ]);
    expect(files.map((f) => [f.action, f.path]).sort()).toEqual([
      ['create', join(wt, 'hello.txt')],
      ['create', join(wt, 'second.txt')],
    ]);
    const moves = (await json<Array<{ kind: string; payload: { to?: string } }>>(['events', '--session', started.id]))
      .filter((e) => e.kind === 'session_state')
      .map((e) => e.payload.to);
    expect(moves).toEqual(['running', 'idle', 'running', 'idle']);
  }, 240_000);

  it('an approval Codex asks for makes the session needs-input with its command and reason; approving through the runner socket continues it', async () => {
    const reason = 'The stub asks to run this outside the sandbox';
    await startStub((ctx) => {
      if (ctx.turn === 0) {
        // A command the model wants to run outside the sandbox: Codex asks the person first.
        return { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'echo escalated > e.txt', sandbox_permissions: 'require_escalated', justification: reason } }] };
      }
      return { output: [{ type: 'text', text: 'Escalated.' }] };
    });
    const started = await startInteractive('please escalate e.txt');
    const wt = started.worktree!.path;

    const asked = await waitFor('the model to ask for the command', () => stub!.mainRequests()[0]?.repliedAt, 60_000);
    // Polled from the store: the bound is the (needs-input within 2 s of the request).
    const flagged = await waitFor('needs-input', () => {
      const s = readSession(started.id);
      return s.attention === 'needs_input' ? { at: Date.now(), session: s } : null;
    }, 30_000);
    const latencyMs = flagged.at - asked;
    console.log(`codex interactive: needs-input ${latencyMs} ms after the model asked`);
    expect(latencyMs).toBeLessThanOrEqual(2000);
    expect(flagged.session.stateReason).toBe(`Codex asks to run: echo escalated > e.txt (${reason})`);
    expect(flagged.session.state).toBe('running');
    await waitFor('the approval dialog', () => screen(started.id).includes('Wouldyouliketorunthefollowingcommand?'), 20_000);
    expect(existsSync(join(wt, 'e.txt'))).toBe(false);
    // While the dialog waits, the session keeps saying what Codex asks.
    await new Promise((r) => setTimeout(r, 3500));
    const waiting = await status(started.id);
    expect([waiting.attention, waiting.stateReason]).toEqual(['needs_input', flagged.session.stateReason]);

    // "1. Yes, proceed (y)": the key the dialog takes, typed through the runner socket.
    await typeIntoSession(started.id, 'y', false);
    await waitFor('the approved command to run', () => existsSync(join(wt, 'e.txt')), 30_000);
    await waitFor('idle after the turn', async () => (await status(started.id)).state === 'idle', 60_000);
    const after = await status(started.id);
    expect(readFileSync(join(wt, 'e.txt'), 'utf8')).toBe('escalated\n');
    expect(after.attention).toBeNull();
    expect(after.metrics.toolCalls).toBe(1);
    expect(after.outcome?.summary).toBe('Escalated.');
    expect(stub!.mainRequests()).toHaveLength(2);
  }, 240_000);

  it('stop leaves no Codex process behind (no app-server daemon)', async () => {
    await startStub(() => ({ output: [{ type: 'text', text: 'Hello.' }] }));
    const started = await startInteractive('say hello');
    await waitFor('idle after the turn', async () => (await status(started.id)).state === 'idle', 60_000);
    const running = codexProcesses();
    expect(running.length).toBeGreaterThan(0);
    const agentPid = readSession(started.id).pid!;
    expect(running).toContain(agentPid);

    console.log(`codex interactive: ${running.length} processes with this CODEX_HOME before stop`);
    expect((await sy(['stop', started.id])).code).toBe(0);
    live.splice(live.indexOf(started.id), 1);
    expect((await status(started.id)).state).toBe('stopped');
    // Whatever ran with this CODEX_HOME (the TUI, its helpers, a daemon it might start) is gone.
    const left = await waitFor('every Codex process to end', () => (codexProcesses().length === 0 ? [] : null), 15_000).catch(() => codexProcesses());
    expect(left.map((pid) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 200); } catch { return String(pid); } })).toEqual([]);
    expect(git(repo, 'branch', '--list', `ecc/${started.id}`)).toContain(`ecc/${started.id}`);
  }, 180_000);

  it('resume continues the Codex thread in the TUI (codex … resume <thread>)', async () => {
    await startStub((ctx) => ({ output: [{ type: 'text', text: `ECHO: ${ctx.lastUserText}` }] }));
    const started = await startInteractive('first prompt alpha');
    await waitFor('idle after the first turn', async () => (await status(started.id)).state === 'idle', 60_000);
    const thread = (await status(started.id)).harnessSessionId!;
    expect(thread).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sy(['stop', started.id])).code).toBe(0);
    const logBefore = readFileSync(join(root, 'sy-home', 'logs', `${started.id}.log`), 'utf8').length;

    expect((await sy(['resume', started.id])).code).toBe(0);
    const argv = await waitFor('the resumed agent', () => {
      const s = readSession(started.id);
      if (s.state !== 'running' || !s.pid) return null;
      try {
        const words = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0');
        return words.includes('resume') ? words : null;
      } catch {
        return null;
      }
    }, 30_000);
    expect(argv.slice(argv.indexOf('resume'), argv.indexOf('resume') + 2)).toEqual(['resume', thread]);
    // The resumed TUI shows the conversation so far and waits at its prompt: no prompt is sent for
    // the person (Codex fires no hook until one is typed).
    const resumedScreen = () => compactText(readFileSync(join(root, 'sy-home', 'logs', `${started.id}.log`), 'utf8').slice(logBefore));
    await waitFor('the resumed TUI', () => resumedScreen().includes('ECHO:firstpromptalpha') && resumedScreen().includes('forshortcuts'), 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(stub!.mainRequests()).toHaveLength(1);
    const before = stub!.mainRequests().length;
    await typeIntoSession(started.id, 'second prompt bravo');
    const request = await waitFor('the typed prompt to reach the model', () => stub!.mainRequests().slice(before).find((r) => JSON.stringify(r.body?.input ?? []).includes('second prompt bravo')), 60_000);
    // The same thread, with the first exchange in its history.
    expect(threadIdOf(request.body)).toBe(thread);
    expect(JSON.stringify(request.body?.input)).toContain('ECHO: first prompt alpha');
    // The task was not sent again on resume.
    expect((request.body?.input ?? []).filter((i) => i.role === 'user' && JSON.stringify(i.content).includes('first prompt alpha'))).toHaveLength(1);
    await waitFor('idle after the typed prompt', async () => (await status(started.id)).state === 'idle', 60_000);
    expect((await status(started.id)).harnessSessionId).toBe(thread);
  }, 240_000);
});

// Interactive Claude (the real CLI in the runner's PTY, against the stub model) reports through its
// hooks what it did, what it used and whether it needs you: tokens from its transcript, tool calls
// and files from PostToolUse, needs-input with the prompt from PermissionRequest, running/idle from
// UserPromptSubmit/Stop; and file activity from two such sessions is caught as a conflict.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { connectRunner } from '../../src-main/engine/runner';
import { openStore } from '../../src-main/engine/store';
import { claudeEnv, seedClaudeHome, STUB_API_KEY } from '../fixtures/stub-model/claude-env';
import { compactText } from '../fixtures/stub-model/claude-pty';
import { startStubModel, workingDirOf, type StubModel, type StubTurn, type StubTurnContext } from '../fixtures/stub-model/server';
import { cleanEnv, repoRoot, runCli, tempDir } from '../helpers/cli';
import { git, initUserRepo } from '../helpers/repo-world';
import { waitFor } from '../helpers/sessions';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let home: string;
let stub: StubModel | undefined;
const live: string[] = [];

beforeEach(() => {
  dir = tempDir('sy-claude-int-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  home = join(root, 'home');
  for (const d of ['home', 'claude-home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
  // A user who has run claude before and trusts this repository (the worktree inherits the trust).
  seedClaudeHome(join(root, 'claude-home'), { apiKey: STUB_API_KEY, trustedDirs: [repo] });
});

afterEach(async () => {
  for (const id of live.splice(0)) await sy(['stop', id]);
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = claudeEnv({ home: join(root, 'claude-home'), stubUrl: stub!.url, apiKey: STUB_API_KEY });
  return cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
}

function sy(args: string[]) {
  return runCli(['--home', home, ...args], { cwd: repo, env: env(), timeoutMs: 150_000 });
}

async function status(id: string): Promise<Session> {
  const r = await sy(['status', id, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Session;
}

async function startInteractive(task: string, extra: string[] = []): Promise<Session> {
  const r = await sy(['start', '--agent', 'claude', '--mode', 'interactive', '-t', task, ...extra, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const s = JSON.parse(r.stdout) as Session;
  live.push(s.id);
  return s;
}

const screen = (id: string) => {
  const log = join(home, 'logs', `${id}.log`);
  return existsSync(log) ? compactText(readFileSync(log, 'utf8')) : '';
};

/** Types into the session's terminal through its runner socket, as `attach` does. */
async function typeInto(id: string, ...keys: string[]): Promise<void> {
  const store = openStore(join(home, 'switchyard.db'));
  const socket = store.getOutputLog(id)!.socketPath!;
  store.close();
  const client = await connectRunner(socket);
  for (const k of keys) {
    client.input(k);
    await new Promise((r) => setTimeout(r, 300));
  }
  client.close();
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

async function idle(id: string): Promise<Session> {
  return waitFor('idle after the turn', async () => {
    const s = await status(id);
    return s.state === 'idle' ? s : null;
  }, 60_000);
}

describe('interactive Claude reports through its hooks', () => {
  it('a task that writes a file: running while the model answers, idle after; tokens, tool calls, files and its session id', async () => {
    const first = gate();
    const second = gate();
    const arrived: string[] = [];
    stub = await startStubModel({
      script: async (ctx: StubTurnContext): Promise<StubTurn> => {
        if (ctx.lastUserText.includes('write hello.txt')) {
          if (ctx.toolResults.length > 0) return { content: [{ type: 'text', text: 'Created hello.txt.' }], usage: { input_tokens: 1200, output_tokens: 30, cache_read_input_tokens: 400 } };
          arrived.push('task');
          await first.wait;
          const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
          return {
            content: [
              { type: 'text', text: 'Writing hello.txt.' },
              { type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'hello.txt'), content: 'hello from the agent\n' } },
            ],
            usage: { input_tokens: 1000, output_tokens: 50, cache_read_input_tokens: 200, cache_creation_input_tokens: 300 },
          };
        }
        arrived.push('second');
        await second.wait;
        return { content: [{ type: 'text', text: 'Second answer.' }], usage: { input_tokens: 1500, output_tokens: 20 } };
      },
    });
    const s = await startInteractive('write hello.txt');
    expect(s.worktree).not.toBeNull();

    await waitFor('the task at the model', () => arrived.includes('task'), 60_000);
    const working = await status(s.id);
    expect(working.state).toBe('running');
    expect(working.attention).toBeNull();
    first.open();

    await idle(s.id);
    const done = await waitFor('the first turn counted', async () => {
      const st = await status(s.id);
      return st.metrics.inputTokens === 2200 ? st : null;
    }, 20_000);
    expect(readFileSync(join(s.worktree!.path, 'hello.txt'), 'utf8')).toBe('hello from the agent\n');
    expect(done.metrics).toMatchObject({ inputTokens: 2200, outputTokens: 80, cacheReadTokens: 600, cacheCreationTokens: 300, tokensUsed: 2280, toolCalls: 1, filesChanged: 1 });
    // Claude's own conversation id, the one it sends the model (what `resume` passes back).
    expect(done.harnessSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(done.harnessSessionId).toBe(stub.mainRequests().at(-1)!.headers['x-claude-code-session-id']);
    const store = openStore(join(home, 'switchyard.db'));
    const tools = store.queryToolLogs(s.id, 1, 10).entries;
    const files = store.listFileActivity(s.id, 10);
    store.close();
    expect(tools.map((t) => [t.toolName, t.inputSummary])).toEqual([['Write', join(s.worktree!.path, 'hello.txt')]]);
    expect(files.map((f) => [f.action, f.path])).toEqual([['create', join(s.worktree!.path, 'hello.txt')]]);
    const summary = JSON.parse((await sy(['status', s.id, '--json'])).stdout) as { outcome: { summary: string | null } | null };
    expect(summary.outcome?.summary).toBe('Created hello.txt.');

    // A prompt typed into the idle session: running again (UserPromptSubmit) until the model answers.
    await typeInto(s.id, 'second prompt', '\r');
    await waitFor('the second prompt at the model', () => arrived.includes('second'), 30_000);
    expect((await status(s.id)).state).toBe('running');
    second.open();
    await idle(s.id);
    // Claude fires Stop before the turn's last transcript lines are written (anthropics/claude-code
    // #15812): Switchyard reads them in the background just after, so the tokens follow within seconds.
    const after = await waitFor('the second turn counted', async () => {
      const st = await status(s.id);
      return st.metrics.inputTokens === 3700 ? st : null;
    }, 20_000);
    expect(after.state).toBe('idle');
    expect(after.metrics).toMatchObject({ inputTokens: 3700, outputTokens: 100, tokensUsed: 3800, toolCalls: 1, filesChanged: 1 });

    // Claude writes its own cost into the transcript only as it exits; the SessionEnd hook reads it.
    const stop = await sy(['stop', s.id]);
    expect(stop.code, stop.stderr).toBe(0);
    live.splice(live.indexOf(s.id), 1);
    const stopped = await waitFor('the cost Claude reported on exit', async () => {
      const now = await status(s.id);
      return now.metrics.costUsd > 0 ? now : null;
    }, 30_000);
    expect(stopped.state).toBe('stopped');
    expect(stopped.metrics.tokensUsed).toBe(3800);
    const m = stopped.metrics;
    console.log(`claude interactive: tokens ${m.tokensUsed} (in ${m.inputTokens}, out ${m.outputTokens}, cache read ${m.cacheReadTokens}, cache write ${m.cacheCreationTokens}), cost $${m.costUsd}, toolCalls ${m.toolCalls}, files ${m.filesChanged}, session ${stopped.harnessSessionId}`);
  }, 240_000);

  it('a tool call that needs approval: needs input with the prompt within 2 s; approving in the terminal runs it and the session goes idle', async () => {
    const marker = join(root, 'approved.marker');
    stub = await startStubModel({
      script: (ctx) =>
        ctx.toolResults.length === 0
          ? { content: [{ type: 'tool_use', name: 'Bash', input: { command: `touch ${marker}`, description: 'mark the approval' } }] }
          : { content: [{ type: 'text', text: 'Marked.' }] },
    });
    // In its worktree Claude runs with acceptEdits: edits go ahead, a command outside the folder asks.
    const s = await startInteractive('mark it');
    await waitFor('the tool call sent', () => stub!.mainRequests()[0]?.repliedAt, 60_000);
    const sentAt = stub.mainRequests()[0]!.repliedAt!;
    const store = openStore(join(home, 'switchyard.db'));
    const flagged = await waitFor('needs input', () => {
      const now = store.getSession(s.id);
      return now?.attention === 'needs_input' ? { at: Date.now(), session: now } : null;
    }, 30_000);
    store.close();
    const seconds = (flagged.at - sentAt) / 1000;
    console.log(`claude interactive: needs input ${seconds.toFixed(2)} s after the model asked for the tool`);
    expect(seconds).toBeLessThan(2);
    expect(flagged.session.stateReason).toBe(`Claude asks permission to use Bash: touch ${marker}`);
    const listed = await sy(['sessions']);
    expect(listed.stdout).toMatch(new RegExp(`${s.id}\\s+needs input`));
    expect(existsSync(marker)).toBe(false);

    // The operator answers Claude's dialog ("1. Yes") through the runner socket.
    await waitFor('the permission dialog on screen', () => screen(s.id).includes('Doyouwanttoproceed?'), 30_000);
    await typeInto(s.id, '1');
    const done = await waitFor('idle, attention cleared', async () => {
      const now = await status(s.id);
      return now.state === 'idle' && now.attention === null ? now : null;
    }, 60_000);
    expect(existsSync(marker)).toBe(true);
    expect(done.metrics.toolCalls).toBe(1);
    expect(stub.mainRequests()).toHaveLength(2);
    // Claude's own "needs your permission" reminder (about 6 s after the dialog) does not come back later.
    await new Promise((r) => setTimeout(r, 7_000));
    expect((await status(s.id)).attention).toBeNull();
  }, 240_000);

  it('two interactive sessions writing the same file in their own worktrees: a conflict incident, resolved with the configured strategy', async () => {
    writeFileSync(join(home, 'config.toml'), '[conflict_resolution]\nstrategy = "last_write_wins"\n');
    stub = await startStubModel({
      script: (ctx) => {
        const who = /as (\w+)/.exec(ctx.lastUserText)?.[1] ?? 'someone';
        const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
        return ctx.toolResults.length === 0
          ? { content: [{ type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'shared.txt'), content: `${who} was here\n` } }] }
          : { content: [{ type: 'text', text: `${who} wrote shared.txt.` }] };
      },
    });
    // Each writes its own worktree's copy: the same file of the repository, so they would collide at merge.
    const a = await startInteractive('write shared.txt as alpha');
    expect((await idle(a.id)).metrics.filesChanged).toBe(1);
    const b = await startInteractive('write shared.txt as bravo');
    expect((await idle(b.id)).metrics.filesChanged).toBe(1);
    expect(readFileSync(join((await status(a.id)).worktree!.path, 'shared.txt'), 'utf8')).toBe('alpha was here\n');
    expect(readFileSync(join((await status(b.id)).worktree!.path, 'shared.txt'), 'utf8')).toBe('bravo was here\n');

    const tick = await sy(['daemon', '--once', '--json']);
    expect(tick.code, tick.stderr).toBe(0);
    const events = JSON.parse((await sy(['events', '--json'])).stdout) as { kind: string; payload: Record<string, unknown> }[];
    const conflicts = events.filter((e) => e.kind === 'conflict_detected').map((e) => e.payload);
    expect(conflicts).toEqual([
      expect.objectContaining({ path: join(repo, 'shared.txt'), strategy: 'last_write_wins', activeSessionId: b.id, pausedSessionId: a.id, paused: true }),
    ]);
    // Last write wins: the later writer keeps working, the earlier one is paused and told why.
    const paused = await status(a.id);
    expect(paused.state).toBe('stopped');
    expect(paused.stateReason).toContain(`paused: file conflict on ${join(repo, 'shared.txt')} with session ${b.id} (last_write_wins)`);
    expect((await status(b.id)).state).toBe('idle');
    expect(git(repo, 'status', '--porcelain')).toBe(''); // the user's checkout is untouched
  }, 300_000);
});

// Interactive OpenCode through Switchyard with the real TUI (opencode-ai 1.18.33): a clean HOME
// and XDG dirs, the chat-completions stub on 127.0.0.1 as its only model (opencode-env.ts), and
// `switchyard start --mode interactive`. What the session shows comes from Switchyard's
// per-session OpenCode plugin (agents/opencode), not from the screen.
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { connectRunner } from '../../src-main/engine/runner';
import { openStore } from '../../src-main/engine/store';
import { opencodeEnv, writeOpencodeConfig } from '../fixtures/stub-model/opencode-env';
import { startOpenAiStub, type OpenAiStub, type OpenAiTurn, type OpenAiTurnContext } from '../fixtures/stub-model/opencode-server';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli';
import { initUserRepo, switchyardCli } from '../helpers/repo-world';
import { waitFor } from '../helpers/sessions';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let stub: OpenAiStub | undefined;
const ids: string[] = [];

beforeEach(() => {
  dir = tempDir('sy-oci-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
});

afterEach(async () => {
  for (const id of ids.splice(0)) await sy(['stop', id]);
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

type Status = Session & { attention: string | null; stateReason: string | null };

/** The session as the store has it now (cheaper than a `status` process when polling tightly). */
function stored(id: string): Status {
  const store = openStore(join(root, 'home', 'switchyard.db'));
  try {
    return store.getSession(id) as Status;
  } finally {
    store.close();
  }
}

function socketOf(id: string): string {
  const store = openStore(join(root, 'home', 'switchyard.db'));
  try {
    return store.getOutputLog(id)!.socketPath!;
  } finally {
    store.close();
  }
}

async function type(id: string, text: string): Promise<void> {
  const client = await connectRunner(socketOf(id));
  if (text) client.input(text);
  await new Promise((r) => setTimeout(r, 300));
  client.input('\r');
  client.close();
}

describe('interactive OpenCode through Switchyard, real TUI', () => {
  it('reports tokens, cost, the tool call, the file, its session id, running and idle from its plugin', async () => {
    let hold: () => void = () => undefined;
    const held = new Promise<void>((r) => (hold = r));
    const script = (ctx: OpenAiTurnContext): OpenAiTurn => {
      const name = /write ([\w.-]+)/.exec(ctx.lastUserText)?.[1];
      if (name && ctx.turn === 0) {
        return { content: [{ type: 'tool_call', name: 'write', arguments: { filePath: join(workingDir(ctx), name), content: `${name} from opencode\n` } }] };
      }
      if (name) return { content: [{ type: 'text', text: `Created ${name}.` }] };
      // The second prompt's answer waits until the test has seen the session running.
      return { content: [{ type: 'text', text: 'Still here.' }], release: held };
    };
    stub = await startOpenAiStub({ script });
    const started = await json<Session>(['start', '--agent', 'opencode', '--mode', 'interactive', '-t', 'write hello.txt']);
    ids.push(started.id);
    const id = started.id;

    // The TUI can take a minute to boot on a busy machine.
    await waitFor('the turn to end (idle)', () => stored(id).state === 'idle', 240_000);
    const afterFirst = await json<Status>(['status', id]);
    console.info('opencode interactive, first turn:', afterFirst.metrics, afterFirst.harnessSessionId);
    expect(readFileSync(join(afterFirst.workingDir, 'hello.txt'), 'utf8')).toBe('hello.txt from opencode\n');
    // Two steps (the write, then the answer), each 800 fresh + 100 cached in and 21 out, priced by
    // the stub config's `cost` (0.002745 USD a step): OpenCode's own running totals.
    expect(afterFirst.metrics).toMatchObject({ inputTokens: 1600, outputTokens: 42, cacheReadTokens: 200, tokensUsed: 1642, toolCalls: 1, filesChanged: 1 });
    expect(afterFirst.metrics.costUsd).toBeCloseTo(0.00549, 6);
    expect(afterFirst.harnessSessionId).toMatch(/^ses_[A-Za-z0-9]+$/);

    // A prompt typed through the runner socket: running while the stub holds the answer, idle after.
    await type(id, 'say something');
    await waitFor('the stub holding the answer', () => stub!.mainRequests().length === 3, 60_000);
    expect(stored(id).state).toBe('running');
    hold();
    await waitFor('idle after the second turn', () => stored(id).state === 'idle', 60_000);
    const afterSecond = await json<Status>(['status', id]);
    expect(afterSecond.metrics).toMatchObject({ tokensUsed: 1642 + 821, toolCalls: 1, filesChanged: 1 });
    expect(afterSecond.metrics.costUsd).toBeCloseTo(3 * 0.002745, 6);
    expect(afterSecond.harnessSessionId).toBe(afterFirst.harnessSessionId);
    const events = await json<{ kind: string; payload: { to?: string } }[]>(['events', '--session', id]);
    const moves = events.filter((e) => e.kind === 'session_state').map((e) => e.payload.to);
    expect(moves.filter((m) => m === 'idle')).toHaveLength(2);
    expect(moves.slice(-2)).toEqual(['running', 'idle']);

    // `resume` reopens OpenCode's own conversation: `opencode <dir> --session <its id>`.
    const before = stored(id).pid;
    expect((await sy(['stop', id])).code).toBe(0);
    expect((await sy(['resume', id])).code).toBe(0);
    const pid = await waitFor('the resumed agent', () => {
      const now = stored(id);
      return now.state === 'running' && now.pid !== before ? now.pid : null;
    }, 60_000);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(argv[argv.indexOf('--session') + 1]).toBe(afterFirst.harnessSessionId);
    expect(argv[1]).toBe(afterFirst.workingDir);
  }, 480_000);

  it('an approval OpenCode asks for makes the session needs-input with its prompt; Enter through the socket approves it', async () => {
    const outsideDir = join(root, 'outside');
    mkdirSync(outsideDir);
    const outside = join(outsideDir, 'note.txt');
    let askedAt = 0;
    stub = await startOpenAiStub({
      script: (ctx) => {
        if (ctx.turn === 0) {
          askedAt = Date.now();
          return { content: [{ type: 'tool_call', name: 'write', arguments: { filePath: outside, content: 'approved\n' } }] };
        }
        return { content: [{ type: 'text', text: 'Wrote the note.' }] };
      },
    });
    const started = await json<Session>(['start', '--agent', 'opencode', '--mode', 'interactive', '-t', 'write the note outside']);
    ids.push(started.id);
    const id = started.id;

    const flagged = await waitFor('needs-input', () => (stored(id).attention === 'needs_input' ? Date.now() : 0), 240_000);
    const waiting = stored(id);
    console.info(`opencode interactive: needs-input ${flagged - askedAt} ms after the stub sent the write call: ${waiting.stateReason}`);
    expect(waiting.stateReason).toBe(`OpenCode asks permission to access an external directory: ${outsideDir} (${outsideDir}/*)`);
    // Measured from the stub's answer carrying the write call to the store showing the prompt.
    expect(flagged - askedAt).toBeLessThan(2000);
    expect(waiting.state).toBe('running');
    expect(existsSync(outside)).toBe(false);

    // OpenCode's dialog has "Allow once" selected: Enter confirms it.
    await type(id, '');
    await waitFor('idle after the approved write', () => stored(id).state === 'idle', 120_000);
    const done = await json<Status>(['status', id]);
    expect(done.attention).toBeNull();
    expect(readFileSync(outside, 'utf8')).toBe('approved\n');
    expect(done.metrics).toMatchObject({ toolCalls: 1, filesChanged: 1 });
    expect(stub.mainRequests()).toHaveLength(2);
  }, 420_000);
});

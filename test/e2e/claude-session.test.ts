// The real Claude Code CLI under Switchyard's runner, against the stub model on 127.0.0.1.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClaudeStream } from '../../src-main/engine/metrics';
import type { Session } from '../../src-main/engine/model';
import { connectRunner } from '../../src-main/engine/runner';
import { openStore } from '../../src-main/engine/store';
import { claudeEnv, seedClaudeHome, STUB_API_KEY } from '../fixtures/stub-model/claude-env';
import { compactText } from '../fixtures/stub-model/claude-pty';
import { startStubModel } from '../fixtures/stub-model/server';
import type { StubModel } from '../fixtures/stub-model/server';
import { cleanEnv, repoRoot, runCli, tempDir } from '../helpers/cli';
import { waitFor } from '../helpers/sessions';

let dir: { path: string; cleanup: () => void };
let root: string;
let stub: StubModel | undefined;
const ids: string[] = [];

beforeEach(() => {
  dir = tempDir('sy-claude-');
  root = realpathSync(dir.path);
  for (const d of ['home', 'claude-home', 'work']) mkdirSync(join(root, d));
  writeFileSync(join(root, 'home', 'config.toml'), '[agent_profiles.writer]\npermission_mode = "acceptEdits"\n');
});

afterEach(async () => {
  for (const id of ids.splice(0)) await sy(['stop', id]);
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = claudeEnv({ home: join(root, 'claude-home'), stubUrl: stub!.url, apiKey: STUB_API_KEY });
  return cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
}

function sy(args: string[]) {
  return runCli(['--home', join(root, 'home'), ...args], { cwd: join(root, 'work'), env: env(), timeoutMs: 150_000 });
}

describe('a headless Claude session', () => {
  it('writes the file, completes, and stores the tokens and cost the stream reported', async () => {
    const target = join(root, 'work', 'hello.txt');
    stub = await startStubModel({
      script: [
        {
          content: [
            { type: 'text', text: 'Creating hello.txt.' },
            { type: 'tool_use', id: 'toolu_write', name: 'Write', input: { file_path: target, content: 'hello from the stub\n' } },
          ],
          usage: { input_tokens: 1000, output_tokens: 50, cache_read_input_tokens: 200, cache_creation_input_tokens: 300 },
        },
        { content: [{ type: 'text', text: 'Wrote hello.txt.' }], usage: { input_tokens: 1200, output_tokens: 30, cache_read_input_tokens: 400 } },
      ],
    });
    const start = await sy(['start', '--agent', 'claude', '--mode', 'headless', '--no-worktree', '--profile', 'writer', '--task', 'Create hello.txt saying hello', '--json']);
    expect(start.code, start.stderr).toBe(0);
    const { id } = JSON.parse(start.stdout) as Session;
    const wait = await sy(['wait', id, '--timeout', '120']);
    expect(wait.code, wait.stderr).toBe(0);
    const status = JSON.parse((await sy(['status', id, '--json'])).stdout) as Session;

    expect(status.state).toBe('completed');
    expect(readFileSync(target, 'utf8')).toBe('hello from the stub\n');
    const stream = parseClaudeStream(readFileSync(join(root, 'home', 'logs', `${id}.log`)));
    expect(stream.usageFinal).toBe(true);
    expect(status.metrics).toMatchObject({
      inputTokens: stream.inputTokens,
      outputTokens: stream.outputTokens,
      cacheReadTokens: stream.cacheReadTokens,
      cacheCreationTokens: stream.cacheCreationTokens,
      tokensUsed: 2280,
      costUsd: stream.costUsd,
      toolCalls: 1,
      filesChanged: 1,
    });
    expect(status.metrics.inputTokens).toBe(2200);
    expect(status.metrics.costUsd).toBeGreaterThan(0);
    expect(status.harnessSessionId).toBe(stream.harnessSessionId);
    // The Write shows up as a tool-log row with a risk score and as file activity for conflict detection.
    const store = openStore(join(root, 'home', 'switchyard.db'));
    const tools = store.queryToolLogs(id, 1, 10);
    const files = store.listFileActivity(id, 10);
    store.close();
    expect(tools.entries.map((t) => t.toolName)).toEqual(['Write']);
    expect(tools.entries[0]!.riskScore).toBeGreaterThan(0);
    expect(files.map((f) => f.path)).toEqual([target]);
  }, 180_000);
});

describe('an interactive Claude session', () => {
  it('takes a prompt typed through the runner socket and shows the answer', async () => {
    stub = await startStubModel({ script: 'echo' });
    seedClaudeHome(join(root, 'claude-home'), { apiKey: STUB_API_KEY, trustedDirs: [join(root, 'work')] });
    const start = await sy(['start', '--agent', 'claude', '--mode', 'interactive', '--no-worktree', '--task', 'first prompt alpha', '--json']);
    expect(start.code, start.stderr).toBe(0);
    const { id } = JSON.parse(start.stdout) as Session;
    ids.push(id);
    const logPath = join(root, 'home', 'logs', `${id}.log`);
    const screen = () => (existsSync(logPath) ? compactText(readFileSync(logPath, 'utf8')) : '');
    await waitFor('the answer to the first prompt', () => screen().includes('ECHO:firstpromptalpha'), 60_000);

    // The Stop hook reports the finished turn: the session is idle, waiting for input.
    const state = async () => (JSON.parse((await sy(['status', id, '--json'])).stdout) as Session).state;
    await waitFor('idle after the first turn', async () => (await state()) === 'idle', 30_000);
    const store = openStore(join(root, 'home', 'switchyard.db'));
    const socket = store.getOutputLog(id)!.socketPath!;
    const harnessId = store.getSession(id)!.harnessSessionId;
    store.close();
    expect(harnessId).toMatch(/^[0-9a-f-]{36}$/);
    const client = await connectRunner(socket);
    client.input('second prompt bravo');
    await new Promise((r) => setTimeout(r, 300));
    client.input('\r');
    client.close();
    await waitFor('the answer to the typed prompt', () => screen().includes('ECHO:secondpromptbravo'), 60_000);
    await waitFor('idle again', async () => (await state()) === 'idle', 30_000);
    const events = JSON.parse((await sy(['events', '--session', id, '--json'])).stdout) as { kind: string; payload: { to?: string } }[];
    const moves = events.filter((e) => e.kind === 'session_state').map((e) => e.payload.to);
    expect(moves).toEqual(expect.arrayContaining(['running', 'idle']));
    expect(moves.filter((m) => m === 'idle').length).toBeGreaterThanOrEqual(2);
    expect(stub.mainRequests().length).toBeGreaterThanOrEqual(2);
  }, 180_000);
});

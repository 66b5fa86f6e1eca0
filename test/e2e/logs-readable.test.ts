// `switchyard logs ID` of a headless session is readable text for every agent, with the real CLI
// against its stub (set-ups as in the agents' own headless tests): the assistant's words, a tool
// line naming the file, the final result with tokens and cost, no raw JSON; `--raw` is the log.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { claudeEnv, seedClaudeHome, STUB_API_KEY } from '../fixtures/stub-model/claude-env';
import { startStubModel, workingDirOf, type StubModel } from '../fixtures/stub-model/server';
import { addFilePatch, codexEnv, startCodexStub, writeCodexHome, type CodexStub } from '../fixtures/stub-model/codex-server';
import { opencodeEnv, writeOpencodeConfig } from '../fixtures/stub-model/opencode-env';
import { startOpenAiStub, type OpenAiStub } from '../fixtures/stub-model/opencode-server';
import { geminiEnv, seedGeminiHome } from '../fixtures/stub-model/gemini-env';
import { geminiWorkspaceOf, startGeminiStub, type GeminiStub } from '../fixtures/stub-model/gemini-server';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli';
import { initUserRepo, switchyardCli } from '../helpers/repo-world';
import { waitFor } from '../helpers/sessions';
import { terminalTextLines } from '../../src-main/engine/transcript';

const SAMPLES = join(tmpdir(), 'logs-view-shots');

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let closeStub: (() => Promise<void>) | undefined;
let env: () => NodeJS.ProcessEnv;

beforeEach(() => {
  dir = tempDir('sy-logs-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['sy-home', 'home', 'agent-home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
});

afterEach(async () => {
  await closeStub?.();
  closeStub = undefined;
  dir.cleanup();
});

const bins = (e: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...e, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${e.PATH}` });
const { sy, json } = switchyardCli(() => join(root, 'sy-home'), () => env(), () => repo);

interface Readable {
  id: string;
  text: string;
  note: string;
}

/** Runs `write hello.txt` to completion and returns `logs` (stdout, stderr), after checking `--raw`. */
async function runAndRead(agent: string, opts: { follow?: boolean } = {}): Promise<Readable> {
  const started = await json<Session>(['start', '--agent', agent, '-t', 'write hello.txt']);
  // Followed live from the start (or read from the log, should the run be over by then).
  const followed = opts.follow ? sy(['logs', '-f', started.id]) : null;
  expect((await sy(['wait', started.id, '--timeout', '120'])).code).toBe(0);
  const status = await json<Session>(['status', started.id]);
  const bytes = readFileSync(join(root, 'sy-home', 'logs', `${started.id}.log`), 'utf8');
  expect(status.state, bytes).toBe('completed');
  const raw = await sy(['logs', started.id, '--raw']);
  expect(raw.code).toBe(0);
  expect(raw.stdout).toBe(bytes);
  const readable = await sy(['logs', started.id]);
  expect(readable.code, readable.stderr).toBe(0);
  // Kept for people to look at (not asserted on).
  mkdirSync(SAMPLES, { recursive: true });
  writeFileSync(join(SAMPLES, `logs-${agent}.txt`), `${readable.stderr}${readable.stdout}`);
  if (followed) {
    const f = await followed;
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toBe(readable.stdout);
  }
  return { id: started.id, text: readable.stdout, note: readable.stderr };
}

function expectReadable(r: Readable, words: string, tool: RegExp, cost: RegExp): void {
  const lines = r.text.split('\n');
  expect(r.text).toContain(words);
  // One line per call: the tool and the file it wrote (relative to the worktree).
  expect(lines.filter((l) => tool.test(l)), r.text).toHaveLength(1);
  expect(lines.some((l) => l.trim().startsWith('{') || l.trim().startsWith('"')), r.text).toBe(false);
  expect(r.text).not.toContain('"type"');
  expect(r.text).toMatch(/── result: completed\n {3}[\d,]+ tokens \(in [\d,]+, out [\d,]+/);
  expect(r.text).toMatch(cost);
  expect(r.note).toContain('its conversation');
}

describe('switchyard logs: readable transcripts of headless sessions, real CLIs', () => {
  it('Claude', async () => {
    const stub: StubModel = await startStubModel({
      script: (ctx) => {
        const cwd = workingDirOf(ctx.body) ?? '/nonexistent';
        if (ctx.turn === 0) return { content: [{ type: 'text', text: 'Writing hello.txt now.' }, { type: 'tool_use', name: 'Write', input: { file_path: join(cwd, 'hello.txt'), content: 'hi\n' } }] };
        return { content: [{ type: 'text', text: 'Created hello.txt with a greeting.' }] };
      },
    });
    closeStub = () => stub.close();
    env = () => cleanEnv(bins(claudeEnv({ home: join(root, 'agent-home'), stubUrl: stub.url, apiKey: STUB_API_KEY })));
    const r = await runAndRead('claude', { follow: true });
    expectReadable(r, 'Writing hello.txt now.', /^ {2}→ Write hello\.txt {2}\[ok\]: File created successfully/, /· \$\d+\.\d{4} · 1 tool call · 1 file changed/);
    expect(r.text).toContain('Created hello.txt with a greeting.');
  }, 240_000);

  it('Codex', async () => {
    const stub: CodexStub = await startCodexStub({
      script: (ctx) =>
        ctx.turn === 0
          ? { output: [{ type: 'text', text: 'Writing hello.txt now.' }, { type: 'custom_tool_call', name: 'apply_patch', input: addFilePatch('hello.txt', 'hi\n') }], usage: { input_tokens: 1000, cached_input_tokens: 200, output_tokens: 40, reasoning_tokens: 5 } }
          : { output: [{ type: 'text', text: 'Created hello.txt.' }], usage: { input_tokens: 1100, cached_input_tokens: 900, output_tokens: 10, reasoning_tokens: 0 } },
    });
    closeStub = () => stub.close();
    writeCodexHome(join(root, 'agent-home'), stub.baseUrl);
    env = () => {
      const merged = cleanEnv(bins(codexEnv({ home: join(root, 'home'), codexHome: join(root, 'agent-home') })));
      for (const key of Object.keys(merged)) if (key.startsWith('OPENAI_') || (key.startsWith('CODEX_') && key !== 'CODEX_HOME')) delete merged[key];
      return merged;
    };
    const r = await runAndRead('codex', { follow: true });
    // Codex 0.171 names no cost; the stub's model has no price either.
    expectReadable(r, 'Writing hello.txt now.', /^ {2}→ apply_patch hello\.txt {2}\[ok\]/, /tokens \(in 2,100, out 50, reasoning 5, cache read 1,100\) · (cost not reported|\$)/);
    expect(r.text).toContain('Created hello.txt.');
  }, 240_000);

  it('OpenCode', async () => {
    const stub: OpenAiStub = await startOpenAiStub({
      script: (ctx) => {
        const cwd = /Working directory: ([^\\"\n]+)/.exec(JSON.stringify(ctx.body.messages))?.[1]?.trim() ?? '/nonexistent';
        if (ctx.turn === 0) return { content: [{ type: 'text', text: 'Writing hello.txt now.' }, { type: 'tool_call', name: 'write', arguments: { filePath: join(cwd, 'hello.txt'), content: 'hi\n' } }] };
        return { content: [{ type: 'text', text: 'Created hello.txt with a greeting.' }] };
      },
    });
    closeStub = () => stub.close();
    env = () => cleanEnv(bins(opencodeEnv(join(root, 'oc'), writeOpencodeConfig(join(root, 'oc', 'opencode.json'), stub.baseURL))));
    const r = await runAndRead('opencode');
    expectReadable(r, 'Created hello.txt with a greeting.', /^ {2}→ write hello\.txt {2}\[ok\]: Wrote file successfully/, /· \$0\.0055 · 1 tool call · 1 file changed/);
  }, 240_000);

  it('Gemini', async () => {
    const stub: GeminiStub = await startGeminiStub({
      script: (ctx) => {
        if (ctx.functionResponses.length === 0) {
          const cwd = geminiWorkspaceOf(ctx.body) ?? '/nonexistent';
          return { parts: [{ text: 'Writing hello.txt now.' }, { functionCall: { name: 'write_file', args: { file_path: join(cwd, 'hello.txt'), content: 'hi\n' } } }], usage: { promptTokenCount: 1000, candidatesTokenCount: 30 } };
        }
        return { parts: [{ text: 'Created the file with a greeting.' }], usage: { promptTokenCount: 1200, candidatesTokenCount: 10 } };
      },
    });
    closeStub = () => stub.close();
    seedGeminiHome(join(root, 'agent-home'));
    env = () => bins(geminiEnv({ home: join(root, 'home'), cliHome: join(root, 'agent-home'), stubUrl: stub.url }));
    const r = await runAndRead('gemini');
    expectReadable(r, 'Writing hello.txt now.', /^ {2}→ write_file hello\.txt {2}\[ok\]/, /tokens \(in 2,200, out 40\) · (cost not reported|\$)/);
    expect(r.text).toContain('Created the file with a greeting.');
  }, 240_000);

  it('interactive Claude (its real full-screen TUI): logs shows the last screen with the answer, not a blank one', async () => {
    const stub: StubModel = await startStubModel({ script: 'echo' });
    closeStub = () => stub.close();
    seedClaudeHome(join(root, 'agent-home'), { apiKey: STUB_API_KEY, trustedDirs: [repo] });
    env = () => cleanEnv(bins(claudeEnv({ home: join(root, 'agent-home'), stubUrl: stub.url, apiKey: STUB_API_KEY })));
    const started = await json<Session>(['start', '--agent', 'claude', '--mode', 'interactive', '--no-worktree', '-t', 'say hi']);
    const logFile = join(root, 'sy-home', 'logs', `${started.id}.log`);
    const shown = () => existsSync(logFile) && terminalTextLines(readFileSync(logFile)).some((l) => l.includes('ECHO: say hi'));
    await waitFor('the echoed answer on screen', shown, 90_000);
    expect((await sy(['stop', started.id])).code).toBe(0);
    const logs = await sy(['logs', started.id]);
    expect(logs.code, logs.stderr).toBe(0);
    mkdirSync(SAMPLES, { recursive: true });
    writeFileSync(join(SAMPLES, 'logs-claude-interactive.txt'), `${logs.stderr}${logs.stdout}`);
    // Claude Code draws in the alternate screen and leaves it when stopped: the replay would end blank.
    expect(logs.stderr).toMatch(/full-screen \(alternate\) view.*showing its last screen/);
    expect(logs.stdout).toContain('ECHO: say hi');
    expect(logs.stdout).not.toContain('\x1b');
    expect((await sy(['logs', started.id, '--raw'])).stdout).toBe(readFileSync(logFile, 'utf8'));
  }, 240_000);
});

// The real Claude Code CLI, interactive (no -p), in a PTY against the stub model: a typed prompt
// gets the stub's echo on screen, and hooks passed with --settings fire in order with payloads
// that carry Claude's own session id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STUB_API_KEY, seedClaudeHome } from '../../fixtures/stub-model/claude-env';
import { readHookLog, recordingHookSettings, spawnClaudePty, type ClaudePty } from '../../fixtures/stub-model/claude-pty';
import { echoText, startStubModel, turnContext, type StubModel } from '../../fixtures/stub-model/server';

let root: string;
let project: string;
let home: string;
let hookLog: string;
let stub: StubModel | undefined;
let claude: ClaudePty | undefined;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'claude-interactive-')));
  project = path.join(root, 'project');
  home = path.join(root, 'home');
  hookLog = path.join(root, 'hooks.log');
  fs.mkdirSync(project);
  seedClaudeHome(home, { apiKey: STUB_API_KEY, trustedDirs: [project] });
});

afterEach(async () => {
  await claude?.kill();
  claude = undefined;
  await stub?.close();
  stub = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

const hooksFired = (event: string) => () => readHookLog(hookLog).some((r) => r.event === event);

async function startClaude(extraArgs: string[] = []): Promise<ClaudePty> {
  if (!stub) throw new Error('start the stub model first');
  const settings = recordingHookSettings(hookLog, ['SessionStart', 'UserPromptSubmit', 'Stop', 'Notification']);
  const pty = spawnClaudePty({ cwd: project, home, stubUrl: stub.url, apiKey: STUB_API_KEY, args: ['--settings', settings, ...extraArgs] });
  // Ready = the session started (hook) and the input prompt is drawn; no onboarding,
  // API-key or trust dialog may sit in between, or typing would answer that instead.
  await pty.waitFor(hooksFired('SessionStart'), 'the SessionStart hook');
  await pty.waitFor(() => pty.compact().includes('❯'), 'the input prompt');
  await new Promise((r) => setTimeout(r, 300));
  return pty;
}

describe('interactive claude in a PTY against the stub model', () => {
  it('answers a typed prompt and fires UserPromptSubmit then Stop with its session id', async () => {
    stub = await startStubModel({ script: 'echo' });
    claude = await startClaude();
    const prompt = `ping-${process.pid}-${Date.now()}`;

    await claude.submit(prompt);
    await claude.waitFor(() => claude!.compact().includes(echoText(prompt).replace(/\s+/g, '')), 'the echoed answer');
    await claude.waitFor(hooksFired('Stop'), 'the Stop hook');

    const records = readHookLog(hookLog);
    const order = records.map((r) => r.event).filter((e) => e !== 'Notification');
    expect(order).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop']);
    const submit = records.find((r) => r.event === 'UserPromptSubmit')!.payload;
    const stop = records.find((r) => r.event === 'Stop')!.payload;
    expect(submit.prompt).toBe(prompt);
    expect(submit.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stop.session_id).toBe(submit.session_id);
    expect(stop.cwd).toBe(project);
    expect(stop.last_assistant_message).toBe(echoText(prompt));
    expect(fs.existsSync(String(stop.transcript_path))).toBe(true);

    // The stub saw exactly the typed prompt as one conversation turn.
    expect(stub.mainRequests()).toHaveLength(1);
    expect(turnContext(stub.mainRequests()[0]?.body ?? {}).lastUserText).toBe(prompt);
    expect(claude.exited()).toBe(false); // idle at the prompt, waiting for the next one
  }, 60_000);

  it('fires Notification for a permission prompt and continues once the operator approves', async () => {
    const target = path.join(project, 'approved.txt');
    stub = await startStubModel({
      script: (ctx) =>
        ctx.turn === 0
          ? { content: [{ type: 'tool_use', name: 'Write', input: { file_path: target, content: 'approved\n' } }] }
          : { content: [{ type: 'text', text: 'Wrote approved.txt' }] },
    });
    // The default permission mode asks before a Write (interactive claude now defaults to "auto").
    claude = await startClaude(['--permission-mode', 'default']);

    await claude.submit('create approved.txt');
    await claude.waitFor(() => claude!.compact().includes('Doyouwanttocreateapproved.txt?'), 'the permission prompt');
    // Claude raises the notification a few seconds after the prompt appears (about 6 s here).
    await claude.waitFor(hooksFired('Notification'), 'the Notification hook', 20_000);
    expect(fs.existsSync(target)).toBe(false);
    expect(hooksFired('Stop')()).toBe(false);

    const notification = readHookLog(hookLog).find((r) => r.event === 'Notification')!.payload;
    expect(notification.notification_type).toBe('permission_prompt');
    expect(notification.message).toBe('Claude needs your permission');
    const submit = readHookLog(hookLog).find((r) => r.event === 'UserPromptSubmit')!.payload;
    expect(notification.session_id).toBe(submit.session_id);

    claude.write('1'); // "1. Yes"
    await claude.waitFor(hooksFired('Stop'), 'the Stop hook after approval');
    expect(fs.readFileSync(target, 'utf8')).toBe('approved\n');
    expect(stub.mainRequests()).toHaveLength(2);
  }, 60_000);
});

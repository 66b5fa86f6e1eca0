// Interactive Codex: the hook payloads Codex 0.171 sends (captured from the real TUI against the
// stub) turn into session events; token totals come from its rollout transcript; the hooks are
// installed with `-c` values that Codex parses as TOML and runs through a shell.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCodexHookAdapter } from '../../../src-main/engine/agents/codex/hooks';
import { codexHookOverrides, codexInteractive, tomlString } from '../../../src-main/engine/agents/codex/interactive';
import { patchedFiles } from '../../../src-main/engine/agents/codex/patch';
import { lastTokenTotals } from '../../../src-main/engine/agents/codex/rollout';
import type { SessionEvent } from '../../../src-main/engine/agents/events';

const THREAD = '01a23262-ea7b-7351-b0a9-d3c82c7be3cf';
const CWD = '/home/dev/work/proj';
let dir: string;
let transcript: string;

const meta = (threadSource: string) =>
  JSON.stringify({ timestamp: 't', type: 'session_meta', payload: { id: THREAD, session_id: THREAD, cwd: CWD, originator: 'codex-tui', cli_version: '0.171.0', thread_source: threadSource, base_instructions: { text: 'x'.repeat(30_000) } } });
const tokenCount = (input: number, cached: number, output: number, reasoning: number) =>
  JSON.stringify({
    timestamp: 't',
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: {
        total_token_usage: { input_tokens: input, cached_input_tokens: cached, cache_write_input_tokens: 0, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output },
        last_token_usage: { input_tokens: 1, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 1, reasoning_output_tokens: 0, total_tokens: 2 },
      },
      rate_limits: null,
    },
  });
const rateLimitsOnly = JSON.stringify({ timestamp: 't', type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: { limit_id: 'codex' } } });

function writeTranscript(lines: string[]): void {
  writeFileSync(transcript, `${lines.join('\n')}\n`);
}

const base = () => ({ session_id: THREAD, transcript_path: transcript, cwd: CWD, model: 'gpt-5.5', permission_mode: 'default' });
const fromHook = (event: string, extra: Record<string, unknown> = {}): SessionEvent[] =>
  createCodexHookAdapter().fromHook(event, { ...base(), hook_event_name: event, ...extra });
const only = <K extends SessionEvent['kind']>(events: SessionEvent[], kind: K) => events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codex-hooks-'));
  transcript = join(dir, `rollout-2026-12-01T16-14-08-${THREAD}.jsonl`);
  writeTranscript([meta('user')]);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PATCH = '*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch\n';

describe('Codex hook adapter', () => {
  it('SessionStart names the thread and says the session began; UserPromptSubmit starts a turn', () => {
    expect(fromHook('SessionStart', { source: 'startup' })).toEqual([{ kind: 'session_id', id: THREAD }, { kind: 'agent_started', hook: 'SessionStart' }]);
    expect(fromHook('UserPromptSubmit', { turn_id: 'turn-1', prompt: 'please write a.txt' })).toEqual([{ kind: 'session_id', id: THREAD }, { kind: 'turn_started' }]);
  });

  it('PostToolUse of apply_patch: one tool call on the file, its result, the created file, the totals so far', () => {
    writeTranscript([meta('user'), tokenCount(1000, 200, 40, 5)]);
    const events = fromHook('PostToolUse', {
      turn_id: 'turn-1',
      tool_name: 'apply_patch',
      tool_input: { command: PATCH },
      tool_response: 'Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nA a.txt\n',
      tool_use_id: 'call_resp_stub_1_item_1',
    });
    expect(only(events, 'tool_call')).toEqual([{ kind: 'tool_call', id: 'call_resp_stub_1_item_1', tool: 'apply_patch', input: { command: PATCH }, target: `${CWD}/a.txt` }]);
    expect(only(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'call_resp_stub_1_item_1', status: 'ok' }]);
    expect(only(events, 'file')).toEqual([{ kind: 'file', path: `${CWD}/a.txt`, action: 'create', tool: 'apply_patch', callId: 'call_resp_stub_1_item_1' }]);
    expect(only(events, 'usage')).toEqual([{ kind: 'usage', input: 1000, output: 40, cacheRead: 200, cacheWrite: 0, reasoning: 5, cumulative: true, model: 'gpt-5.5' }]);
  });

  it('a failed patch is an error result and changes no file', () => {
    const events = fromHook('PostToolUse', { tool_name: 'apply_patch', tool_input: { command: PATCH }, tool_response: 'Exit code: 1\nOutput:\nFailed to apply patch', tool_use_id: 'c2' });
    expect(only(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'c2', status: 'error' }]);
    expect(only(events, 'file')).toEqual([]);
  });

  it('a shell command is a "shell" tool call with the command as its target, and no file guessed', () => {
    const events = fromHook('PostToolUse', { tool_name: 'Bash', tool_input: { command: 'echo escalated > e1.txt' }, tool_response: '', tool_use_id: 'call_11' });
    expect(only(events, 'tool_call')).toEqual([{ kind: 'tool_call', id: 'call_11', tool: 'shell', input: { command: 'echo escalated > e1.txt' }, target: 'echo escalated > e1.txt' }]);
    expect(only(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'call_11', status: 'ok' }]);
    expect(only(events, 'file')).toEqual([]);
  });

  it('PermissionRequest asks for input with the command and the reason Codex shows', () => {
    const events = fromHook('PermissionRequest', { turn_id: 'turn-1', tool_name: 'Bash', tool_input: { command: 'echo escalated > e1.txt', description: 'The stub asks to run this outside the sandbox' } });
    expect(only(events, 'needs_input')).toEqual([{ kind: 'needs_input', prompt: 'Codex asks to run: echo escalated > e1.txt (The stub asks to run this outside the sandbox)' }]);
    expect(only(fromHook('PermissionRequest', { tool_name: 'apply_patch', tool_input: { command: PATCH } }), 'needs_input')).toEqual([
      { kind: 'needs_input', prompt: `Codex asks to edit ${CWD}/a.txt` },
    ]);
  });

  it('Stop ends the turn with the final totals and the last answer', () => {
    writeTranscript([meta('user'), tokenCount(1000, 200, 40, 5), rateLimitsOnly, tokenCount(2100, 1100, 50, 5), rateLimitsOnly]);
    expect(fromHook('Stop', { turn_id: 'turn-1', stop_hook_active: false, last_assistant_message: 'Created a.txt.' })).toEqual([
      { kind: 'session_id', id: THREAD },
      { kind: 'usage', input: 2100, output: 50, cacheRead: 1100, cacheWrite: 0, reasoning: 5, cumulative: true, model: 'gpt-5.5' },
      { kind: 'turn_ended' },
      { kind: 'result', text: 'Created a.txt.', isError: false },
    ]);
  });

  it("a side thread (title generation) neither names the session nor moves its state; its edits still count", () => {
    writeTranscript([meta('thread_title'), tokenCount(10, 0, 5, 0)]);
    expect(fromHook('SessionStart')).toEqual([]);
    expect(fromHook('UserPromptSubmit', { prompt: 'Generate a concise title' })).toEqual([]);
    expect(fromHook('Stop', { last_assistant_message: 'Write a file' })).toEqual([]);
    const edit = fromHook('PostToolUse', { tool_name: 'apply_patch', tool_input: { command: PATCH }, tool_response: 'Exit code: 0', tool_use_id: 'c9' });
    expect(edit.map((e) => e.kind)).toEqual(['tool_call', 'tool_result', 'file']);
    // A thread without a transcript (not persisted) is not the session's either.
    expect(createCodexHookAdapter().fromHook('Stop', { session_id: 'other', last_assistant_message: 'x' })).toEqual([]);
  });

  it('an unknown event gives nothing', () => {
    expect(fromHook('SubagentStop')).toEqual([]);
  });
});

describe('rollout token totals', () => {
  it('are found behind megabytes of later output, across read blocks, with multi-byte text around', () => {
    const big = JSON.stringify({ type: 'response_item', payload: { type: 'function_call_output', output: 'é'.repeat(700_000) } });
    const mid = JSON.stringify({ type: 'response_item', payload: { type: 'function_call_output', output: 'ü'.repeat(200_000) } });
    writeTranscript([meta('user'), tokenCount(7, 1, 3, 0), mid, 'not json', big, mid, JSON.stringify({ type: 'event_msg', payload: { type: 'agent_message', message: '"token_count" ünïcode' } })]);
    expect(lastTokenTotals(transcript)).toEqual({ input: 7, cachedInput: 1, cacheWrite: 0, output: 3, reasoning: 0 });
  });

  it('are null before the first model call and for a missing file', () => {
    writeTranscript([meta('user'), rateLimitsOnly]);
    expect(lastTokenTotals(transcript)).toBeNull();
    expect(lastTokenTotals(join(dir, 'missing.jsonl'))).toBeNull();
  });
});

describe('apply_patch file headers', () => {
  it('adds, updates, deletes and renames, resolved against the cwd', () => {
    const patch = [
      '*** Begin Patch',
      '*** Add File: new.txt',
      '+hi',
      '*** Update File: src/a.ts',
      '@@',
      '-old',
      '+new',
      '*** Update File: old/name.ts',
      '*** Move to: new/name.ts',
      '*** Delete File: /abs/gone.txt',
      '*** End Patch',
    ].join('\n');
    expect(patchedFiles(patch, '/w')).toEqual([
      { path: '/w/new.txt', action: 'create' },
      { path: '/w/src/a.ts', action: 'modify' },
      { path: '/w/old/name.ts', action: 'delete' },
      { path: '/w/new/name.ts', action: 'create' },
      { path: '/abs/gone.txt', action: 'delete' },
    ]);
  });
});

describe('Codex hook installation', () => {
  const ctx = { sessionId: 'ab12cd34', home: "/data/it's home", hookCommand: ['/usr/bin/node', '/opt/switch yard/cli.js'] };

  it('reports through hooks, with hook trust bypassed and no background daemon', async () => {
    expect(codexInteractive.reportsThroughHooks).toBe(true);
    const { args, env } = await codexInteractive.prepare({ ...ctx, workingDir: '/w', sessionDir: '/s', processEnv: {} });
    expect(args.slice(0, 2)).toEqual(['--dangerously-bypass-hook-trust', '--no-daemon']);
    expect(args.filter((a) => a === '-c')).toHaveLength(5);
    expect(env).toEqual({});
  });

  it('each -c value is TOML whose command a shell splits back into the hook-event words', () => {
    const args = codexHookOverrides(ctx);
    const events: string[] = [];
    for (let i = 0; i < args.length; i += 2) {
      expect(args[i]).toBe('-c');
      const [key, value] = [args[i + 1]!.slice(0, args[i + 1]!.indexOf('=')), args[i + 1]!.slice(args[i + 1]!.indexOf('=') + 1)];
      const event = key.replace(/^hooks\./, '');
      events.push(event);
      const groups = parse(`v = ${value}`).v as Array<{ hooks: Array<{ type: string; command: string; timeout: number }> }>;
      const hook = groups[0]!.hooks[0]!;
      expect(hook.type).toBe('command');
      expect(hook.timeout).toBeGreaterThan(0);
      const words = execFileSync('sh', ['-c', `printf '%s\\n' ${hook.command}`], { encoding: 'utf8' }).split('\n').slice(0, -1);
      expect(words).toEqual(['/usr/bin/node', '/opt/switch yard/cli.js', '--home', "/data/it's home", 'hook-event', '--agent', 'codex', '--session-id', 'ab12cd34', '--event', event]);
    }
    expect(events).toEqual(['SessionStart', 'UserPromptSubmit', 'PostToolUse', 'PermissionRequest', 'Stop']);
  });

  it('TOML strings escape what TOML forbids raw', () => {
    expect(parse(`v = ${tomlString('a"b\\c\n\t\u007f\u0001')}`).v).toBe('a"b\\c\n\t\u007f\u0001');
  });
});

// Interactive Gemini's hook payloads (captured from the real Gemini CLI 0.61 TUI) and its
// conversation file, read into the session events Switchyard stores.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src-main/engine/agents/events';
import { createGeminiHookAdapter, permissionPrompt } from '../../../src-main/engine/agents/gemini/hooks';
import { readGeminiTranscript } from '../../../src-main/engine/agents/gemini/transcript';
import { hookAdapterFor } from '../../../src-main/engine/agents/hooks';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'stub-model');
// The real TUI's hook payloads (the shared spec's agent-streams/gemini-tui-hooks.jsonl).
const captured = readFileSync(join(FIXTURES, 'gemini-tui-hooks.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { label: string; stdin: string })
  .map((r) => ({ event: r.label.replace('gemini:', ''), payload: JSON.parse(r.stdin) as Record<string, unknown> }));
const payloadOf = (event: string) => ({ ...captured.find((c) => c.event === event)!.payload });
// A real TUI conversation file: write_file, an approved shell command, a cancelled one, paths rewritten.
const TRANSCRIPT = join(FIXTURES, 'gemini-tui-transcript.jsonl');
const SESSION = '417bd7b5-4879-45ff-8ed4-352608e9f0c4';

const of = <K extends SessionEvent['kind']>(events: SessionEvent[], kind: K) =>
  events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);

const adapter = hookAdapterFor('gemini');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'gemini-hooks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("Gemini's conversation file", () => {
  it('sums the tokens of every model answer once (answers are written again when updated) and names the model', () => {
    const t = readGeminiTranscript(TRANSCRIPT)!;
    // 1000+1200 (write), 500+1200 (approved shell), 500 (cancelled shell); 100 of it cached.
    expect(t.tokens).toEqual({ input: 4400, output: 64, cached: 100, thoughts: 0, tool: 0 });
    expect(t.model).toBe('gemini-3.8-flash');
    expect(t.answered).toBe(true);
    expect(t.lastAnswer).toBe('Done: the file is written.');
  });

  it('is "not answered" before the model has said anything, and unreadable files are null', () => {
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, `${JSON.stringify({ sessionId: 's', projectHash: 'h', kind: 'main' })}\n${JSON.stringify({ id: 'u1', type: 'user', content: [{ text: 'hi' }] })}\n{"id":"g1","ty`);
    expect(readGeminiTranscript(file)).toMatchObject({ answered: false, lastAnswer: null, tokens: { input: 0, output: 0 } });
    expect(readGeminiTranscript(join(dir, 'missing.jsonl'))).toBeNull();
  });

  it('keeps counting answers a rewind or a replaced message list dropped: those tokens were spent', () => {
    const file = join(dir, 'c.jsonl');
    const answer = (id: string, input: number, thoughts = 0) => ({ id, type: 'gemini', content: id, tokens: { input, output: 1, cached: 0, thoughts, tool: 2 }, model: 'm1' });
    const lines = [answer('a', 10), { $rewindTo: 'a' }, { $set: { messages: [answer('b', 20, 5)] } }, answer('b', 20, 5)];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(readGeminiTranscript(file)!.tokens).toEqual({ input: 30, output: 2, cached: 0, thoughts: 5, tool: 4 });
  });
});

describe('Gemini hook adapter', () => {
  it('reports the session start and each turn start', () => {
    expect(adapter.fromHook('SessionStart', payloadOf('SessionStart'))).toEqual([{ kind: 'agent_started' }]);
    expect(adapter.fromHook('BeforeAgent', payloadOf('BeforeAgent'))).toEqual([{ kind: 'turn_started' }]);
    // Hooks Switchyard does not install, or does not read, stand for nothing.
    expect(adapter.fromHook('BeforeTool', payloadOf('BeforeTool'))).toEqual([]);
    expect(adapter.fromHook('SessionEnd', {})).toEqual([]);
  });

  it('turns a tool permission notification into "needs input" with a readable prompt', () => {
    // The captured payload's transcript is not on this machine: no session id yet, only the prompt.
    expect(adapter.fromHook('Notification', payloadOf('Notification'))).toEqual([
      { kind: 'needs_input', prompt: 'Confirm Shell Command: echo from-shell > tui-sh.txt' },
    ]);
    expect(adapter.fromHook('Notification', { notification_type: 'Other', message: 'hello' })).toEqual([]);
  });

  it('words the prompt after the dialog for edits, MCP tools and questions, else Gemini\'s message', () => {
    expect(permissionPrompt({ details: { type: 'edit', title: 'Confirm Edit', filePath: '/w/a.ts', fileName: 'a.ts' } })).toBe('Confirm Edit: /w/a.ts');
    expect(permissionPrompt({ details: { type: 'mcp', title: 'Confirm MCP Tool', serverName: 'db', toolName: 'q' } })).toBe('Confirm MCP Tool: db q');
    expect(permissionPrompt({ details: { type: 'info', title: 'Confirm Web Fetch', prompt: 'fetch\nhttps://x.test' } })).toBe('Confirm Web Fetch: fetch https://x.test');
    expect(permissionPrompt({ message: 'Tool requires confirmation', details: {} })).toBe('Tool requires confirmation');
    expect(permissionPrompt({})).toBe('Gemini asks for permission to use a tool');
  });

  it('reads a finished tool call: the call, its result and, for write_file, the created file', () => {
    const payload = {
      session_id: SESSION, cwd: '/w', timestamp: '2026-12-01T16:22:45.000Z', tool_name: 'write_file',
      tool_input: { file_path: 'src/new.txt', content: 'hi\n' },
      tool_response: { llmContent: 'Successfully created', returnDisplay: { fileName: 'new.txt', isNewFile: true } },
    };
    const events = adapter.fromHook('AfterTool', payload);
    const [call] = of(events, 'tool_call');
    expect(call).toEqual({ kind: 'tool_call', id: expect.stringMatching(/^hook-/), tool: 'write_file', input: payload.tool_input, target: 'src/new.txt' });
    expect(of(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: call!.id, status: 'ok' }]);
    // Relative paths are the workspace's.
    expect(of(events, 'file')).toEqual([{ kind: 'file', path: '/w/src/new.txt', action: 'create', tool: 'write_file', callId: call!.id }]);
    // The same hook delivered twice is one call; the same call made again later is another.
    expect(of(adapter.fromHook('AfterTool', payload), 'tool_call')[0]!.id).toBe(call!.id);
    expect(of(adapter.fromHook('AfterTool', { ...payload, timestamp: '2026-12-01T16:23:00.000Z' }), 'tool_call')[0]!.id).not.toBe(call!.id);
  });

  it('reads a replace of an existing file as a modification, a failed call as an error with no file, a shell call by its command', () => {
    const replace = adapter.fromHook('AfterTool', { tool_name: 'replace', tool_input: { file_path: '/w/a.ts', old_string: 'a', new_string: 'b' }, tool_response: { returnDisplay: { isNewFile: false } } });
    expect(of(replace, 'file')).toMatchObject([{ path: '/w/a.ts', action: 'modify', tool: 'replace' }]);
    const failed = adapter.fromHook('AfterTool', { tool_name: 'write_file', tool_input: { file_path: '/w/b.ts' }, tool_response: { error: { message: 'denied' } } });
    expect(of(failed, 'tool_result')).toMatchObject([{ status: 'error' }]);
    expect(of(failed, 'file')).toEqual([]);
    const shell = adapter.fromHook('AfterTool', payloadOf('AfterTool'));
    expect(of(shell, 'tool_call')).toMatchObject([{ tool: 'run_shell_command', target: 'echo from-shell > tui-sh.txt' }]);
    expect(of(shell, 'file')).toEqual([]);
  });

  it('ends a turn with the running token totals, the model, the answer and the session id from the conversation file', () => {
    const events = adapter.fromHook('AfterAgent', { ...payloadOf('AfterAgent'), session_id: SESSION, transcript_path: TRANSCRIPT, prompt_response: 'Done: the file is written. e is written. ' });
    expect(events).toEqual([
      { kind: 'session_id', id: SESSION },
      { kind: 'usage', input: 4300, output: 64, cacheRead: 100, cacheWrite: 0, reasoning: 0, cumulative: true, model: 'gemini-3.8-flash' },
      // prompt_response repeats streamed pieces in 0.61; the conversation file has the answer as sent.
      { kind: 'result', text: 'Done: the file is written.', isError: false },
      { kind: 'turn_ended' },
    ]);
    // AfterTool and the permission notification carry the totals and the id too, so they are live.
    const afterTool = adapter.fromHook('AfterTool', { ...payloadOf('AfterTool'), session_id: SESSION, transcript_path: TRANSCRIPT });
    expect(of(afterTool, 'usage')).toHaveLength(1);
    expect(of(afterTool, 'session_id')).toEqual([{ kind: 'session_id', id: SESSION }]);
    const asked = adapter.fromHook('Notification', { ...payloadOf('Notification'), session_id: SESSION, transcript_path: TRANSCRIPT });
    expect(asked.map((e) => e.kind)).toEqual(['session_id', 'needs_input']);
  });

  it('without a readable conversation file, a turn that answered still gives the answer and the id', () => {
    const events = createGeminiHookAdapter().fromHook('AfterAgent', payloadOf('AfterAgent'));
    expect(events).toEqual([
      { kind: 'session_id', id: 'db074418-9f56-4812-b36c-8701814d21b5' },
      { kind: 'result', text: 'Done: the file is written.', isError: false },
      { kind: 'turn_ended' },
    ]);
    // A turn that ended without an answer leaves no id to resume.
    expect(of(adapter.fromHook('AfterAgent', { session_id: 'x', prompt_response: '' }), 'session_id')).toEqual([]);
  });
});

// The Gemini CLI's headless stream-json, as captured from the real CLI 0.61 (shared spec samples),
// read into the session events Switchyard stores.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src-main/engine/agents/events';
import { createGeminiStreamAdapter } from '../../../src-main/engine/agents/gemini/stream';
import { streamAdapterFor } from '../../../src-main/engine/agents/registry';

// Copies of the shared spec's agent-streams/gemini-stream-json-*.jsonl (captured from the real CLI).
const SAMPLES = join(import.meta.dirname, '..', '..', 'fixtures', 'stub-model');
const sample = (name: string) => readFileSync(`${SAMPLES}/${name}`, 'utf8');

function read(text: string, chunkSize = text.length): SessionEvent[] {
  const adapter = createGeminiStreamAdapter();
  const bytes = Buffer.from(text);
  const events: SessionEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) events.push(...adapter.push(bytes.subarray(i, i + chunkSize)));
  return [...events, ...adapter.end()];
}

const of = <K extends SessionEvent['kind']>(events: SessionEvent[], kind: K) =>
  events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);

describe('Gemini stream-json adapter', () => {
  it('reads a write_file run: session id, the call, the written file, tokens and the answer', () => {
    const events = read(sample('gemini-stream-json-auto_edit.jsonl'));
    const id = 'write_file__write_file_1796126104846_0';
    expect(of(events, 'session_id')).toEqual([{ kind: 'session_id', id: 'f0950426-3579-4bba-af45-b2a725e22f96' }]);
    expect(of(events, 'tool_call')).toEqual([
      {
        kind: 'tool_call', id, tool: 'write_file', target: '/home/dev/demo/work/gem-direct/gem.txt',
        input: { file_path: '/home/dev/demo/work/gem-direct/gem.txt', content: 'written by the gemini stub\n' },
      },
    ]);
    expect(of(events, 'tool_result')).toEqual([{ kind: 'tool_result', id, status: 'ok' }]);
    expect(of(events, 'file')).toEqual([{ kind: 'file', path: '/home/dev/demo/work/gem-direct/gem.txt', action: 'modify', tool: 'write_file', callId: id }]);
    expect(of(events, 'usage')).toEqual([{ kind: 'usage', input: 2400, output: 51, cacheRead: 0, cacheWrite: 0, reasoning: 0, cumulative: true, model: 'gemini-stub' }]);
    expect(of(events, 'result')).toEqual([{ kind: 'result', text: 'Done: the file is written.', isError: false }]);
    // The user's own prompt echoed back is not the agent's text.
    expect(of(events, 'text').map((e) => e.text)).toEqual(['Done: the file is written.']);
    expect(of(events, 'cost')).toEqual([]);
  });

  it('gives the same events when the stream arrives in small pieces through a PTY (CRLF, warnings between lines)', () => {
    const text = sample('gemini-stream-json-with-hooks.jsonl');
    const pty = `Warning: True color (24-bit) support not detected.\r\n\x1b[?25l${text.split('\n').join('\r\nRipgrep is not available. Falling back to GrepTool.\r\n')}`;
    expect(read(pty, 7)).toEqual(read(text));
    expect(of(read(pty, 3), 'file').map((e) => e.path)).toEqual(['/home/dev/demo/work/gem-hooks/gh.txt']);
  });

  it('a run without tools: the answer assembled from its deltas, no calls, no files', () => {
    const events = read(sample('gemini-stream-json-default-approval.jsonl'));
    expect(of(events, 'tool_call')).toEqual([]);
    expect(of(events, 'file')).toEqual([]);
    expect(of(events, 'result')[0]?.text).toBe('Stub answer to: \n</session_context>\nplease write gem.txt');
    expect(of(events, 'usage')[0]).toMatchObject({ input: 1600, output: 34 });
  });

  it('an API error ends as an error, with its message, and no answer', () => {
    const events = read(sample('gemini-stream-json-error-401.jsonl'));
    // Gemini saved no conversation for this run: there is nothing to resume, so no id.
    expect(of(events, 'session_id')).toEqual([]);
    expect(of(events, 'error')[0]?.message).toContain('stub: invalid api key');
    expect(of(events, 'result')).toEqual([{ kind: 'result', text: null, isError: true }]);
    expect(of(events, 'usage')[0]).toMatchObject({ input: 0, output: 0 });
  });

  it('the answer is the text after the last tool call; replace is a modify; a failed write is no file; cached tokens are not fresh input', () => {
    const lines = [
      { type: 'init', session_id: 's-1', model: 'auto' },
      { type: 'message', role: 'assistant', content: 'Let me ', delta: true },
      { type: 'message', role: 'assistant', content: 'edit.', delta: true },
      { type: 'tool_use', tool_name: 'replace', tool_id: 'r1', parameters: { file_path: '/w/a.ts', old_string: 'a', new_string: 'b', instruction: 'x' } },
      { type: 'tool_result', tool_id: 'r1', status: 'success' },
      { type: 'tool_use', tool_name: 'write_file', tool_id: 'w1', parameters: { file_path: '/w/b.ts', content: '' } },
      { type: 'tool_result', tool_id: 'w1', status: 'error', error: { type: 'x', message: 'nope' } },
      { type: 'tool_use', tool_name: 'run_shell_command', tool_id: 'c1', parameters: { command: 'npm test' } },
      { type: 'tool_result', tool_id: 'c1', status: 'success' },
      { type: 'message', role: 'assistant', content: 'All done.', delta: true },
      { type: 'result', status: 'success', stats: { input_tokens: 1000, output_tokens: 50, cached: 400, input: 600 } },
    ];
    const events = read(lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(of(events, 'tool_call').map((e) => [e.tool, e.target])).toEqual([['replace', '/w/a.ts'], ['write_file', '/w/b.ts'], ['run_shell_command', 'npm test']]);
    expect(of(events, 'tool_result').map((e) => e.status)).toEqual(['ok', 'error', 'ok']);
    expect(of(events, 'file')).toEqual([{ kind: 'file', path: '/w/a.ts', action: 'modify', tool: 'replace', callId: 'r1' }]);
    expect(of(events, 'usage')[0]).toMatchObject({ input: 600, output: 50, cacheRead: 400 });
    expect(of(events, 'result')[0]?.text).toBe('All done.');
  });

  it('is the registered adapter for headless Gemini only', () => {
    expect(streamAdapterFor('gemini', 'headless', { workingDir: '/w' })).not.toBeNull();
    expect(streamAdapterFor('gemini', 'interactive', { workingDir: '/w' })).toBeNull();
  });
});

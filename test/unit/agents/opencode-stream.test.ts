// The OpenCode adapter on streams captured from the real CLI (`opencode run --format json`,
// 1.18.33, against the chat-completions stub; copies of /work/shared/spec/agent-streams).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src-main/engine/agents/events';
import { streamAdapterFor } from '../../../src-main/engine/agents/registry';
import { createOpencodeStreamAdapter } from '../../../src-main/engine/agents/opencode/stream';

const sample = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'stub-model', name), 'utf8');

function run(text: string, chunkSize = text.length): SessionEvent[] {
  const adapter = createOpencodeStreamAdapter();
  const bytes = Buffer.from(text);
  const events: SessionEvent[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) events.push(...adapter.push(bytes.subarray(i, i + chunkSize)));
  return [...events, ...adapter.end()];
}

const of = <K extends SessionEvent['kind']>(events: SessionEvent[], kind: K) =>
  events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);

describe('OpenCode run --format json', () => {
  it('reports its session id, the write as a tool call and a created file, and the final answer', () => {
    const events = run(sample('opencode-run-json.jsonl'));
    expect(of(events, 'session_id')).toEqual([{ kind: 'session_id', id: 'ses_dce8bb146ffewswP8HaFmAkpog' }]);
    expect(of(events, 'turn_started')).toHaveLength(2);
    expect(of(events, 'tool_call')).toEqual([
      expect.objectContaining({ id: 'call_1', tool: 'write', target: '/home/dev/demo/work/oc-direct/oc.txt' }),
    ]);
    expect(of(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'call_1', status: 'ok', output: 'Wrote file successfully.' }]);
    expect(of(events, 'file')).toEqual([
      { kind: 'file', path: '/home/dev/demo/work/oc-direct/oc.txt', action: 'create', tool: 'write', callId: 'call_1' },
    ]);
    expect(events.at(-1)).toEqual({ kind: 'result', text: 'Done: the file is written.', isError: false });
  });

  it('reports each step\'s tokens and cost, to be added up', () => {
    const events = run(sample('opencode-run-json-with-cost.jsonl'));
    const step = { kind: 'usage', input: 800, output: 21, reasoning: 0, cacheRead: 100, cacheWrite: 0, cumulative: false };
    expect(of(events, 'usage')).toEqual([step, step]);
    expect(of(events, 'cost')).toEqual([
      { kind: 'cost', usd: 0.002745, cumulative: false },
      { kind: 'cost', usd: 0.002745, cumulative: false },
    ]);
  });

  it('gives the same events however the bytes are split, with CRLF line ends and warnings between lines', () => {
    const clean = sample('opencode-run-json-with-cost.jsonl');
    const noisy = `WARN  some startup warning\r\n${clean.replace(/\n/g, '\r\n')}\r\nnot json {\r\n\x1b[0m`;
    expect(run(noisy, 7)).toEqual(run(clean));
  });

  it('turns a write its rules rejected into a denied call, with no file', () => {
    const events = run(sample('opencode-run-json-external-dir.jsonl'));
    expect(of(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'call_1', status: 'denied', output: 'The user rejected permission to use this specific tool call.' }]);
    expect(of(events, 'denied')).toEqual([
      {
        kind: 'denied',
        tool: 'write',
        callId: 'call_1',
        input: { filePath: '/home/dev/demo/work/extra/oc-ext.txt', content: 'written by the opencode stub\n' },
      },
    ]);
    expect(of(events, 'file')).toEqual([]);
  });

  it('reports a failed tool as an error, and a modified file for an existing one', () => {
    const line = (state: object, tool = 'write') =>
      JSON.stringify({ type: 'tool_use', sessionID: 'ses_x', part: { type: 'tool', tool, callID: `c-${tool}`, state } });
    const events = run(
      [
        line({ status: 'error', input: { command: 'false' }, error: 'exit 1' }, 'bash'),
        line({ status: 'completed', input: { filePath: '/p/a.txt' }, output: 'ok', metadata: { filepath: '/p/a.txt', exists: true } }),
        line({ status: 'completed', input: { filePath: '/p/b.txt', oldString: 'x', newString: 'y' }, output: 'ok', metadata: {} }, 'edit'),
      ].join('\n'),
    );
    expect(of(events, 'tool_call').map((e) => [e.tool, e.target])).toEqual([['bash', 'false'], ['write', '/p/a.txt'], ['edit', '/p/b.txt']]);
    expect(of(events, 'tool_result').map((e) => e.status)).toEqual(['error', 'ok', 'ok']);
    expect(of(events, 'file').map((e) => [e.path, e.action])).toEqual([['/p/a.txt', 'modify'], ['/p/b.txt', 'modify']]);
  });

  it('passes an API error on, and ends with an error result', () => {
    const events = run(sample('opencode-run-json-error-401.jsonl'));
    expect(of(events, 'session_id')).toEqual([{ kind: 'session_id', id: 'ses_dce89490effemQ4KB4V3ZcdhUt' }]);
    expect(of(events, 'error')).toEqual([{ kind: 'error', message: 'stub: invalid api key' }]);
    expect(events.at(-1)).toEqual({ kind: 'result', text: null, isError: true });
  });

  it('is the adapter for headless OpenCode only', () => {
    expect(streamAdapterFor('opencode', 'headless', { workingDir: '/w' })).not.toBeNull();
    expect(streamAdapterFor('opencode', 'interactive', { workingDir: '/w' })).toBeNull();
  });
});

// The Codex `exec --json` adapter on streams captured from the real CLI (0.171, against a stub).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCodexStreamAdapter } from '../../../src-main/engine/agents/codex/stream';
import type { SessionEvent } from '../../../src-main/engine/agents/events';
import { streamAdapterFor } from '../../../src-main/engine/agents/registry';

const sample = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'stub-model', `codex-exec-json-${name}.jsonl`));

function read(bytes: Buffer | string, cwd?: string, chunkSize?: number): SessionEvent[] {
  const adapter = createCodexStreamAdapter({ cwd });
  const buf = Buffer.from(bytes);
  const out: SessionEvent[] = [];
  const step = chunkSize ?? buf.length;
  for (let i = 0; i < buf.length; i += step) out.push(...adapter.push(buf.subarray(i, i + step)));
  out.push(...adapter.end());
  return out;
}

const only = <K extends SessionEvent['kind']>(events: SessionEvent[], kind: K) =>
  events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);

describe('Codex exec --json stream', () => {
  it('apply_patch run: thread id, one tool call, the created file, the turn usage and the final answer', () => {
    const events = read(sample('apply_patch'));
    expect(only(events, 'session_id')).toEqual([{ kind: 'session_id', id: '01a23172-6009-7bf1-9d8a-ca581a891e75' }]);
    expect(only(events, 'tool_call')).toEqual([
      expect.objectContaining({ id: 'item_0', tool: 'apply_patch', target: '/home/dev/demo/work/codex-json/hello.txt' }),
    ]);
    expect(only(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'item_0', status: 'ok' }]);
    expect(only(events, 'file')).toEqual([
      { kind: 'file', path: '/home/dev/demo/work/codex-json/hello.txt', action: 'create', tool: 'apply_patch', callId: 'item_0' },
    ]);
    expect(only(events, 'usage')).toEqual([
      { kind: 'usage', input: 2400, output: 68, cacheRead: 400, cacheWrite: 0, reasoning: 8, cumulative: true },
    ]);
    expect(only(events, 'cost')).toEqual([]);
    expect(only(events, 'result')).toEqual([{ kind: 'result', text: 'Done: the file is written.', isError: false }]);
    expect(events.map((e) => e.kind)).toEqual(['session_id', 'turn_started', 'tool_call', 'tool_result', 'file', 'text', 'usage', 'turn_ended', 'result']);
  });

  it('command run: a shell tool call whose target is the command, counted once across started/completed', () => {
    const events = read(sample('command'));
    const command = `/bin/bash -lc "echo 'written by the codex stub' > cmd.txt"`;
    expect(only(events, 'tool_call')).toEqual([{ kind: 'tool_call', id: 'item_1', tool: 'shell', input: { command }, target: command }]);
    expect(only(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'item_1', status: 'ok', output: "pyenv: cannot rehash: /home/dev/.pyenv/shims isn't writable\n" }]);
    // The model-metadata warning is an item, not a failure.
    expect(only(events, 'error')).toEqual([]);
    expect(only(events, 'result')).toEqual([{ kind: 'result', text: 'Done: the file is written.', isError: false }]);
  });

  it('a rejected key: the error, and a failed result', () => {
    const events = read(sample('error-401'));
    expect(only(events, 'error').map((e) => e.message)).toEqual([
      expect.stringContaining('401 Unauthorized'),
      expect.stringContaining('401 Unauthorized'),
    ]);
    expect(only(events, 'result')).toEqual([{ kind: 'result', text: null, isError: true }]);
    expect(only(events, 'usage')).toEqual([]);
  });

  it('through a PTY: CRLF, warnings between lines and one-byte chunks change nothing', () => {
    const clean = read(sample('apply_patch'));
    const lines = sample('apply_patch').toString('utf8').trimEnd().split('\n');
    const noisy = ['2026-12-01T10:00:00Z ERROR codex_core::exec: something odd', ...lines.flatMap((l, i) => (i === 2 ? [l, 'Reading additional input from stdin...'] : [l]))].join('\r\n');
    expect(read(noisy, undefined, 1)).toEqual(clean);
  });

  it('resolves relative change paths against the session working dir', () => {
    const rec = (type: string, kind: string, status: string) =>
      JSON.stringify({ type, item: { id: 'item_9', type: 'file_change', changes: [{ path: 'src/a.ts', kind }, { path: '/abs/b.ts', kind: 'delete' }], status } });
    const events = read(`${rec('item.started', 'update', 'in_progress')}\n${rec('item.completed', 'update', 'completed')}\n`, '/work/wt');
    expect(only(events, 'file').map((e) => [e.path, e.action])).toEqual([
      ['/work/wt/src/a.ts', 'modify'],
      ['/abs/b.ts', 'delete'],
    ]);
    expect(only(events, 'tool_call')).toHaveLength(1);
  });

  it('a failed patch is a failed tool call and changes no files', () => {
    const line = JSON.stringify({ type: 'item.completed', item: { id: 'item_3', type: 'file_change', changes: [{ path: '/x/y.txt', kind: 'add' }], status: 'failed' } });
    const events = read(`${line}\n`);
    expect(only(events, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'item_3', status: 'error' }]);
    expect(only(events, 'file')).toEqual([]);
  });

  it('is registered for headless Codex only', () => {
    expect(streamAdapterFor('codex', 'headless', { workingDir: '/w' })).not.toBeNull();
    expect(streamAdapterFor('codex', 'interactive', { workingDir: '/w' })).toBeNull();
  });
});

// ECC hook metric files: costs.jsonl (latest row per session wins) and tool-usage.jsonl
// (deduplicated by id, actions normalised), read incrementally from real files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CostsReader,
  ToolUsageReader,
  inferFileAction,
  latestCostsBySession,
  normalizeFileAction,
  parseToolUsage,
  parseToolUsageRow,
} from '../../../src-main/engine/metrics/ecc-jsonl';
import { JsonlTail } from '../../../src-main/engine/metrics/jsonl-tail';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecc-jsonl-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const costRow = (session: string, ts: string, input: number, output: number, cost: number) =>
  JSON.stringify({
    timestamp: ts,
    session_id: session,
    transcript_path: `/t/${session}.jsonl`,
    model: 'claude-sonnet-4-5',
    input_tokens: input,
    output_tokens: output,
    cache_write_tokens: 10,
    cache_read_tokens: 20,
    estimated_cost_usd: cost,
  });

const toolRow = (id: string | undefined, session: string, tool: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...(id === undefined ? {} : { id }), session_id: session, tool_name: tool, input_summary: `${tool} call`, output_summary: 'ok', timestamp: '2026-04-09T00:02:00Z', ...extra });

describe('costs.jsonl', () => {
  it('takes the latest cumulative row per session, not the sum', () => {
    const rows = [
      costRow('a', '2026-04-09T00:01:00Z', 100, 10, 0.01),
      costRow('b', '2026-04-09T00:01:30Z', 50, 5, 0.005),
      costRow('a', '2026-04-09T00:02:00Z', 300, 40, 0.03),
    ];
    const latest = latestCostsBySession(rows);
    expect(latest.get('a')).toMatchObject({ inputTokens: 300, outputTokens: 40, cacheWriteTokens: 10, cacheReadTokens: 20, costUsd: 0.03, model: 'claude-sonnet-4-5' });
    expect(latest.get('b')).toMatchObject({ inputTokens: 50, costUsd: 0.005 });
    expect([...latest.keys()]).toEqual(['a', 'b']);
  });

  it('keeps the newer row when an older one is appended late', () => {
    const latest = latestCostsBySession([costRow('a', '2026-04-09T00:05:00Z', 500, 50, 0.05), costRow('a', '2026-04-09T00:01:00Z', 100, 10, 0.01)]);
    expect(latest.get('a')?.inputTokens).toBe(500);
  });

  it('falls back to file order when timestamps are missing, and skips junk lines', () => {
    const noTs = (input: number) => JSON.stringify({ session_id: 'a', input_tokens: input });
    const latest = latestCostsBySession([noTs(1), 'not json', '{"no_session":1}', noTs(2)]);
    expect(latest.get('a')?.inputTokens).toBe(2);
    expect(latest.size).toBe(1);
  });

  it('reads only new rows from the file and reports the sessions that changed', () => {
    const file = path.join(dir, 'costs.jsonl');
    fs.writeFileSync(file, costRow('a', '2026-04-09T00:01:00Z', 100, 10, 0.01) + '\n');
    const reader = new CostsReader(file);
    expect(reader.read().map((r) => [r.sessionId, r.inputTokens])).toEqual([['a', 100]]);
    expect(reader.read()).toEqual([]); // unchanged file

    fs.appendFileSync(file, costRow('b', '2026-04-09T00:02:00Z', 7, 1, 0.001) + '\n' + costRow('a', '2026-04-09T00:03:00Z', 400, 60, 0.04) + '\n');
    expect(reader.read().map((r) => [r.sessionId, r.inputTokens])).toEqual([
      ['b', 7],
      ['a', 400],
    ]);
    expect(reader.get('a')?.costUsd).toBe(0.04);
    expect(reader.all()).toHaveLength(2);
  });

  it('does nothing for a file that does not exist yet', () => {
    expect(new CostsReader(path.join(dir, 'missing.jsonl')).read()).toEqual([]);
  });
});

describe('file action normalisation and inference (§1.12)', () => {
  it.each([
    ['modify', 'modify'],
    ['edit', 'modify'],
    ['WRITE', 'modify'],
    ['create', 'create'],
    ['read', 'read'],
    ['move', 'move'],
    ['rename', 'move'],
    ['delete', 'delete'],
    ['remove', 'delete'],
    ['touch', 'touch'],
  ])('%s -> %s', (raw, action) => {
    expect(normalizeFileAction(raw)).toBe(action);
  });

  it('returns null for a missing or unknown action', () => {
    expect(normalizeFileAction(undefined)).toBeNull();
    expect(normalizeFileAction('chmod')).toBeNull();
  });

  it.each([
    ['Read', 'read'],
    ['Write', 'create'],
    ['Edit', 'modify'],
    ['MultiEdit', 'modify'],
    ['DeleteFile', 'delete'],
    ['remove_dir', 'delete'],
    ['MoveFile', 'move'],
    ['rename', 'move'],
    ['Bash', 'touch'],
  ])('tool %s infers %s', (tool, action) => {
    expect(inferFileAction(tool)).toBe(action);
  });
});

describe('tool-usage.jsonl', () => {
  it('parses a row into a tool-log record with events, paths and a risk score', () => {
    const rec = parseToolUsageRow(
      toolRow('evt-1', 'session-a', 'Edit', {
        input_summary: 'Edit src/lib.rs',
        input_params_json: '{"file_path":"src/lib.rs"}',
        duration_ms: 42,
        file_paths: ['src/lib.rs'],
        file_events: [{ path: 'src/lib.rs', action: 'edit', diff_preview: '-a\n+b', patch_preview: '@@ -1 +1 @@' }],
      }),
    );
    expect(rec).toEqual({
      hookEventId: 'evt-1',
      sessionId: 'session-a',
      toolName: 'Edit',
      inputSummary: 'Edit src/lib.rs',
      inputParamsJson: '{"file_path":"src/lib.rs"}',
      outputSummary: 'ok',
      durationMs: 42,
      timestamp: '2026-04-09T00:02:00Z',
      filePaths: ['src/lib.rs'],
      fileEvents: [{ path: 'src/lib.rs', action: 'modify', diffPreview: '-a\n+b', patchPreview: '@@ -1 +1 @@' }],
      riskScore: 0.1,
    });
  });

  it('infers a missing or unknown action from the tool name, and builds events from bare file_paths', () => {
    const rec = parseToolUsageRow(toolRow('e', 's', 'Write', { file_events: [{ path: 'a.ts' }, { path: 'b.ts', action: 'chmod' }] }));
    expect(rec?.fileEvents).toEqual([
      { path: 'a.ts', action: 'create' },
      { path: 'b.ts', action: 'create' },
    ]);
    const bare = parseToolUsageRow(toolRow('f', 's', 'Read', { file_paths: ['c.ts'] }));
    expect(bare?.fileEvents).toEqual([{ path: 'c.ts', action: 'read' }]);
    expect(bare?.filePaths).toEqual(['c.ts']);
  });

  it('redacts secrets in summaries, params and previews', () => {
    const rec = parseToolUsageRow(
      toolRow('e', 's', 'Bash', {
        input_summary: 'curl -H "Authorization: Bearer abcdefghijklmnop" https://api',
        input_params_json: '{"command":"export TOKEN=abc123"}',
        output_summary: 'sk-ant-api03-abcdefghijkl',
        file_events: [{ path: '.env', action: 'modify', diff_preview: '+API_KEY=supersecret' }],
      }),
    );
    expect(rec?.inputSummary).toBe('curl -H "Authorization: Bearer ***" https://api');
    expect(rec?.inputParamsJson).toBe('{"command":"export TOKEN=***"}');
    expect(rec?.outputSummary).toBe('sk-ant-***');
    expect(rec?.fileEvents[0]?.diffPreview).toBe('+API_KEY=***');
  });

  it('de-duplicates rows by id (a hook that fired twice), keeping the first', () => {
    const records = parseToolUsage([
      toolRow('evt-1', 's', 'Edit', { output_summary: 'first' }),
      toolRow('evt-2', 's', 'Read'),
      toolRow('evt-1', 's', 'Edit', { output_summary: 'again' }),
    ]);
    expect(records.map((r) => [r.hookEventId, r.outputSummary])).toEqual([
      ['evt-1', 'first'],
      ['evt-2', 'ok'],
    ]);
  });

  it('gives id-less rows a stable content id, so the same line is not ingested twice', () => {
    const line = toolRow(undefined, 's', 'Read');
    const records = parseToolUsage([line, line, toolRow(undefined, 's', 'Grep')]);
    expect(records).toHaveLength(2);
    expect(records[0]?.hookEventId).toMatch(/^line:[0-9a-f]{40}$/);
  });

  it('skips rows without a session or tool name', () => {
    expect(parseToolUsage(['{"id":"x","tool_name":"Read"}', '{"id":"y","session_id":"s"}', '[]', ''])).toEqual([]);
  });

  it('reads incrementally, never returning an id twice, even after the file is rewritten', () => {
    const file = path.join(dir, 'tool-usage.jsonl');
    fs.writeFileSync(file, toolRow('evt-1', 's', 'Edit') + '\n');
    const reader = new ToolUsageReader(file, { knownIds: ['evt-0'] });
    expect(reader.read().map((r) => r.hookEventId)).toEqual(['evt-1']);
    fs.appendFileSync(file, toolRow('evt-0', 's', 'Read') + '\n' + toolRow('evt-2', 's', 'Write') + '\n');
    expect(reader.read().map((r) => r.hookEventId)).toEqual(['evt-2']);
    // Rotated: a shorter file with an old and a new row.
    fs.writeFileSync(file, toolRow('evt-2', 's', 'Write') + '\n' + toolRow('evt-3', 's', 'Bash') + '\n');
    expect(reader.read().map((r) => r.hookEventId)).toEqual(['evt-3']);
  });
});

describe('JsonlTail', () => {
  it('waits for a half-written last line to be completed', () => {
    const file = path.join(dir, 'x.jsonl');
    fs.writeFileSync(file, '{"a":1}\n{"b":');
    const tail = new JsonlTail(file);
    expect(tail.readNew().lines).toEqual(['{"a":1}']);
    expect(tail.position().offset).toBe(8);
    fs.appendFileSync(file, '2}\r\n');
    expect(tail.readNew().lines).toEqual(['{"b":2}']);
  });

  it('resumes from a saved cursor without re-reading earlier lines', () => {
    const file = path.join(dir, 'x.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    const first = new JsonlTail(file);
    first.readNew();
    fs.appendFileSync(file, '{"é":"ü"}\n');
    const resumed = new JsonlTail(file, first.position());
    expect(resumed.readNew()).toEqual({ lines: ['{"é":"ü"}'], restarted: false });
  });

  it('skips a file whose (size, mtime) signature is unchanged, without reading it', () => {
    const file = path.join(dir, 'x.jsonl');
    fs.writeFileSync(file, '{"a":1}\n');
    const { size, mtimeMs, ino } = fs.statSync(file);
    // A cursor at offset 0 would re-read the line, unless the signature says nothing changed.
    expect(new JsonlTail(file, { offset: 0, size, mtimeMs, ino }).readNew().lines).toEqual([]);
    expect(new JsonlTail(file, { offset: 0, size, mtimeMs: mtimeMs - 1000, ino }).readNew().lines).toEqual(['{"a":1}']);
  });

  it('restarts from the beginning when the file shrinks', () => {
    const file = path.join(dir, 'x.jsonl');
    fs.writeFileSync(file, '{"a":1}\n{"b":2}\n');
    const tail = new JsonlTail(file);
    tail.readNew();
    fs.writeFileSync(file, '{"c":3}\n');
    expect(tail.readNew()).toEqual({ lines: ['{"c":3}'], restarted: true });
  });
});

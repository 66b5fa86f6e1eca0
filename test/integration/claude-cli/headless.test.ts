// The real Claude Code CLI in headless mode (`claude -p`) against the stub model: a scripted
// Write really lands on disk and the final result line reports the stub's usage.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClaudeStream } from '../../../src-main/engine/metrics/claude-stream';
import { STUB_API_KEY } from '../../fixtures/stub-model/claude-env';
import { runClaudeHeadless } from '../../fixtures/stub-model/run-claude';
import { startStubModel, turnContext, type StubModel } from '../../fixtures/stub-model/server';

let root: string;
let project: string;
let home: string;
let stub: StubModel | undefined;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'claude-headless-')));
  project = path.join(root, 'project');
  home = path.join(root, 'home');
  fs.mkdirSync(project);
  fs.mkdirSync(home);
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

describe('claude -p against the stub model', () => {
  it('writes the scripted file and reports the scripted usage and a cost', async () => {
    const target = path.join(project, 'hello.txt');
    stub = await startStubModel({
      script: [
        {
          content: [
            { type: 'text', text: 'Creating hello.txt.' },
            { type: 'tool_use', id: 'toolu_hello', name: 'Write', input: { file_path: target, content: 'hello from the stub\n' } },
          ],
          usage: { input_tokens: 1000, output_tokens: 50, cache_read_input_tokens: 200, cache_creation_input_tokens: 300 },
        },
        {
          content: [{ type: 'text', text: 'Wrote hello.txt.' }],
          usage: { input_tokens: 1200, output_tokens: 30, cache_read_input_tokens: 400, cache_creation_input_tokens: 0 },
        },
      ],
    });

    const run = await runClaudeHeadless({ cwd: project, home, stubUrl: stub.url, apiKey: STUB_API_KEY, prompt: 'Create hello.txt' });

    expect(run.code, run.stderr).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe('hello from the stub\n');

    const init = run.lines.find((l) => l.type === 'system' && l.subtype === 'init');
    expect(init?.session_id).toMatch(/^[0-9a-f-]{36}$/);
    const result = run.lines.at(-1);
    expect(result?.type).toBe('result');
    expect(result?.subtype).toBe('success');
    expect(result?.result).toBe('Wrote hello.txt.');
    expect(result?.session_id).toBe(init?.session_id);
    expect(result?.usage).toMatchObject({
      input_tokens: 2200,
      output_tokens: 80,
      cache_read_input_tokens: 600,
      cache_creation_input_tokens: 300,
    });
    expect(typeof result?.total_cost_usd).toBe('number');
    expect(result?.total_cost_usd as number).toBeGreaterThan(0);

    // Two conversation turns; the second carries the Write's result back to the model.
    const turns = stub.mainRequests();
    expect(turns).toHaveLength(2);
    expect(turns[0]?.headers['x-api-key']).toBe(STUB_API_KEY);
    const results = turnContext(turns[1]?.body ?? {}).toolResults;
    expect(results).toHaveLength(1);
    expect(results[0]?.tool_use_id).toBe('toolu_hello');
    expect(String(results[0]?.content)).toContain('hello.txt');

    // Our stream parser agrees with the CLI's own totals.
    const parsed = parseClaudeStream(run.stdout);
    expect(parsed.harnessSessionId).toBe(init?.session_id);
    expect(parsed).toMatchObject({ inputTokens: 2200, outputTokens: 80, cacheReadTokens: 600, cacheCreationTokens: 300, usageFinal: true });
    expect(parsed.costUsd).toBe(result?.total_cost_usd);
    expect(parsed.fileEvents).toEqual([{ path: target, action: 'create', toolName: 'Write', toolUseId: 'toolu_hello' }]);
  }, 60_000);
});

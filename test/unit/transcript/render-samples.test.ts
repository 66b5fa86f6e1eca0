// The transcript renderer on streams captured from the real CLIs (the shared spec's agent-streams/
// and the Claude sample kept with the stub): assistant text, one line per tool call naming its
// target, the final result with tokens and cost, and no JSON left over.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamAdapterFor } from '../../../src-main/engine/agents/registry';
import type { HarnessKind } from '../../../src-main/engine/harness/kinds';
import { createTranscriptReader, formatTranscript } from '../../../src-main/engine/transcript';
import { repoRoot } from '../../helpers/cli';

const SPEC = join(repoRoot, '..', 'shared', 'spec', 'agent-streams');
const STUB = join(repoRoot, 'test', 'fixtures', 'stub-model');
/** The shared spec's copy when this checkout has it beside it, else the copy kept with the stubs. */
const sample = (name: string): Buffer => readFileSync(existsSync(join(SPEC, name)) ? join(SPEC, name) : join(STUB, name));

function render(agent: HarnessKind, bytes: Buffer | string, workingDir = '/nowhere'): string {
  const reader = createTranscriptReader(streamAdapterFor(agent, 'headless', { workingDir })!);
  // Cut into small pieces, as PTY reads arrive (mid-line, mid-character).
  const buf = Buffer.from(bytes);
  for (let i = 0; i < buf.length; i += 7) reader.push(buf.subarray(i, i + 7));
  reader.end();
  return formatTranscript(reader.entries, { workingDir });
}

const noJson = (text: string) => expect(text.split('\n').filter((l) => /^\s*[{["]/.test(l)), text).toEqual([]);

describe('transcripts of captured streams', () => {
  it('Claude stream-json: text, Write/Edit/Bash lines with their targets and results, the result with tokens and cost', () => {
    const text = render('claude', readFileSync(join(STUB, 'claude-stream-sample.jsonl')), '/sample/project');
    expect(text).toBe(
      [
        "I'll create the notes file.",
        '',
        '  → Write notes.txt  [ok]: File created successfully at: /sample/project/notes.txt (file state is current in your context — no…',
        '  → Edit notes.txt  [ok]: The file /sample/project/notes.txt has been updated successfully. (file state is current in your co…',
        '  → Write notes.txt  [ok]: The file /sample/project/notes.txt has been updated successfully. (file state is current in your co…',
        '  → Bash rm -rf build  [ok]: (Bash completed with no output)',
        '',
        'Done: notes updated.',
        '',
        '── result: completed',
        '   4,780 tokens (in 4,600, out 180, cache read 1,700, cache write 300) · $0.0238 · 4 tool calls · 1 file changed',
        '',
      ].join('\n'),
    );
  });

  it('Codex exec --json: the warning item, the command with its output, the answer, tokens (no cost reported)', () => {
    const text = render('codex', sample('codex-exec-json-command.jsonl'));
    expect(text).toContain('warning: Model metadata for `gpt-5.4` not found.');
    expect(text).toContain(`  → shell /bin/bash -lc "echo 'written by the codex stub' > cmd.txt"  [ok]: pyenv: cannot rehash`);
    expect(text).toContain('Done: the file is written.\n\n── result: completed\n   2,476 tokens (in 2,400, out 68, reasoning 8, cache read 400) · cost not reported · 1 tool call · 0 files changed\n');
    noJson(text);
    const patch = render('codex', sample('codex-exec-json-apply_patch.jsonl'), '/home/dev/demo/work/codex-json');
    expect(patch).toContain('  → apply_patch hello.txt  [ok]\n');
    expect(patch).toContain('1 tool call · 1 file changed');
  });

  it('Gemini stream-json: streamed answer pieces joined, write_file line, tokens; an API error is shown as such', () => {
    const text = render('gemini', sample('gemini-stream-json-auto_edit.jsonl'), '/home/dev/demo/work/gem-direct');
    expect(text).toBe('  → write_file gem.txt  [ok]\n\nDone: the file is written.\n\n── result: completed\n   2,451 tokens (in 2,400, out 51) · cost not reported · 1 tool call · 1 file changed\n');
    const failed = render('gemini', sample('gemini-stream-json-error-401.jsonl'));
    expect(failed).toContain('  ✗ error: [API Error:');
    expect(failed).toContain('── result: failed');
  });

  it('OpenCode run --format json: the write with its output, per-step tokens and cost added up; a refused write is "denied"', () => {
    const text = render('opencode', sample('opencode-run-json-with-cost.jsonl'), '/home/dev/demo/work/oc-cost');
    expect(text).toBe('  → write cost.txt  [ok]: Wrote file successfully.\n\nDone: the file is written.\n\n── result: completed\n   1,642 tokens (in 1,600, out 42, cache read 200) · $0.0055 · 1 tool call · 1 file changed\n');
    const denied = render('opencode', sample('opencode-run-json-external-dir.jsonl'));
    expect(denied).toContain('  → write /home/dev/demo/work/extra/oc-ext.txt  [denied]: The user rejected permission to use this specific tool call.');
  });

  it('keeps lines that are not JSON (warnings through the PTY) as plain lines, never failing on them', () => {
    const noisy = `\x1b[?25lWarning: something odd\r\n${sample('gemini-stream-json-auto_edit.jsonl').toString('utf8').replace(/\n/g, '\r\n')}not json {at all\r\n`;
    const text = render('gemini', noisy);
    expect(text.startsWith('  | Warning: something odd\n')).toBe(true);
    expect(text).toContain('  | not json {at all');
    expect(text).toContain('Done: the file is written.');
  });

  it('every captured sample renders without JSON lines', () => {
    for (const [agent, name] of [
      ['codex', 'codex-exec-json-error.jsonl'],
      ['codex', 'codex-exec-json-hooks-bypass-trust.jsonl'],
      ['gemini', 'gemini-stream-json-default-approval.jsonl'],
      ['gemini', 'gemini-stream-json-with-hooks.jsonl'],
      ['opencode', 'opencode-run-json.jsonl'],
      ['opencode', 'opencode-run-json-error-401.jsonl'],
    ] as const) {
      if (!existsSync(join(SPEC, name)) && !existsSync(join(STUB, name))) continue;
      const text = render(agent, sample(name));
      expect(text.length, name).toBeGreaterThan(0);
      noJson(text);
    }
  });
});

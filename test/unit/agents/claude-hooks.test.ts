// Interactive Claude's hook adapter and transcript reader, on payloads and transcripts captured from
// the real Claude Code 2.1.330 (interactive, in a PTY, against the stub model; paths replaced by
// /sample/...). The sample run: Write a.txt (new), Edit it, Write existing.txt (replaced), a failed
// Edit, Bash, and a final answer; then permission prompts for Bash curl, and failing Bash/Read calls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClaudeHookAdapter } from '../../../src-main/engine/agents/claude/hooks';
import { transcriptEvents } from '../../../src-main/engine/agents/claude/transcript';
import type { SessionEvent } from '../../../src-main/engine/agents/events';

const fixture = (name: string) => path.join(import.meta.dirname, '..', '..', 'fixtures', 'stub-model', name);
const payloads = fs
  .readFileSync(fixture('claude-hook-payloads.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { event: string; payload: Record<string, unknown> });

const only = <K extends SessionEvent['kind']>(events: SessionEvent[], kind: K) =>
  events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-hooks-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('Claude hook adapter', () => {
  const adapter = createClaudeHookAdapter();
  const all = payloads.map((r) => ({ event: r.event, events: adapter.fromHook(r.event, r.payload) }));
  const of = (event: string) => all.filter((r) => r.event === event).map((r) => r.events);

  it('every hook names Claude’s session; SessionStart says the agent started, UserPromptSubmit starts a turn', () => {
    for (const r of all.filter((x) => x.event !== 'PreToolUse')) expect(only(r.events, 'session_id')[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(of('SessionStart')[0]).toContainEqual({ kind: 'agent_started', hook: 'SessionStart' });
    expect(of('UserPromptSubmit')[0]).toContainEqual({ kind: 'turn_started' });
  });

  it('PostToolUse: one call per tool_use_id with its target; Write creates or modifies as Claude says; Edit modifies; Bash writes no file event', () => {
    const posts = of('PostToolUse').slice(0, 4);
    expect(posts.map((e) => only(e, 'tool_call')[0])).toEqual([
      expect.objectContaining({ id: 'toolu_stub_msg_stub_1_0', tool: 'Write', target: '/sample/project/a.txt' }),
      expect.objectContaining({ id: 'toolu_stub_msg_stub_2_0', tool: 'Edit', target: '/sample/project/a.txt' }),
      expect.objectContaining({ id: 'toolu_stub_msg_stub_3_0', tool: 'Write', target: '/sample/project/existing.txt' }),
      expect.objectContaining({ id: 'toolu_stub_msg_stub_5_0', tool: 'Bash', target: 'echo hi > b.txt' }),
    ]);
    expect(posts.map((e) => only(e, 'file').map((f) => `${f.action} ${f.path}`))).toEqual([
      ['create /sample/project/a.txt'],
      ['modify /sample/project/a.txt'],
      ['modify /sample/project/existing.txt'],
      [],
    ]);
    expect(only(posts[0]!, 'tool_result')).toEqual([{ kind: 'tool_result', id: 'toolu_stub_msg_stub_1_0', status: 'ok' }]);
  });

  it('PostToolUseFailure: the call is logged with an error result', () => {
    const failures = of('PostToolUseFailure');
    expect(failures).toHaveLength(2);
    expect(only(failures[0]!, 'tool_call')[0]).toMatchObject({ tool: 'Bash', target: 'ls missing-xyz' });
    expect(only(failures[0]!, 'tool_result')[0]).toMatchObject({ status: 'error' });
  });

  it('PermissionRequest: needs input, naming the tool and command; the later Notification is only a generic reminder', () => {
    expect(only(of('PermissionRequest')[0]!, 'needs_input')).toEqual([
      { kind: 'needs_input', prompt: 'Claude asks permission to use Bash: curl -s http://127.0.0.1:9/one' },
    ]);
    expect(only(of('Notification')[0]!, 'needs_input')).toEqual([{ kind: 'needs_input', prompt: 'Claude needs your permission', generic: true }]);
    expect(adapter.fromHook('Notification', { notification_type: 'idle_prompt', message: 'Claude is waiting for your input' })).toEqual([]);
  });

  it('Stop: the last answer as result, then the turn ends', () => {
    const stop = of('Stop')[0]!;
    expect(stop.slice(-2)).toEqual([{ kind: 'result', text: 'All done here.', isError: false }, { kind: 'turn_ended' }]);
  });

  it('PermissionDenied (auto mode refused a call) is a denial with the call id', () => {
    const events = adapter.fromHook('PermissionDenied', { tool_name: 'Bash', tool_input: { command: 'rm -rf /' }, tool_use_id: 'toolu_1' });
    expect(events).toEqual([{ kind: 'denied', tool: 'Bash', input: { command: 'rm -rf /' }, callId: 'toolu_1' }]);
  });
});

describe('Claude transcript usage', () => {
  const sample = fs.readFileSync(fixture('claude-transcript-sample.jsonl'));
  // The stub's six answers: 1000+1100+100+100+100+1300 in, 50+40+20+20+20+30 out; message 1 is two lines.
  const expected = { kind: 'usage', input: 3700, output: 180, cacheRead: 200, cacheWrite: 300, reasoning: 0, cumulative: true, model: 'claude-opus-5-5' };

  it('counts each message once, names the model, and takes Claude’s own cost from its exit record', () => {
    const file = path.join(tmp, 't.jsonl');
    fs.writeFileSync(file, sample);
    expect(transcriptEvents(file, path.join(tmp, 'state'))).toEqual([expected, { kind: 'cost', usd: 0.01994, cumulative: true }]);
  });

  it('reads incrementally across hooks (a message split between reads, a half-written last line) to the same totals', () => {
    const file = path.join(tmp, 't.jsonl');
    const state = path.join(tmp, 'state');
    // Cut inside the second line of message 1 (its two lines carry the same id), mid-line.
    const secondLine = sample.indexOf('"id":"msg_stub_1"', sample.indexOf('"id":"msg_stub_1"') + 1);
    fs.writeFileSync(file, sample.subarray(0, secondLine));
    const first = only(transcriptEvents(file, state), 'usage')[0];
    expect(first).toMatchObject({ input: 1000, output: 50 });
    fs.appendFileSync(file, sample.subarray(secondLine));
    expect(only(transcriptEvents(file, state), 'usage')).toEqual([expected]);
    // Nothing new: the same totals, nothing read twice.
    expect(only(transcriptEvents(file, state), 'usage')).toEqual([expected]);
    expect(JSON.parse(fs.readFileSync(path.join(state, 'claude-transcript.json'), 'utf8')).files[file].offset).toBe(sample.length);
  });

  it('adds up the transcripts of one session (a resumed or cleared conversation writes a new file)', () => {
    const state = path.join(tmp, 'state');
    for (const name of ['a.jsonl', 'b.jsonl']) {
      fs.writeFileSync(path.join(tmp, name), sample);
      transcriptEvents(path.join(tmp, name), state);
    }
    expect(only(transcriptEvents(path.join(tmp, 'b.jsonl'), state), 'usage')[0]).toMatchObject({ input: 7400, output: 360 });
  });

  it('skips an over-long line without keeping it, and still counts what follows', () => {
    const file = path.join(tmp, 't.jsonl');
    const usageLine = sample
      .toString('utf8')
      .split('\n')
      .find((l) => l.includes('"id":"msg_stub_6"'))!;
    fs.writeFileSync(file, `{"type":"api-request-blob","text":"${'x'.repeat(5 * 1024 * 1024)}"}\n${usageLine}\n`);
    expect(only(transcriptEvents(file, path.join(tmp, 'state')), 'usage')[0]).toMatchObject({ input: 1300, output: 30 });
  });

  it('a call a permission rule refused is a denial (no hook reports it)', () => {
    const file = path.join(tmp, 't.jsonl');
    fs.copyFileSync(fixture('claude-transcript-denied.jsonl'), file);
    expect(only(transcriptEvents(file, undefined), 'denied')).toEqual([
      { kind: 'denied', tool: 'Bash', input: { command: 'wget -q http://127.0.0.1:9/denied', description: 'denied by rule' }, callId: 'toolu_stub_msg_stub_1_0' },
    ]);
  });

  it('ignores a path that is not an absolute .jsonl file', () => {
    expect(transcriptEvents('relative.jsonl', undefined)).toEqual([]);
    expect(transcriptEvents('/etc/passwd', undefined)).toEqual([]);
    expect(transcriptEvents(path.join(tmp, 'missing.jsonl'), undefined)).toEqual([]);
  });
});

describe('Claude sub-agents', () => {
  it('SubagentStop adds the sub-agent’s own transcript to the session’s usage', () => {
    const state = path.join(tmp, 'state');
    const main = path.join(tmp, 'main.jsonl');
    fs.copyFileSync(fixture('claude-transcript-sample.jsonl'), main);
    const adapter = createClaudeHookAdapter({ stateDir: state });
    adapter.fromHook('Stop', { transcript_path: main });
    const stop = payloads.find((r) => r.event === 'SubagentStop')!.payload;
    const sub = path.join(tmp, 'agent-a4897e97ab05e7a03.jsonl');
    fs.copyFileSync(fixture('claude-transcript-subagent.jsonl'), sub);
    expect(stop.agent_transcript_path).toMatch(/\/subagents\/agent-a4897e97ab05e7a03\.jsonl$/);
    const events = adapter.fromHook('SubagentStop', { ...stop, agent_transcript_path: sub });
    // The sample's 3700 in / 180 out plus the sub-agent's one answer (777 in, 7 out).
    expect(only(events, 'usage')[0]).toMatchObject({ input: 4477, output: 187 });
  });
});

// What Switchyard's OpenCode plugin sends (payloads shaped like OpenCode 1.18.33's bus events, as
// captured from the real TUI) becomes the session's status, prompt, tool log, files and usage.
import { describe, expect, it } from 'vitest';
import { createOpencodeHookAdapter } from '../../../src-main/engine/agents/opencode/hooks';

const adapter = createOpencodeHookAdapter();
const SES = 'ses_dce83657cffezIBrG78Em1hecG';

describe('the OpenCode hook adapter', () => {
  it('turns busy and idle of its session into turn boundaries carrying OpenCode\'s session id', () => {
    expect(adapter.fromHook('session.status', { sessionID: SES, status: { type: 'busy' } })).toEqual([
      { kind: 'session_id', id: SES },
      { kind: 'turn_started' },
    ]);
    expect(adapter.fromHook('session.idle', { sessionID: SES, status: { type: 'idle' } })).toEqual([
      { kind: 'session_id', id: SES },
      { kind: 'turn_ended' },
    ]);
    expect(adapter.fromHook('plugin.loaded', { directory: '/w', prompted: true })).toEqual([{ kind: 'agent_started', hook: 'plugin.loaded' }]);
    // The TUI opened without a prompt waits for the user's first message.
    expect(adapter.fromHook('plugin.loaded', { directory: '/w', prompted: false })).toEqual([
      { kind: 'agent_started', hook: 'plugin.loaded' },
      { kind: 'turn_ended' },
    ]);
  });

  it('says what a permission request is about, as the TUI dialog does', () => {
    const asked = {
      id: 'per_2317cc03a001tIJBIcDdCS19rq',
      sessionID: SES,
      permission: 'external_directory',
      patterns: ['/home/dev/demo/work/extra/*'],
      metadata: { filepath: '/home/dev/demo/work/extra/oc-int2.txt', parentDir: '/home/dev/demo/work/extra' },
    };
    expect(adapter.fromHook('permission.asked', asked)).toEqual([
      { kind: 'needs_input', prompt: 'OpenCode asks permission to access an external directory: /home/dev/demo/work/extra (/home/dev/demo/work/extra/*)' },
    ]);
    expect(adapter.fromHook('permission.asked', { sessionID: SES, permission: 'bash', patterns: ['rm -rf build'], metadata: {} })).toEqual([
      { kind: 'needs_input', prompt: 'OpenCode asks permission to run a command: rm -rf build' },
    ]);
    expect(adapter.fromHook('question.asked', { sessionID: SES, questions: [{ question: 'Which branch?', header: 'Branch' }] })).toEqual([
      { kind: 'needs_input', prompt: 'OpenCode asks: Which branch?' },
    ]);
    // An answer (any answer) lets the turn go on, which clears needs-input.
    expect(adapter.fromHook('permission.replied', { sessionID: SES, requestID: asked.id, reply: 'once' })).toEqual([{ kind: 'turn_started' }]);
  });

  it('reports a finished tool call once with its target; a rule\'s refusal is a denial, the user\'s Reject is not', () => {
    const input = { filePath: '/w/plug.txt', content: 'x' };
    expect(adapter.fromHook('tool', { sessionID: SES, tool: 'write', callID: 'call_11', status: 'completed', input })).toEqual([
      { kind: 'tool_call', id: 'call_11', tool: 'write', input, target: '/w/plug.txt' },
      { kind: 'tool_result', id: 'call_11', status: 'ok' },
    ]);
    const rejected = adapter.fromHook('tool', {
      tool: 'write', callID: 'call_14', status: 'error', input, error: 'The user rejected permission to use this specific tool call.',
    });
    expect(rejected.map((e) => e.kind)).toEqual(['tool_call', 'tool_result']);
    expect(rejected[1]).toEqual({ kind: 'tool_result', id: 'call_14', status: 'denied' });
    const ruled = adapter.fromHook('tool', {
      tool: 'bash', callID: 'call_15', status: 'error', input: { command: 'curl x' },
      error: 'The user has specified a rule which prevents you from using this specific tool call. Here are some of the relevant rules []',
    });
    expect(ruled).toContainEqual({ kind: 'denied', tool: 'bash', input: { command: 'curl x' }, callId: 'call_15' });
    expect(ruled[0]).toMatchObject({ kind: 'tool_call', target: 'curl x' });
  });

  it('a file edited by a write that created it is a create; otherwise a modify', () => {
    expect(adapter.fromHook('file.edited', { file: '/w/new.txt', tool: 'write', callID: 'call_1', existed: false })).toEqual([
      { kind: 'file', path: '/w/new.txt', action: 'create', tool: 'write', callId: 'call_1' },
    ]);
    expect(adapter.fromHook('file.edited', { file: '/w/old.txt', tool: null, callID: null, existed: null })).toEqual([
      { kind: 'file', path: '/w/old.txt', action: 'modify', tool: 'edit', callId: null },
    ]);
  });

  it('usage is OpenCode\'s running totals (cumulative) with its model and its own cost', () => {
    const events = adapter.fromHook('usage', { sessionID: SES, input: 1600, output: 42, reasoning: 0, cacheRead: 200, cacheWrite: 0, cost: 0.00549, model: 'stub-model' });
    expect(events).toEqual([
      { kind: 'usage', input: 1600, output: 42, reasoning: 0, cacheRead: 200, cacheWrite: 0, cumulative: true, model: 'stub-model' },
      { kind: 'cost', usd: 0.00549, cumulative: true },
    ]);
  });

  it('a batch is its events in order; unknown events and malformed entries give nothing', () => {
    const events = adapter.fromHook('batch', {
      events: [
        { event: 'permission.asked', payload: { permission: 'edit', patterns: ['a.txt'], metadata: { filepath: '/w/a.txt' } } },
        { event: 'catalog.updated', payload: {} },
        'not an event',
        { event: 'batch', payload: { events: [{ event: 'session.idle', payload: {} }] } },
        { event: 'permission.replied', payload: { reply: 'once' } },
      ],
    });
    expect(events).toEqual([
      { kind: 'needs_input', prompt: 'OpenCode asks permission to edit: /w/a.txt (a.txt)' },
      { kind: 'turn_started' },
    ]);
    expect(adapter.fromHook('message.updated', { info: {} })).toEqual([]);
  });
});

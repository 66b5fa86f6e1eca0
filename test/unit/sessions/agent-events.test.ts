// Storing hook events (interactive sessions): the agent's start ends the runner's "waiting at a
// prompt" flag, and a generic reminder never hides the precise question already shown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config/defaults';
import { applyAgentEvents } from '../../../src-main/engine/sessions/agent-events';
import { openStore, type Store } from '../../../src-main/engine/store';
import { buildSession } from '../../helpers/session-fixture';

let dir: string;
let store: Store;
const id = 'c1a0de01';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-events-'));
  store = openStore(path.join(dir, 'db.sqlite'));
  store.insertSession(buildSession(id, 'running', new Date(), { mode: 'interactive' }));
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const apply = (...events: Parameters<typeof applyAgentEvents>[2]) => applyAgentEvents({ store, config: defaultConfig(dir) }, id, events);

describe('applyAgentEvents', () => {
  it('agent_started clears the prompt watch’s flag and records the event the watch waits for', () => {
    store.setAttention(id, 'needs_input');
    store.setStateReason(id, 'waiting at a prompt before its session starts: Do you trust this folder?');
    apply({ kind: 'agent_started', hook: 'SessionStart' });
    expect(store.getSession(id)).toMatchObject({ attention: null, stateReason: null });
    expect(store.listEvents({ kinds: ['agent_started'], sessionId: id, limit: 5 }).map((e) => e.payload)).toEqual([{ sessionId: id, hook: 'SessionStart' }]);
  });

  it('a generic reminder keeps the precise prompt; a tool call or a new turn clears it', () => {
    apply({ kind: 'needs_input', prompt: 'Claude asks permission to use Bash: curl x' });
    apply({ kind: 'needs_input', prompt: 'Claude needs your permission', generic: true });
    expect(store.getSession(id)).toMatchObject({ attention: 'needs_input', stateReason: 'Claude asks permission to use Bash: curl x' });
    apply({ kind: 'tool_call', id: 't1', tool: 'Bash', input: { command: 'curl x' }, target: 'curl x' });
    expect(store.getSession(id)).toMatchObject({ attention: null, stateReason: null });
    apply({ kind: 'needs_input', prompt: 'Claude needs your permission', generic: true });
    expect(store.getSession(id)).toMatchObject({ attention: 'needs_input', stateReason: 'Claude needs your permission' });
    apply({ kind: 'turn_started' });
    expect(store.getSession(id)?.attention).toBeNull();
  });

  it('cumulative usage and cost replace the stored figures (latest wins)', () => {
    apply({ kind: 'usage', input: 1000, output: 50, cacheRead: 0, cacheWrite: 0, reasoning: 0, cumulative: true, model: 'claude-opus-5-5' });
    apply({ kind: 'usage', input: 2200, output: 80, cacheRead: 600, cacheWrite: 300, reasoning: 0, cumulative: true, model: 'claude-opus-5-5' }, { kind: 'cost', usd: 0.02, cumulative: true });
    expect(store.getSession(id)?.metrics).toMatchObject({ inputTokens: 2200, outputTokens: 80, tokensUsed: 2280, cacheReadTokens: 600, cacheCreationTokens: 300, costUsd: 0.02 });
  });
});

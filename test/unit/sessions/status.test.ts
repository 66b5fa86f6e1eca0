// Session status (seed tests 43-45): latest, configured harness markers, handoff lineage.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Config } from '../../../src-main/engine/config/types';
import type { Session, SessionState } from '../../../src-main/engine/model';
import { getSessionStatus, renderSessionStatus } from '../../../src-main/engine/sessions/status';
import { openStore } from '../../../src-main/engine/store';
import type { Store } from '../../../src-main/engine/store';

let dir: string;
let store: Store;
let config: Config;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-status-'));
  store = openStore(join(dir, 'state.db'));
  config = defaultConfig(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function session(id: string, state: SessionState, updatedAt: Date, overrides: Partial<Session> = {}): Session {
  const at = updatedAt.toISOString();
  return {
    id, task: `task-${id}`, project: 'workspace', taskGroup: 'general', agentType: 'claude', mode: 'headless', state,
    pid: null, runnerPid: null, workingDir: '/tmp', worktree: null, harness: 'claude', detectedHarnesses: [], harnessSessionId: null,
    attention: null, stateReason: null, exitCode: null, exitSignal: null,
    createdAt: new Date(updatedAt.getTime() - 60_000).toISOString(), updatedAt: at, lastHeartbeatAt: at,
    metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
    ...overrides,
  };
}

describe('session status', () => {
  it('resolves latest to the most recently updated session (seed 43)', () => {
    const now = Date.now();
    store.insertSession(session('older', 'running', new Date(now - 120_000)));
    store.insertSession(session('newer', 'idle', new Date(now)));
    expect(store.getLatestSession()?.id).toBe('newer');
  });

  it('reports a configured runner detected from its project markers (seed 44)', () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.acme'), { recursive: true });
    config.harness_runners['acme-runner'] = { program: 'acme-agent', base_args: [], project_markers: ['.acme'], inline_system_prompt_for_task: true, env: {} };
    store.insertSession(session('custom', 'running', new Date(), { agentType: '', harness: 'unknown', workingDir: repo }));
    const status = getSessionStatus(store, config, store.getSession('custom')!);
    expect(status.harness).toEqual({ primaryLabel: 'acme-runner', detectedLabels: ['acme-runner'] });
    expect(renderSessionStatus(status)).toContain('Detected: acme-runner');
  });

  it('surfaces handoff lineage: children of a lead and the parent of a delegate (seed 45)', () => {
    for (const id of ['parent', 'child', 'sibling']) store.insertSession(session(id, 'running', new Date()));
    store.sendMessage('parent', 'child', JSON.stringify({ task: 'child task' }), 'task_handoff');
    store.sendMessage('parent', 'sibling', JSON.stringify({ task: 'sibling task' }), 'task_handoff');
    const lead = renderSessionStatus(getSessionStatus(store, config, store.getSession('parent')!));
    expect(lead).toMatch(/Children: (child, sibling|sibling, child)/);
    expect(getSessionStatus(store, config, store.getSession('child')!).parentSession).toBe('parent');
  });
});

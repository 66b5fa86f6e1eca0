// Session status (seed tests 43-45): latest, configured harness markers, handoff lineage.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Config } from '../../../src-main/engine/config/types';
import { getSessionStatus, renderSessionStatus } from '../../../src-main/engine/sessions/status';
import { openStore } from '../../../src-main/engine/store';
import type { Store } from '../../../src-main/engine/store';
import { buildSession } from '../../helpers/session-fixture';

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

describe('session status', () => {
  it('resolves latest to the most recently updated session (seed 43)', () => {
    const now = Date.now();
    store.insertSession(buildSession('older', 'running', new Date(now - 120_000)));
    store.insertSession(buildSession('newer', 'idle', new Date(now)));
    expect(store.getLatestSession()?.id).toBe('newer');
  });

  it('reports a configured runner detected from its project markers (seed 44)', () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.acme'), { recursive: true });
    config.harness_runners['acme-runner'] = { program: 'acme-agent', base_args: [], project_markers: ['.acme'], inline_system_prompt_for_task: true, end_of_options: '--', env: {} };
    store.insertSession(buildSession('custom', 'running', new Date(), { agentType: '', harness: 'unknown', workingDir: repo }));
    const status = getSessionStatus(store, config, store.getSession('custom')!);
    expect(status.harness).toEqual({ primaryLabel: 'acme-runner', detectedLabels: ['acme-runner'] });
    expect(renderSessionStatus(status)).toContain('Detected: acme-runner');
  });

  it('surfaces handoff lineage: children of a lead and the parent of a delegate (seed 45)', () => {
    for (const id of ['parent', 'child', 'sibling']) store.insertSession(buildSession(id, 'running', new Date()));
    store.sendMessage('parent', 'child', JSON.stringify({ task: 'child task' }), 'task_handoff');
    store.sendMessage('parent', 'sibling', JSON.stringify({ task: 'sibling task' }), 'task_handoff');
    const lead = renderSessionStatus(getSessionStatus(store, config, store.getSession('parent')!));
    expect(lead).toMatch(/Children: (child, sibling|sibling, child)/);
    expect(getSessionStatus(store, config, store.getSession('child')!).parentSession).toBe('parent');
  });
});

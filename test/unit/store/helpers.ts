// Shared set-up for the store tests: a temp database file, a deterministic clock, sample rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src-main/engine/store';
import type { Session } from '../../../src-main/engine/model';

export interface TempStore {
  store: Store;
  dir: string;
  dbPath: string;
  /** The instant the next write will see (each clock read advances it by one second). */
  clock: { ms: number };
  cleanup(): void;
}

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

export function iso(offsetSecs: number): string {
  return new Date(T0 + offsetSecs * 1000).toISOString();
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sy-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTempStore(): TempStore {
  const { dir, cleanup } = tempDir();
  const dbPath = join(dir, 'nested', 'switchyard.db');
  const clock = { ms: T0 + 3_600_000 };
  const store = openStore(dbPath, {
    now: () => {
      clock.ms += 1000;
      return new Date(clock.ms);
    },
  });
  return {
    store,
    dir,
    dbPath,
    clock,
    cleanup: () => {
      store.close();
      cleanup();
    },
  };
}

export function sampleSession(id: string, overrides: Partial<Session> = {}): Session {
  const at = overrides.updatedAt ?? iso(0);
  return {
    id,
    task: `task for ${id}`,
    project: 'demo',
    taskGroup: 'group',
    agentType: 'claude',
    mode: 'headless',
    state: 'pending',
    pid: null,
    runnerPid: null,
    workingDir: '/work/repos/demo',
    worktree: null,
    harness: 'claude',
    detectedHarnesses: ['claude'],
    harnessSessionId: null,
    attention: null,
    stateReason: null,
    exitCode: null,
    exitSignal: null,
    createdAt: at,
    updatedAt: at,
    lastHeartbeatAt: at,
    metrics: {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheCreationTokens: 0,
      tokensUsed: 0,
      costUsd: 0,
      toolCalls: 0,
      filesChanged: 0,
      durationSecs: 0,
    },
    ...overrides,
  };
}

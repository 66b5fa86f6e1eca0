// Shared set-up for the orchestration tests: a real store in a temp dir, a test config, a fixed
// clock, an event bus, session rows, and a session launcher whose runner spawn is a recorder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Config, HarnessRunnerConfig } from '../../../src-main/engine/config/types';
import { sessionLauncher } from '../../../src-main/engine/dispatch/launcher';
import { createEventBus, type EventBus } from '../../../src-main/engine/events';
import type { PolicyDeps } from '../../../src-main/engine/policies';
import type { SessionDeps } from '../../../src-main/engine/sessions/deps';
import { openStore, type Store } from '../../../src-main/engine/store';

export const NOW = new Date('2026-04-09T00:10:00.000Z');

export interface Fixture {
  dir: string;
  store: Store;
  config: Config;
  events: EventBus;
  clock: { now: Date };
  /** Runner launches recorded instead of spawned: the args of each. */
  launches: string[][];
  stops: { id: string; reason: string }[];
  kills: number[];
  policy(): PolicyDeps;
  sessionDeps(): SessionDeps;
  launch: ReturnType<typeof sessionLauncher>;
  cleanup(): void;
}

/** A runner entry whose program exists (node itself), so startSession accepts the agent. */
export function fakeRunner(): HarnessRunnerConfig {
  return { program: process.execPath, base_args: [], project_markers: [], inline_system_prompt_for_task: true, end_of_options: '--', env: {} };
}

export function createFixture(tune: (c: Config) => void = () => undefined): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'sy-orch-'));
  const config = defaultConfig(dir);
  config.max_parallel_sessions = 4;
  config.session_timeout_secs = 60;
  config.heartbeat_interval_secs = 5;
  config.harness_runners = { claude: fakeRunner(), codex: fakeRunner() };
  tune(config);
  const clock = { now: NOW };
  const store = openStore(config.db_path, { now: () => clock.now });
  const events = createEventBus(store);
  const launches: string[][] = [];
  const stops: { id: string; reason: string }[] = [];
  const kills: number[] = [];
  const sessionDeps = (): SessionDeps => ({
    home: dir,
    config,
    store,
    runner: { command: [process.execPath, 'cli.js'] },
    now: () => clock.now,
    spawnRunner: async (l) => {
      launches.push(l.args);
      return { pid: 999_999 };
    },
    isAlive: () => false,
  });
  const fx: Fixture = {
    dir,
    store,
    config,
    events,
    clock,
    launches,
    stops,
    kills,
    sessionDeps,
    launch: sessionLauncher(sessionDeps()),
    policy: () => ({
      store,
      config,
      events,
      now: () => clock.now,
      // Same steps as a real stop (no kill needed: these rows have no live process).
      stopSession: async (id, reason) => {
        stops.push({ id, reason });
        store.markStopped(id, reason);
      },
      terminate: async (pid) => {
        kills.push(pid);
      },
    }),
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fx;
}

export { buildSession } from '../../helpers/session-fixture';

export function minutesAgo(n: number): Date {
  return new Date(NOW.getTime() - n * 60_000);
}

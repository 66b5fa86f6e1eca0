// What session operations need from their host (CLI, app, browser mode, tests): explicit ports
// instead of globals, so tests can swap the clock, the runner launcher and process control.
import type { Config } from '../config/types';
import type { Store } from '../store';

export interface RunnerLaunch {
  /** Program and leading arguments that run the `switchyard` CLI, e.g. [process.execPath, '/app/out/main/cli.js']. */
  command: string[];
  /**
   * Program and leading arguments that start a session runner, e.g. [process.execPath,
   * '/app/out/main/runner.cjs']: its own small bundle (src-main/runner/main.ts). Without it the
   * runner is the CLI's hidden `run-session` command (`command`), which loads the whole CLI.
   */
  entry?: string[];
  /** Extra environment for the runner, e.g. ELECTRON_RUN_AS_NODE=1 under Electron. */
  env?: Record<string, string>;
  /** `--config FILE` given to the host, passed on so the runner loads the same configuration. */
  configFile?: string;
  /** The runner's cwd (where the nearest switchyard.toml is looked up); defaults to the session's directory. */
  cwd?: string;
}

export interface SessionDeps {
  home: string;
  config: Config;
  store: Store;
  runner: RunnerLaunch;
  now?: () => Date;
  /** Starts the detached runner; defaults to the real spawner. */
  spawnRunner?: (launch: { command: string[]; args: string[]; stderrLogPath: string; env?: NodeJS.ProcessEnv; cwd?: string }) => Promise<{ pid: number }>;
  /** Signals a process group; defaults to process.kill on -pid. */
  isAlive?: (pid: number) => boolean;
}

export function nowOf(deps: SessionDeps): Date {
  return deps.now ? deps.now() : new Date();
}

export { isProcessAlive } from '../runner/kill';

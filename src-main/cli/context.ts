// Per-invocation state: the data home, the layered config and the store, each loaded on first use.
// Config is loaded (and validated) before the store is opened, so an invalid config writes nothing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../engine/config';
import type { LoadedConfig } from '../engine/config/types';
import { DataHomeError, prepareDataHome, tightenedNotice } from '../engine/home';
import { resolveDataHome } from '../engine/paths';
import { openStore } from '../engine/store';
import { RUNNER_NODE_FLAGS } from '../engine/runner/node-flags';
import type { Store } from '../engine/store';
import type { Session } from '../engine/model';
import type { SessionDeps } from '../engine/sessions/deps';
import { CliError } from './errors';
import type { CliIO } from './io';

export interface GlobalOptions {
  home?: string;
  config?: string;
}

/** out/main/runner.cjs, seen from out/main/cli.js or from one of its chunks (out/main/chunks/). */
function runnerBundleCommand(): string[] | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundle = [join(here, 'runner.cjs'), join(here, '..', 'runner.cjs')].find((p) => existsSync(p));
  return bundle ? [process.execPath, ...RUNNER_NODE_FLAGS, bundle] : undefined;
}

export class CliContext {
  readonly home: string;
  /**
   * How to start `switchyard run-session`: this very CLI bundle, under the same Node (or Electron-as-Node),
   * with a runner's memory-saving flags.
   */
  runnerCommand: string[] = [process.execPath, ...RUNNER_NODE_FLAGS, process.argv[1] ?? ''];
  /**
   * How to start a session runner: its own small bundle beside this one (out/main/runner.cjs).
   * Unbuilt (tests running the sources), runners fall back to `runnerCommand run-session`.
   */
  runnerEntry: string[] | undefined = runnerBundleCommand();
  private loaded?: LoadedConfig;
  private storeInstance?: Store;

  constructor(
    readonly globals: GlobalOptions,
    readonly io: CliIO,
    readonly cwd: string = process.cwd(),
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.home = resolveDataHome(globals.home, env);
  }

  config(): LoadedConfig {
    if (!this.loaded) {
      this.loaded = loadConfig({ home: this.home, cwd: this.cwd, configFile: this.globals.config });
      for (const w of this.loaded.warnings) this.io.err(`switchyard: warning: ${w.message}`);
    }
    return this.loaded;
  }

  store(): Store {
    if (!this.storeInstance) {
      const dbPath = this.config().config.db_path;
      this.prepareHome(dbPath);
      this.storeInstance = openStore(dbPath);
    }
    return this.storeInstance;
  }

  /** Creates the data home privately (or fails at once naming it) and narrows one an older build left open. */
  prepareHome(dbPath?: string): void {
    try {
      const notice = tightenedNotice(prepareDataHome(this.home, dbPath));
      if (notice) this.io.err(notice);
    } catch (err) {
      if (err instanceof DataHomeError) throw new CliError(err.message);
      throw err;
    }
  }

  /** Resolves an id, an id prefix or `latest`; fails with a message that says what to do. */
  resolveSession(idOrLatest: string): Session {
    const store = this.store();
    if (idOrLatest === 'latest') {
      const latest = store.getLatestSession();
      if (!latest) throw new CliError('No sessions found; start one with `switchyard start --task "..."`');
      return latest;
    }
    const session = store.getSession(idOrLatest);
    if (!session) throw new CliError(`Session not found: ${idOrLatest} (list sessions with \`switchyard sessions\`)`);
    return session;
  }

  sessionDeps(): SessionDeps {
    const loaded = this.config();
    return {
      home: this.home,
      config: loaded.config,
      store: this.store(),
      runner: { command: this.runnerCommand, ...(this.runnerEntry ? { entry: this.runnerEntry } : {}), configFile: this.globals.config, cwd: this.cwd },
    };
  }

  close(): void {
    this.storeInstance?.close();
    this.storeInstance = undefined;
  }
}

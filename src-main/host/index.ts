// The engine-backed implementation of the API contract, shared by browser mode (src-main/server)
// and the Electron main process. Inputs are validated here; results are values or typed errors,
// and nothing thrown inside ever reaches the transport.
import type { ApiError, EventName, EventParsedParams, Result, TerminalEvent } from '../api';
import { fail, ok, parseEventParams, parseOperationInput } from '../api';
import { ConfigError, createConfigReloader, loadConfig } from '../engine/config';
import type { SessionDeps } from '../engine/sessions/deps';
import { SessionError } from '../engine/sessions/errors';
import { BudgetSpentError } from '../engine/sessions/budget-check';
import { RunnerError } from '../engine/runner';
import { openStore } from '../engine/store';
import { prepareDataHome, tightenedNotice } from '../engine/home';
import { TerminalControl } from './control';
import { startHostDaemon } from './daemon';
import type { HostDaemon } from './daemon';
import { createHandlers } from './handlers';
import { openTerminalStream } from './terminal';
import { createWatchers } from './watchers';

export interface ApiHostOptions {
  /** The data home (database, logs, sockets). */
  home: string;
  /** `--config FILE`, passed on to runners too. */
  configFile?: string;
  /** Where new sessions run by default, and where switchyard.toml is looked up. */
  cwd: string;
  /** How to start `switchyard run-session`: e.g. [process.execPath, '/app/out/main/cli.js']. */
  runnerCommand: string[];
  /** How to start a session runner: e.g. [process.execPath, '/app/out/main/runner.cjs'] (default: `runnerCommand run-session`). */
  runnerEntry?: string[];
  /** Extra environment for runners (ELECTRON_RUN_AS_NODE=1 under Electron). */
  runnerEnv?: Record<string, string>;
  /** Poll interval of the session and event streams (default 1000 ms). */
  pollMs?: number;
  log?: (line: string) => void;
}

export interface SubscribeOptions {
  /** True while the subscriber's transport is backed up; terminal output is then held (and dropped past a bound). */
  congested?: () => boolean;
  /** The subscription was refused (bad params, unknown stream). */
  onError?: (error: ApiError) => void;
}

export interface ApiHost {
  call(op: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, params: unknown, listener: (payload: unknown) => void, opts?: SubscribeOptions): () => void;
  /** Starts the daemon in this process unless another one holds the data home's lock. */
  startDaemon(owner: string): Promise<HostDaemon['state']>;
  readonly deps: SessionDeps;
  dispose(): Promise<void>;
}

export function toApiError(error: unknown): ApiError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof BudgetSpentError) return { code: 'over_budget', message };
  if (error instanceof SessionError) return { code: /^Session not found/.test(message) ? 'not_found' : 'rejected', message };
  if (error instanceof ConfigError || error instanceof RunnerError) return { code: 'rejected', message };
  if (error instanceof Error && error.name.endsWith('Error') && error.name !== 'Error' && error.name !== 'TypeError' && error.name !== 'RangeError') {
    return { code: 'rejected', message }; // the engine's own error classes (WorktreeError, ...)
  }
  return { code: 'internal', message };
}

export function createApiHost(opts: ApiHostOptions): ApiHost {
  const log = opts.log ?? (() => undefined);
  const loaded = loadConfig({ home: opts.home, cwd: opts.cwd, ...(opts.configFile ? { configFile: opts.configFile } : {}) });
  for (const w of loaded.warnings) log(`switchyard: warning: ${w.message}`);
  const notice = tightenedNotice(prepareDataHome(opts.home, loaded.config.db_path));
  if (notice) log(notice);
  const store = openStore(loaded.config.db_path);
  const deps: SessionDeps = {
    home: opts.home,
    config: loaded.config,
    store,
    runner: {
      command: opts.runnerCommand,
      ...(opts.runnerEntry ? { entry: opts.runnerEntry } : {}),
      cwd: opts.cwd,
      ...(opts.configFile ? { configFile: opts.configFile } : {}),
      ...(opts.runnerEnv ? { env: opts.runnerEnv } : {}),
    },
  };
  // Config edits (budgets, model_prices, ...) apply without a restart: the files are stat'ed every
  // second and before each call, and re-read when they changed. The daemon reads deps.config per tick.
  const loadOpts = { home: opts.home, cwd: opts.cwd, ...(opts.configFile ? { configFile: opts.configFile } : {}) };
  const reloader = createConfigReloader(
    loadOpts,
    (l) => {
      deps.config = l.config;
      log('switchyard: configuration reloaded');
    },
    (e) => log(`switchyard: the edited configuration was not applied (keeping the previous one): ${e instanceof Error ? e.message : String(e)}`),
  );
  const control = new TerminalControl(store);
  // The config check rides the watchers' one timer (every second, whether or not a page is open).
  const watchers = createWatchers(store, {
    intervalMs: opts.pollMs ?? 1000,
    onError: (e) => log(`switchyard: polling the store failed: ${String(e)}`),
    onTick: () => reloader.check(),
  });
  let daemon: HostDaemon | null = null;
  const handlers = createHandlers({
    deps,
    cwd: opts.cwd,
    control,
    daemon: () => daemon?.state ?? { state: 'off', message: 'the daemon is not started in this process' },
    changed: () => watchers.refresh(),
  });
  const subscriptions = new Set<() => void>();
  let disposed = false;

  return {
    deps,
    async call(op, input) {
      if (disposed) return fail('transport', 'the Switchyard host has shut down');
      reloader.check();
      const parsed = parseOperationInput(op, input);
      if (!parsed.ok) return parsed;
      try {
        const handler = handlers[parsed.value.op] as (input: unknown) => unknown;
        return ok(await handler(parsed.value.input));
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
    subscribe(event, params, listener, sub = {}) {
      const parsed = parseEventParams(event, params);
      if (!parsed.ok || disposed) {
        sub.onError?.(parsed.ok ? { code: 'transport', message: 'the Switchyard host has shut down' } : parsed.error);
        return () => undefined;
      }
      const safe = (payload: unknown) => {
        try {
          listener(payload);
        } catch (error) {
          log(`switchyard: a subscriber failed: ${String(error)}`);
        }
      };
      const cancel = open(parsed.value.event, parsed.value.params, safe, sub);
      const entry = () => {
        subscriptions.delete(entry);
        cancel();
      };
      subscriptions.add(entry);
      return entry;
    },
    async startDaemon(owner) {
      if (!daemon) daemon = await startHostDaemon(deps, owner, log);
      return daemon.state;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const cancel of [...subscriptions]) cancel();
      watchers.dispose();
      control.dispose();
      await daemon?.stop();
      store.close();
    },
  };

  function open(event: EventName, params: EventParsedParams<EventName>, listener: (payload: unknown) => void, sub: SubscribeOptions): () => void {
    switch (event) {
      case 'sessions':
        return watchers.subscribeSessions(listener);
      case 'shell':
        // The desktop shell serves this stream over IPC; a host without a shell has nothing to send.
        return () => undefined;
      case 'engine':
        return watchers.subscribeEngine((params as EventParsedParams<'engine'>).kinds, listener);
      case 'terminal': {
        const p = params as EventParsedParams<'terminal'>;
        const s = store.getSession(p.id);
        if (!s) {
          listener({ kind: 'error', message: `Session not found: ${p.id}` } satisfies TerminalEvent);
          return () => undefined;
        }
        return openTerminalStream({ store, sessionId: s.id, fromOffset: p.fromOffset, listener, ...(sub.congested ? { congested: sub.congested } : {}) });
      }
    }
  }
}

export type { HostDaemon } from './daemon';
export { OutputBatcher, utf8Boundary, BATCH_INTERVAL_MS, BATCH_MAX_BYTES, QUEUE_CAP_BYTES } from './output-batcher';

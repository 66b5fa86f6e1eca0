// The daemon: one tick loop per data home. `switchyard daemon` runs it headless; the desktop app and
// browser mode run it in-process. A lock row in the database (pid, host, heartbeat) keeps a second
// daemon out; a holder whose pid is dead, or whose heartbeat is too old, is taken over.
import { hostname } from 'node:os';
import { sessionLauncher } from './dispatch/launcher';
import type { AssignPort } from './dispatch/run';
import { createEventBus, type EventBus } from './events';
import { MetricsIngestor, policyDepsFromSession } from './policies';
import { isProcessAlive, type SessionDeps } from './sessions/deps';
import { reconcileSessions } from './sessions/lifecycle';
import type { DaemonLockHolder } from './store';
import { defaultDaemonSteps, runDaemonTick, type DaemonDeps, type DaemonSlots, type DaemonStep, type TickReport } from './daemon/steps';

export * from './daemon/steps';

export class DaemonLockedError extends Error {
  constructor(readonly holder: DaemonLockHolder) {
    super(
      `another daemon (pid ${holder.pid} on ${holder.host}, ${holder.owner}) already runs for this data home, ` +
        `last seen ${holder.heartbeatAt}; stop it first, or use another --home`,
    );
    this.name = 'DaemonLockedError';
  }
}

export interface CreateDaemonDepsOptions {
  events?: EventBus;
  assign?: AssignPort;
  log?: (line: string) => void;
}

/** Everything a tick needs, from the session deps the host already has. */
export function createDaemonDeps(session: SessionDeps, opts: CreateDaemonDepsOptions = {}): DaemonDeps {
  const events = opts.events ?? createEventBus(session.store, { onListenerError: (e) => opts.log?.(`event listener failed: ${String(e)}`) });
  return {
    session,
    store: session.store,
    get config() {
      return session.config;
    },
    events,
    policy: policyDepsFromSession(session, events),
    launch: sessionLauncher(session),
    metrics: new MetricsIngestor(session.store),
    ...(opts.assign ? { assign: opts.assign } : {}),
    ...(session.now ? { now: session.now } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  };
}

export interface DaemonOptions {
  /** Default: config.heartbeat_interval_secs. */
  intervalMs?: number;
  steps?: readonly DaemonStep[];
  slots?: DaemonSlots;
  /** Who holds the lock, e.g. "switchyard daemon" or "desktop app". */
  owner?: string;
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
  /** A holder silent this long is considered gone (default: max(10 intervals, 5 minutes)). */
  staleAfterMs?: number;
  onTick?: (report: TickReport) => void;
  /** Runs before each tick (e.g. picking up config edits: the steps read deps.config per tick). */
  beforeTick?: () => void;
}

export class Daemon {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private tickNo = 0;
  readonly steps: readonly DaemonStep[];
  readonly intervalMs: number;
  private readonly pid: number;
  private readonly host: string;

  private constructor(
    readonly deps: DaemonDeps,
    private readonly opts: DaemonOptions,
  ) {
    this.steps = opts.steps ?? defaultDaemonSteps(opts.slots);
    this.intervalMs = opts.intervalMs ?? Math.max(1, deps.config.heartbeat_interval_secs) * 1000;
    this.pid = opts.pid ?? process.pid;
    this.host = opts.host ?? hostname();
  }

  /**
   * Takes the lock (throws DaemonLockedError when another live daemon holds it), fails sessions whose
   * runner died while nobody watched, and (with `loop`) starts ticking.
   */
  static async start(deps: DaemonDeps, opts: DaemonOptions & { loop?: boolean } = {}): Promise<Daemon> {
    const daemon = new Daemon(deps, opts);
    const isAlive = opts.isAlive ?? isProcessAlive;
    const staleAfterMs = opts.staleAfterMs ?? Math.max(10 * daemon.intervalMs, 5 * 60_000);
    const nowMs = () => (deps.now ? deps.now() : new Date()).getTime();
    const result = deps.store.acquireDaemonLock({
      pid: daemon.pid,
      host: daemon.host,
      owner: opts.owner ?? 'switchyard daemon',
      isStale: (h) => (h.host === daemon.host && !isAlive(h.pid)) || nowMs() - Date.parse(h.heartbeatAt) > staleAfterMs,
    });
    if (!result.acquired) throw new DaemonLockedError(result.holder);
    deps.events.emit('daemon_started', { pid: daemon.pid, host: daemon.host, replacedPid: result.replaced?.pid ?? null });
    try {
      const recovered = await reconcileSessions(deps.session);
      if (recovered.length > 0) deps.events.emit('sessions_recovered', { sessionIds: recovered });
    } catch (error) {
      deps.log?.(`daemon: recovering crashed sessions failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (opts.loop !== false) daemon.schedule(0);
    return daemon;
  }

  /** Runs one tick now (not overlapping a tick in progress). */
  async tick(): Promise<TickReport> {
    if (this.running) await this.running;
    let report!: TickReport;
    this.running = (async () => {
      this.tickNo += 1;
      if (!this.deps.store.heartbeatDaemonLock(this.pid, this.host)) {
        throw new Error('this daemon lost its lock to another daemon; stopping');
      }
      this.opts.beforeTick?.();
      report = await runDaemonTick(this.deps, this.steps, this.tickNo);
      this.opts.onTick?.(report);
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    return report;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick().then(
        () => this.schedule(this.intervalMs),
        (error: unknown) => {
          this.deps.log?.(`daemon: ${error instanceof Error ? error.message : String(error)}`);
          this.stopped = true;
        },
      );
    }, delayMs);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Stops ticking (after the tick in progress) and releases the lock. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopped = true;
    if (this.running) await this.running.catch(() => undefined);
    if (this.deps.store.releaseDaemonLock(this.pid, this.host)) {
      this.deps.events.emit('daemon_stopped', { pid: this.pid, host: this.host });
    }
  }
}

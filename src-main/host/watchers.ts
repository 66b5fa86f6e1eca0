// Shared pollers behind the `sessions` and `engine` streams. The store is the meeting point of
// every process (runners, the CLI, another daemon), so polling it sees all changes; one timer
// serves all subscribers (and the host's config check), and a tick with nothing committed since the
// last one reads no rows, so an idle host costs next to nothing.
import type { EngineEvent, Session, SessionsEvent } from '../api';
import type { Store } from '../engine/store';

type Listener<T> = (payload: T) => void;

class Poller<T> {
  private readonly listeners = new Set<Listener<T>>();
  private lastStamp: string | null = null;

  constructor(
    private readonly poll: (deliver: (payload: T) => void) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Polls, unless `stamp` (the store's change stamp) is the one it last polled at and not `force`. */
  run(stamp: string, force = false): void {
    if (this.listeners.size === 0) return;
    try {
      if (!force && stamp === this.lastStamp) return;
      this.lastStamp = stamp;
      this.poll((payload) => {
        for (const l of [...this.listeners]) l(payload);
      });
    } catch (error) {
      this.onError(error);
    }
  }
}

export interface Watchers {
  subscribeSessions(listener: Listener<SessionsEvent>): () => void;
  subscribeEngine(kinds: string[] | undefined, listener: Listener<EngineEvent>): () => void;
  /** Poll now (after an operation changed something), instead of at the next tick. */
  refresh(): void;
  dispose(): void;
}

export interface WatcherOptions {
  intervalMs?: number;
  onError?: (e: unknown) => void;
  /**
   * Runs first on every tick (the host's config check). One timer for all of it: on these VMs every
   * wake-up of an idle process costs a millisecond or more, and three 1 s timers woke serve three times.
   */
  onTick?: () => void;
}

export function createWatchers(store: Store, opts: WatcherOptions = {}): Watchers {
  const interval = opts.intervalMs ?? 1000;
  const onError = opts.onError ?? (() => undefined);
  let known = new Map<string, string>();
  // Not the heartbeat: every runner's beat would re-send its session, and no view shows it.
  const keyOf = (s: Session) =>
    `${s.updatedAt}|${s.state}|${s.attention}|${s.pid}|${s.metrics.tokensUsed}|${s.metrics.costUsd}|${s.metrics.toolCalls}|${s.metrics.filesChanged}|${s.metrics.durationSecs}`;

  const sessions = new Poller<SessionsEvent>(
    (deliver) => {
      const list = store.listSessions();
      const next = new Map<string, string>();
      const changed: Session[] = [];
      for (const s of list) {
        const key = keyOf(s as Session);
        next.set(s.id, key);
        if (known.get(s.id) !== key) changed.push(s as Session);
      }
      const removed = [...known.keys()].filter((id) => !next.has(id));
      known = next;
      if (changed.length || removed.length) deliver({ kind: 'changed', changed, removed });
    },
    onError,
  );

  let cursor = store.latestEventId();
  const engine = new Poller<EngineEvent>(
    (deliver) => {
      for (;;) {
        const rows = store.listEvents({ afterId: cursor, limit: 200 });
        for (const row of rows) {
          cursor = row.id;
          deliver(row);
        }
        if (rows.length < 200) break;
      }
    },
    onError,
  );

  /** Both streams poll at one stamp; `force`: even when nothing was committed since their last poll. */
  const pollBoth = (force: boolean) => {
    let stamp: string;
    try {
      stamp = store.changeStamp();
    } catch (error) {
      onError(error);
      return;
    }
    sessions.run(stamp, force);
    engine.run(stamp, force);
  };
  // A tick with nothing committed since the last one reads no rows.
  const tick = () => {
    try {
      opts.onTick?.();
    } catch (error) {
      onError(error);
    }
    if (sessions.size > 0 || engine.size > 0) pollBoth(false);
  };
  const timer = setInterval(tick, interval);
  timer.unref?.();

  return {
    subscribeSessions(listener) {
      // The newcomer gets a full snapshot; the others keep receiving diffs against `known`.
      const list = store.listSessions() as Session[];
      if (sessions.size === 0) known = new Map(list.map((s) => [s.id, keyOf(s)]));
      listener({ kind: 'snapshot', sessions: list });
      return sessions.add(listener);
    },
    subscribeEngine(kinds, listener) {
      if (engine.size === 0) cursor = store.latestEventId();
      const filter = kinds && kinds.length ? new Set(kinds) : null;
      return engine.add((event) => {
        if (!filter || filter.has(event.kind)) listener(event);
      });
    },
    refresh() {
      pollBoth(true);
    },
    dispose() {
      clearInterval(timer);
    },
  };
}

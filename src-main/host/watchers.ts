// Shared pollers behind the `sessions` and `engine` streams. The store is the meeting point of
// every process (runners, the CLI, another daemon), so polling it sees all changes; one timer
// serves all subscribers and stops when the last one leaves, and a tick with nothing committed since
// the last one reads no rows, so an idle host costs next to nothing.
import type { EngineEvent, Session, SessionsEvent } from '../api';
import type { Store } from '../engine/store';

type Listener<T> = (payload: T) => void;

class Poller<T> {
  private readonly listeners = new Set<Listener<T>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastStamp: string | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly poll: (deliver: (payload: T) => void) => void,
    private readonly onError: (error: unknown) => void,
    /** The store's change stamp: a tick that finds it unchanged queries nothing. */
    private readonly stamp: () => string,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => this.run(true), this.intervalMs);
      this.timer.unref?.();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Polls; `ifChanged`: only when something was committed since the last poll. */
  run(ifChanged = false): void {
    if (this.listeners.size === 0) return;
    try {
      const stamp = this.stamp();
      if (ifChanged && stamp === this.lastStamp) return;
      this.lastStamp = stamp;
      this.poll((payload) => {
        for (const l of [...this.listeners]) l(payload);
      });
    } catch (error) {
      this.onError(error);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export interface Watchers {
  subscribeSessions(listener: Listener<SessionsEvent>): () => void;
  subscribeEngine(kinds: string[] | undefined, listener: Listener<EngineEvent>): () => void;
  /** Poll now (after an operation changed something), instead of at the next tick. */
  refresh(): void;
  dispose(): void;
}

export function createWatchers(store: Store, opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}): Watchers {
  const interval = opts.intervalMs ?? 1000;
  const onError = opts.onError ?? (() => undefined);
  let known = new Map<string, string>();
  const keyOf = (s: Session) =>
    `${s.updatedAt}|${s.state}|${s.attention}|${s.lastHeartbeatAt}|${s.pid}|${s.metrics.tokensUsed}|${s.metrics.costUsd}|${s.metrics.toolCalls}|${s.metrics.filesChanged}|${s.metrics.durationSecs}`;

  const sessions = new Poller<SessionsEvent>(
    interval,
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
    () => store.changeStamp(),
  );

  let cursor = store.latestEventId();
  const engine = new Poller<EngineEvent>(
    interval,
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
    () => store.changeStamp(),
  );

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
      sessions.run();
      engine.run();
    },
    dispose() {
      sessions.stop();
      engine.stop();
    },
  };
}

// React hooks over the API client: the live session list, periodic reads, the clock.
import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';

/** The session list, kept current by the `sessions` stream (resubscribing after a lost connection). */
export function useSessions(client: ApiClient): { sessions: Session[]; loaded: boolean } {
  const [state, setState] = useState<{ map: Map<string, Session>; loaded: boolean }>({ map: new Map(), loaded: false });
  useEffect(() => {
    let cancel: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let alive = true;
    const subscribe = () => {
      cancel = client.subscribe(
        'sessions',
        {},
        (event) => {
          setState((prev) => {
            if (event.kind === 'snapshot') return { map: new Map(event.sessions.map((s) => [s.id, s])), loaded: true };
            const map = new Map(prev.map);
            for (const s of event.changed) map.set(s.id, s);
            for (const id of event.removed) map.delete(id);
            return { map, loaded: true };
          });
        },
        () => {
          if (alive) timer = setTimeout(subscribe, 1000);
        },
      );
    };
    subscribe();
    return () => {
      alive = false;
      cancel?.();
      if (timer) clearTimeout(timer);
    };
  }, [client]);
  // The same array until the list changes: the sidebar's filtering and grouping, and its rows, are memoized on it.
  const sessions = useMemo(() => [...state.map.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)), [state.map]);
  return { sessions, loaded: state.loaded };
}

/** Re-renders every `ms` (durations of running sessions). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Calls `load` now and every `ms` while mounted; keeps the last value. */
export function usePolled<T>(load: () => Promise<T | null>, ms: number, deps: unknown[]): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let alive = true;
    const run = () =>
      void load().then((v) => {
        if (alive && v !== null) setValue(v);
      });
    run();
    const t = setInterval(run, ms);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, deps);
  return value;
}

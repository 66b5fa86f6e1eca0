// Shared pieces of the operator views: a loader hook over the API, a section card, field errors.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { Result } from '../../../../src-main/api';

export interface Loaded<T> {
  value: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Calls `load` on mount, when `deps` change, every `pollMs` (if given) and on `reload()`. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[], pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ value: T | null; error: string | null; loading: boolean }>({ value: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let alive = true;
    const run = () =>
      void loader.current().then((r) => {
        if (!alive) return;
        setState((s) => (r.ok ? { value: r.value, error: null, loading: false } : { value: s.value, error: r.error.message, loading: false }));
      });
    run();
    const t = pollMs ? setInterval(run, pollMs) : null;
    return () => {
      alive = false;
      if (t) clearInterval(t);
    };
  }, [...deps, tick, pollMs]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function Section({ title, id, actions, children, className }: { title: string; id: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`op-section ${className ?? ''}`} aria-labelledby={id}>
      <header className="op-section-head">
        <h2 id={id}>{title}</h2>
        <span className="spacer" />
        {actions}
      </header>
      {children}
    </section>
  );
}

/** The error under a field; its id goes into the input's aria-describedby. */
export function FieldMessage({ id, error, hint }: { id: string; error?: string | null | undefined; hint?: ReactNode }) {
  if (error)
    return (
      <span id={id} className="op-field-error" role="alert">
        {error}
      </span>
    );
  if (hint)
    return (
      <span id={id} className="op-field-hint">
        {hint}
      </span>
    );
  return null;
}

export function LoadError({ error }: { error: string | null }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** "Mon 14 Jul, 09:30 UTC": cron runs in UTC, so times are shown in UTC. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (d.getUTCFullYear() >= 9999) return 'never';
  return `${d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}, ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;
}

export function percent(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

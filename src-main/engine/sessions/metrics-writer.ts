// How both metrics taps store what they counted: live figures at most once a second, and a
// spend-over-time sample every ten seconds (and at the end), coarse enough for a chart.
import type { SessionMetrics } from '../model';
import type { Store } from '../store';

const WRITE_INTERVAL_MS = 1000;
const SAMPLE_INTERVAL_MS = 10_000;

export interface MetricsWriter {
  /** Something changed since the last write. */
  markDirty(): void;
  /** Writes when dirty and the interval has passed. */
  maybeWrite(): void;
  /** Writes now and records a sample (the end of the run). */
  writeFinal(): void;
}

export function createMetricsWriter(store: Store, sessionId: string, current: () => Partial<SessionMetrics>): MetricsWriter {
  let lastWrite = 0;
  let lastSample = 0;
  let dirty = false;
  const write = (final: boolean) => {
    store.updateMetrics(sessionId, current());
    lastWrite = Date.now();
    dirty = false;
    if (final || lastWrite - lastSample >= SAMPLE_INTERVAL_MS) {
      store.recordMetricsSamples([sessionId]);
      lastSample = lastWrite;
    }
  };
  return {
    markDirty: () => {
      dirty = true;
    },
    maybeWrite: () => {
      if (dirty && Date.now() - lastWrite >= WRITE_INTERVAL_MS) write(false);
    },
    writeFinal: () => write(true),
  };
}

// Turns an agent's output stream into stored metrics while the runner runs.
import type { Session } from '../model';
import type { SessionDeps } from './deps';

export interface MetricsTap {
  push(chunk: Buffer): void;
  finish(): void;
}

export function createMetricsTap(_deps: SessionDeps, _session: Session): MetricsTap {
  return { push: () => undefined, finish: () => undefined };
}

// Which adapter reads a session's output stream. Claude headless is read by metrics/claude-stream.ts
// (through sessions/metrics-tap.ts); the other agents register their stream adapters here.
import type { HarnessKind } from '../harness/kinds';
import type { SessionMode } from '../model';
import type { StreamAdapter } from './events';
import { createOpencodeStreamAdapter } from './opencode/stream';

type Factory = () => StreamAdapter;

/** Headless stream adapters by agent. */
const HEADLESS: Partial<Record<HarnessKind, Factory>> = {
  opencode: createOpencodeStreamAdapter,
};

export function streamAdapterFor(harness: HarnessKind, mode: SessionMode): StreamAdapter | null {
  if (mode !== 'headless') return null;
  const make = HEADLESS[harness];
  return make ? make() : null;
}

// Unread markers: which sessions changed since this browser last looked at them. What "changed"
// means is the attention model's view of a session (its need, or that it finished), not every
// running ↔ idle step, so a busy agent does not light up the sidebar. Kept in localStorage, per browser.
import { sessionNeed, type AttentionSession } from '../../../src-main/api/attention';

const KEY = 'switchyard.seen';
/** Bounded, so a long-lived browser does not keep every session ever seen. */
const MAX_ENTRIES = 2000;

export type SeenMap = Record<string, string>;

/** What the operator saw of a session: its need, else whether it finished and how, else "live". */
export function seenSignature(s: AttentionSession): string {
  const need = sessionNeed(s);
  if (need) return need;
  return s.state === 'completed' || s.state === 'stopped' ? s.state : 'live';
}

export function loadSeen(storage: Pick<Storage, 'getItem'> = localStorage): SeenMap {
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as SeenMap) : {};
  } catch {
    return {};
  }
}

export function saveSeen(seen: SeenMap, storage: Pick<Storage, 'setItem'> = localStorage): void {
  const entries = Object.entries(seen);
  const kept = entries.length > MAX_ENTRIES ? Object.fromEntries(entries.slice(-MAX_ENTRIES)) : seen;
  try {
    storage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // storage full or disabled: markers then last for this page only
  }
}

/**
 * Sessions never seen before take their current look as seen (the first visit marks nothing), the
 * selected session is always seen (the operator is looking at it). Returns the updated map (the same
 * object when nothing changed) and the unread ids.
 */
export function reconcileSeen(seen: SeenMap, sessions: readonly AttentionSession[], selectedId: string | null): { seen: SeenMap; unread: Set<string> } {
  let next = seen;
  const unread = new Set<string>();
  const write = (id: string, sig: string) => {
    if (next === seen) next = { ...seen };
    next[id] = sig;
  };
  for (const s of sessions) {
    const sig = seenSignature(s);
    const was = seen[s.id];
    if (was === undefined || s.id === selectedId) {
      if (was !== sig) write(s.id, sig);
    } else if (was !== sig) unread.add(s.id);
  }
  return { seen: next, unread };
}

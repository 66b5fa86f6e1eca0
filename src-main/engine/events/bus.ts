// The in-process event bus. `emit` persists the event first (so the CLI, another daemon or the UI
// reading the table sees it) and then tells local subscribers. A failing subscriber is isolated.
import type { Store } from '../store';
import type { EngineEvent, EngineEventKind, EngineEventMap, StoredEvent } from './types';

export type EventListener = (event: StoredEvent) => void;

export interface EventBus {
  emit<K extends EngineEventKind>(kind: K, payload: EngineEventMap[K]): StoredEvent;
  /** Returns the unsubscribe function. With `kinds`, only those kinds are delivered. */
  subscribe(listener: EventListener, kinds?: readonly EngineEventKind[]): () => void;
  /** Events persisted after `afterId` by any process, oldest first. */
  since(afterId: number, limit?: number): StoredEvent[];
}

function sessionOf(payload: object): string | null {
  const id = (payload as { sessionId?: unknown }).sessionId;
  return typeof id === 'string' ? id : null;
}

export function toStoredEvent(row: { id: number; kind: string; sessionId: string | null; payload: Record<string, unknown>; createdAt: string }): StoredEvent {
  return { id: row.id, kind: row.kind, sessionId: row.sessionId, payload: row.payload, createdAt: row.createdAt } as StoredEvent;
}

export interface EventBusOptions {
  /** Where a failing listener is reported (default: ignored). */
  onListenerError?: (error: unknown, event: StoredEvent) => void;
}

export function createEventBus(store: Store, opts: EventBusOptions = {}): EventBus {
  const listeners = new Set<{ fn: EventListener; kinds: Set<string> | null }>();
  return {
    emit(kind, payload) {
      const row = store.insertEvent(kind, sessionOf(payload), payload as unknown as Record<string, unknown>);
      const event = toStoredEvent(row);
      for (const l of [...listeners]) {
        if (l.kinds && !l.kinds.has(kind)) continue;
        try {
          l.fn(event);
        } catch (error) {
          opts.onListenerError?.(error, event);
        }
      }
      return event;
    },
    subscribe(fn, kinds) {
      const entry = { fn, kinds: kinds ? new Set<string>(kinds) : null };
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    since(afterId, limit = 500) {
      return store.listEvents({ afterId, limit }).map(toStoredEvent);
    },
  };
}

/** Narrows a stored event to one kind (for listeners that handle several). */
export function isEvent<K extends EngineEventKind>(event: StoredEvent, kind: K): event is StoredEvent & Extract<EngineEvent, { kind: K }> {
  return event.kind === kind;
}

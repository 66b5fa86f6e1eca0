// The one interface a renderer client needs. The browser-mode WebSocket transport and the
// Electron preload bridge both provide it; the typed client (src-renderer/src/api/client.ts)
// is written against it alone.
import type { ApiError, Result } from './errors';
import { fail } from './errors';
import { EVENT_NAMES, isEventName } from './events';
import type { EventName } from './events';
import { OPERATION_NAMES, isOperationName } from './operations';
import type { OperationName } from './operations';

export interface ApiTransport {
  /** Resolves with the operation's Result; never rejects (a transport failure is a `transport` error). */
  call(op: string, input: unknown): Promise<Result<unknown>>;
  /** Starts a subscription; the returned function cancels it. `onError` hears a refused subscription. */
  subscribe(event: string, params: unknown, listener: (payload: unknown) => void, onError?: (error: ApiError) => void): () => void;
}

/**
 * What the Electron preload exposes as `window.switchyard` through contextBridge: one frozen object
 * with a method per operation and per event stream (no generic invoke, no ipcRenderer).
 */
export interface SwitchyardBridge {
  readonly contractVersion: number;
  readonly ops: { readonly [K in OperationName]: (input: unknown) => Promise<Result<unknown>> };
  readonly events: {
    readonly [E in EventName]: (params: unknown, listener: (payload: unknown) => void, onError?: (error: ApiError) => void) => () => void;
  };
}

export const CONTRACT_VERSION = 1;

/**
 * Builds the bridge object from two low-level functions (for the preload: `invoke` wraps
 * ipcRenderer.invoke on the operation's own channel, `listen` wires a subscription). The result is
 * frozen, and only names in the contract exist on it.
 */
export function createBridge(
  invoke: (op: OperationName, input: unknown) => Promise<Result<unknown>>,
  listen: (event: EventName, params: unknown, listener: (payload: unknown) => void, onError?: (error: ApiError) => void) => () => void,
): SwitchyardBridge {
  const ops = Object.fromEntries(OPERATION_NAMES.map((op) => [op, (input: unknown) => invoke(op, input)]));
  const events = Object.fromEntries(
    EVENT_NAMES.map((name) => [name, (params: unknown, listener: (payload: unknown) => void, onError?: (error: ApiError) => void) => listen(name, params, listener, onError)]),
  );
  return Object.freeze({
    contractVersion: CONTRACT_VERSION,
    ops: Object.freeze(ops) as SwitchyardBridge['ops'],
    events: Object.freeze(events) as SwitchyardBridge['events'],
  });
}

/** The renderer side: a bridge found on `window.switchyard`, seen as a transport. */
export function transportFromBridge(bridge: SwitchyardBridge): ApiTransport {
  return {
    async call(op, input) {
      if (!isOperationName(op)) return fail('unknown_operation', `unknown operation "${op}"`);
      try {
        return await bridge.ops[op](input);
      } catch (error) {
        return fail('transport', error instanceof Error ? error.message : String(error));
      }
    },
    subscribe(event, params, listener, onError) {
      if (!isEventName(event)) {
        onError?.({ code: 'unknown_operation', message: `unknown event stream "${event}"` });
        return () => undefined;
      }
      return bridge.events[event](params, listener, onError);
    },
  };
}

/** True when `value` looks like a bridge this contract version can use. */
export function isSwitchyardBridge(value: unknown): value is SwitchyardBridge {
  const v = value as Partial<SwitchyardBridge> | null | undefined;
  return !!v && v.contractVersion === CONTRACT_VERSION && typeof v.ops === 'object' && typeof v.events === 'object';
}

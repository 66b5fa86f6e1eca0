// The page's half of the Electron transport, built from the API contract: one method per operation
// and per event stream (api/transport.ts createBridge), each name checked against the contract here
// before anything is sent, and again in main (src-main/app/ipc-bridge.ts).
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { fail, type ApiError } from '../src-main/api/errors';
import { isEventName } from '../src-main/api/events';
import { isOperationName } from '../src-main/api/operations';
import { createBridge, type SwitchyardBridge } from '../src-main/api/transport';
import { CALL_CHANNEL, EVENT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, type SubscriptionMessage } from '../src-main/app/ipc-channels';

export type IpcRendererPort = Pick<IpcRenderer, 'invoke' | 'send' | 'on'>;

interface Subscriber {
  listener: (payload: unknown) => void;
  onError?: (error: ApiError) => void;
}

function isMessage(value: unknown): value is SubscriptionMessage {
  const m = value as Partial<SubscriptionMessage> | null;
  return !!m && typeof m.id === 'string' && (m.type === 'event' || m.type === 'error');
}

export function createIpcBridge(ipc: IpcRendererPort): SwitchyardBridge {
  const subscribers = new Map<string, Subscriber>();
  let nextId = 0;

  ipc.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: unknown) => {
    if (!isMessage(message)) return;
    const sub = subscribers.get(message.id);
    if (!sub) return;
    if (message.type === 'event') {
      sub.listener(message.payload);
    } else {
      subscribers.delete(message.id);
      sub.onError?.(message.error as ApiError);
    }
  });

  return createBridge(
    async (op, input) => {
      if (!isOperationName(op)) return fail('unknown_operation', `unknown operation "${String(op)}"`);
      try {
        return await ipc.invoke(CALL_CHANNEL, op, input);
      } catch (error) {
        return fail('transport', `the app did not answer ${op}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    (event, params, listener, onError) => {
      if (!isEventName(event)) {
        onError?.({ code: 'unknown_operation', message: `unknown event stream "${String(event)}"` });
        return () => undefined;
      }
      nextId += 1;
      const id = `s${nextId}`;
      subscribers.set(id, onError ? { listener, onError } : { listener });
      ipc.send(SUBSCRIBE_CHANNEL, id, event, params);
      return () => {
        if (subscribers.delete(id)) ipc.send(UNSUBSCRIBE_CHANNEL, id);
      };
    },
  );
}

// Electron IPC for the API contract: the main-process half of the transport the preload exposes.
// Every message is checked (sender, name, input) before the host sees it; every failure becomes a
// typed error answer, so a bad call from the page can never throw in main.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiError, Result } from '../api/errors';
import type { EventName } from '../api/events';
import type { OperationName } from '../api/operations';
import { CALL_CHANNEL, EVENT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, type SubscriptionMessage } from './ipc-channels';
import { checkCall, checkSender, checkSubscribe, isSubscriptionId, type SenderInfo, type SenderPolicy } from './ipc-validation';

/** What the bridge needs from the API host (src-main/host's createApiHost result fits). */
export interface ApiHostPort {
  call(op: OperationName, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, params: unknown, listener: (payload: unknown) => void): () => void;
}

/** A stream the app serves itself instead of the host (e.g. requests from the tray and notifications). */
export type LocalStream = (params: unknown, listener: (payload: unknown) => void) => () => void;

export interface IpcBridgeOptions extends SenderPolicy {
  host: ApiHostPort;
  /** Contract event streams served by the app; looked up after the contract check. */
  localStreams?: ReadonlyMap<string, LocalStream>;
  log?: (line: string) => void;
}

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame'> & { sender: Pick<WebContents, 'id' | 'send' | 'on' | 'isDestroyed'> };

function senderOf(event: SenderEvent): SenderInfo {
  let frame: SenderEvent['senderFrame'] = null;
  try {
    frame = event.senderFrame;
  } catch {
    frame = null; // Electron throws when the frame was destroyed
  }
  if (!frame) return { url: null, isMainFrame: false };
  return { url: frame.url, isMainFrame: frame.parent === null };
}

const internal = (error: unknown): { ok: false; error: ApiError } => ({
  ok: false,
  error: { code: 'internal', message: `the app failed to handle the call: ${error instanceof Error ? error.message : String(error)}` },
});

export interface IpcBridge {
  /** Subscriptions currently open, for all pages. */
  readonly openSubscriptions: number;
  dispose(): void;
}

export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeAllListeners'>, opts: IpcBridgeOptions): IpcBridge {
  // webContents id -> subscription id -> cancel
  const subs = new Map<number, Map<string, () => void>>();
  const watched = new Set<number>();

  const cancelAll = (contentsId: number) => {
    const forPage = subs.get(contentsId);
    if (!forPage) return;
    subs.delete(contentsId);
    for (const cancel of forPage.values()) safely(cancel, opts.log);
  };

  // A page that reloads or closes leaves its subscriptions behind: end them with it.
  const watch = (contents: SenderEvent['sender']) => {
    if (watched.has(contents.id)) return;
    watched.add(contents.id);
    contents.on('destroyed', () => {
      cancelAll(contents.id);
      watched.delete(contents.id);
    });
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) cancelAll(contents.id);
    });
  };

  ipcMain.handle(CALL_CHANNEL, async (event, op: unknown, input: unknown): Promise<Result<unknown>> => {
    const sender = checkSender(senderOf(event), opts);
    if (!sender.ok) {
      opts.log?.(`ipc: ${sender.error.message}`);
      return sender;
    }
    const call = checkCall(op, input);
    if (!call.ok) return call;
    try {
      return await opts.host.call(call.value.op, call.value.input);
    } catch (error) {
      return internal(error);
    }
  });

  ipcMain.on(SUBSCRIBE_CHANNEL, (event, id: unknown, name: unknown, params: unknown) => {
    const contents = event.sender;
    const reply = (message: SubscriptionMessage) => {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
    };
    const sender = checkSender(senderOf(event), opts);
    if (!sender.ok) {
      opts.log?.(`ipc: ${sender.error.message}`);
      // A foreign page learns nothing beyond the refusal, and only for a well-formed id.
      if (isSubscriptionId(id)) reply({ id, type: 'error', error: sender.error });
      return;
    }
    const checked = checkSubscribe(id, name, params);
    if (!checked.ok) {
      if (isSubscriptionId(id)) reply({ id, type: 'error', error: checked.error });
      return;
    }
    const { event: stream, params: parsed } = checked.value;
    watch(contents);
    let forPage = subs.get(contents.id);
    if (!forPage) subs.set(contents.id, (forPage = new Map()));
    if (forPage.has(checked.value.id)) {
      reply({ id: checked.value.id, type: 'error', error: { code: 'invalid_input', message: `subscription id ${checked.value.id} is already in use` } });
      return;
    }
    const listener = (payload: unknown) => reply({ id: checked.value.id, type: 'event', payload });
    try {
      const local = opts.localStreams?.get(stream);
      const cancel = local ? local(parsed, listener) : opts.host.subscribe(stream, parsed, listener);
      forPage.set(checked.value.id, cancel);
    } catch (error) {
      reply({ id: checked.value.id, type: 'error', error: internal(error).error });
    }
  });

  ipcMain.on(UNSUBSCRIBE_CHANNEL, (event, id: unknown) => {
    if (!checkSender(senderOf(event), opts).ok || !isSubscriptionId(id)) return;
    const forPage = subs.get(event.sender.id);
    const cancel = forPage?.get(id);
    if (!cancel) return;
    forPage?.delete(id);
    safely(cancel, opts.log);
  });

  return {
    get openSubscriptions() {
      let n = 0;
      for (const m of subs.values()) n += m.size;
      return n;
    },
    dispose() {
      ipcMain.removeHandler(CALL_CHANNEL);
      ipcMain.removeAllListeners(SUBSCRIBE_CHANNEL);
      ipcMain.removeAllListeners(UNSUBSCRIBE_CHANNEL);
      for (const id of [...subs.keys()]) cancelAll(id);
    },
  };
}

function safely(fn: () => void, log?: (line: string) => void): void {
  try {
    fn();
  } catch (error) {
    log?.(`ipc: cancelling a subscription failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// Browser mode's transport: the API over one WebSocket to the serving process. Calls wait for the
// connection (and fail as `transport` errors if it is lost); subscriptions are told when it drops
// so their owners can subscribe again (terminals from their last byte offset).
import type { ApiError, ApiTransport, Result, ServerMessage } from '../../../src-main/api';
import { AUTH_CHECK_PATH, probeAuth, WS_PATH } from '../../../src-main/api';

/**
 * connected: the socket is open. down: it is not and the server did not answer (or answered that
 * the token is fine: a restart in progress). token-refused: the server is up but refuses this tab's
 * token, i.e. `serve` was restarted with a new one; reconnecting alone will never help.
 */
export type ConnectionStatus = 'connected' | 'down' | 'token-refused';

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

interface Sub {
  listener: (payload: unknown) => void;
  onError?: (error: ApiError) => void;
}

export interface WsTransport extends ApiTransport {
  /** Listens to connection changes. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

export function createWsTransport(url: string, checkUrl?: string): WsTransport {
  let ws: WebSocket | null = null;
  let open = false;
  let status: ConnectionStatus = 'down';
  let nextId = 1;
  let retryMs = 250;
  const calls = new Map<number, Pending>();
  const subs = new Map<number, Sub>();
  const outbox: string[] = [];
  const statusListeners = new Set<(status: ConnectionStatus) => void>();

  const setStatus = (next: ConnectionStatus) => {
    open = next === 'connected';
    if (next === status) return;
    status = next;
    for (const l of statusListeners) l(next);
  };

  const connect = () => {
    ws = new WebSocket(url);
    ws.onopen = () => {
      retryMs = 250;
      setStatus('connected');
      for (const m of outbox.splice(0)) ws?.send(m);
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as ServerMessage;
      if (msg.t === 'result') {
        calls.get(msg.id)?.resolve(msg.result);
        calls.delete(msg.id);
      } else if (msg.t === 'event') {
        subs.get(msg.id)?.listener(msg.payload);
      } else if (msg.t === 'suberror') {
        const sub = subs.get(msg.id);
        subs.delete(msg.id);
        sub?.onError?.(msg.error);
      } else {
        console.warn('switchyard: server says', msg.error.message);
      }
    };
    ws.onclose = () => {
      // A refused token stays refused until a probe says otherwise; anything else is "down".
      if (status !== 'token-refused') setStatus('down');
      else open = false;
      ws = null;
      const lost: ApiError = { code: 'transport', message: 'lost the connection to switchyard serve; reconnecting' };
      for (const p of calls.values()) p.resolve({ ok: false, error: lost });
      calls.clear();
      const dropped = [...subs.values()];
      subs.clear();
      for (const s of dropped) s.onError?.(lost);
      const wait = retryMs;
      retryMs = Math.min(retryMs * 2, 5000);
      if (!checkUrl) return void setTimeout(connect, wait);
      void probeAuth(checkUrl).then((verdict) => {
        if (verdict === 'refused') setStatus('token-refused');
        else if (status === 'token-refused') setStatus('down');
        setTimeout(connect, wait);
      });
    };
  };

  const send = (msg: object) => {
    const text = JSON.stringify(msg);
    if (open && ws) ws.send(text);
    else outbox.push(text);
  };

  connect();
  return {
    call(op, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        calls.set(id, { resolve });
        send({ t: 'call', id, op, input });
      });
    },
    subscribe(event, params, listener, onError) {
      const id = nextId++;
      subs.set(id, onError ? { listener, onError } : { listener });
      send({ t: 'sub', id, event, params });
      return () => {
        if (subs.delete(id) && open) send({ t: 'unsub', id });
      };
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}

/**
 * ws://<this host>/api?token=<the token this page was opened with>. A page reached through a
 * one-time sign-in code has no token in its address: the handshake then carries the auth cookie
 * the code was exchanged for (browsers send cookies with same-site WebSocket handshakes).
 */
export function wsUrlFromLocation(loc: Pick<Location, 'host' | 'search'>): string {
  const token = new URLSearchParams(loc.search).get('token');
  return token ? `ws://${loc.host}${WS_PATH}?token=${encodeURIComponent(token)}` : `ws://${loc.host}${WS_PATH}`;
}

/** The auth probe's URL, with the same credentials as the socket (the token, else the cookie). */
export function authCheckUrlFromLocation(loc: Pick<Location, 'host' | 'search'>): string {
  const token = new URLSearchParams(loc.search).get('token');
  return token ? `http://${loc.host}${AUTH_CHECK_PATH}?token=${encodeURIComponent(token)}` : `http://${loc.host}${AUTH_CHECK_PATH}`;
}

// One WebSocket connection speaking the API: calls answered with Results, subscriptions streamed
// with backpressure taken from the socket's send buffer.
import type { ClientMessage, ServerMessage } from '../api';
import { clientMessageSchema, describeIssues } from '../api';
import type { ApiHost } from '../host';
import type { WebSocketConnection } from './websocket';

/** Beyond this many unsent bytes the browser counts as behind; terminal output is held, then dropped. */
export const SEND_BUFFER_CAP = 1024 * 1024;

export function serveConnection(host: ApiHost, ws: WebSocketConnection): void {
  const subs = new Map<number, () => void>();
  const send = (msg: ServerMessage) => ws.send(JSON.stringify(msg));
  const congested = () => ws.bufferedBytes > SEND_BUFFER_CAP;

  ws.onMessage((text) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      send({ t: 'error', error: { code: 'invalid_input', message: 'messages must be JSON' } });
      return;
    }
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const error = { code: 'invalid_input' as const, message: `bad message: ${describeIssues(parsed.error)}` };
      if (typeof id === 'number' && (raw as { t?: unknown }).t === 'call') send({ t: 'result', id, result: { ok: false, error } });
      else send({ t: 'error', error });
      return;
    }
    handle(parsed.data);
  });
  ws.onClose(() => {
    for (const cancel of subs.values()) cancel();
    subs.clear();
  });

  function handle(msg: ClientMessage): void {
    switch (msg.t) {
      case 'call':
        void host.call(msg.op, msg.input).then((result) => send({ t: 'result', id: msg.id, result }));
        return;
      case 'sub': {
        subs.get(msg.id)?.();
        const cancel = host.subscribe(msg.event, msg.params, (payload) => send({ t: 'event', id: msg.id, payload }), {
          congested,
          onError: (error) => {
            subs.delete(msg.id);
            send({ t: 'suberror', id: msg.id, error });
          },
        });
        subs.set(msg.id, cancel);
        return;
      }
      case 'unsub':
        subs.get(msg.id)?.();
        subs.delete(msg.id);
        return;
    }
  }
}

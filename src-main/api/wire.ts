// Browser mode's WebSocket messages: JSON text frames. Each request carries a client-chosen id.
import { z } from 'zod';
import type { ApiError, Result } from './errors';

export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int(), op: z.string(), input: z.unknown() }),
  z.object({ t: z.literal('sub'), id: z.number().int(), event: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: z.number().int() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ServerMessage =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; id: number; payload: unknown }
  /** The subscription was refused (bad params, unknown stream); it is over. */
  | { t: 'suberror'; id: number; error: ApiError }
  /** A message the server could not read at all (no usable id). */
  | { t: 'error'; error: ApiError };

/** Path of the WebSocket endpoint; the page connects to ws://<host>/api?token=... */
export const WS_PATH = '/api';

/**
 * A plain GET the page sends after losing its socket, to tell "the server is down" (no answer) from
 * "the server is up but refuses this tab's token" (401: `serve` was restarted with a new token).
 * The browser cannot see a refused WebSocket handshake's status, hence this separate probe.
 */
export const AUTH_CHECK_PATH = '/auth-check';

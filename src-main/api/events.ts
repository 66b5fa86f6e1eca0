// Event streams: a subscription takes params and delivers payloads until it is cancelled.
import { z } from 'zod';
import { engineEventSchema, sessionSchema } from './schemas';

/** Session list changes: one snapshot first, then only what changed (polled and diffed by the host). */
export const sessionsEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('snapshot'), sessions: z.array(sessionSchema) }),
  z.object({ kind: z.literal('changed'), changed: z.array(sessionSchema), removed: z.array(z.string()) }),
]);
export type SessionsEvent = z.infer<typeof sessionsEventSchema>;

/**
 * A session's terminal stream. `offset`/`end` are absolute byte positions in the session's output
 * log (the runner protocol's offsets), so a client resumes exactly where it stopped.
 */
export const terminalEventSchema = z.discriminatedUnion('kind', [
  /**
   * Bytes [offset, end) of the log, decoded as UTF-8 (batches never split a character), with the
   * terminal queries removed unless this terminal is the one answering them live: replayed
   * history never makes the terminal type a reply. `data` may therefore be shorter than the range.
   */
  z.object({ kind: z.literal('output'), offset: z.number(), end: z.number(), data: z.string() }),
  /**
   * The client fell behind and queued output was dropped; nothing more comes on this subscription.
   * Subscribe again from `offset` once the terminal has caught up.
   */
  z.object({ kind: z.literal('gap'), offset: z.number() }),
  /** The agent exited; the log has been delivered up to `end`. */
  z.object({ kind: z.literal('exit'), end: z.number(), exitCode: z.number().nullable(), signal: z.string().nullable() }),
  /** No runner: the saved log has been replayed up to `end`. */
  z.object({ kind: z.literal('ended'), end: z.number() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);
export type TerminalEvent = z.infer<typeof terminalEventSchema>;

/** Requests from the desktop shell: a notification was clicked, or the tray asked for a new session. */
export const shellEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('openSession'), id: z.string() }),
  z.object({ kind: z.literal('newSession') }),
]);
export type ShellEvent = z.infer<typeof shellEventSchema>;

export const events = {
  sessions: { params: z.strictObject({}).optional().default({}), payload: sessionsEventSchema },
  /** Engine events (budget alerts, conflicts, stale sessions, ...) persisted after the subscription began. */
  engine: { params: z.strictObject({ kinds: z.array(z.string()).max(50).optional() }).optional().default({}), payload: engineEventSchema },
  terminal: {
    params: z.strictObject({ id: z.string().trim().min(1).max(200), fromOffset: z.number().int().min(0).default(0) }),
    payload: terminalEventSchema,
  },
  /** Served by the Electron shell itself; browser mode has no shell and never emits it. */
  shell: { params: z.strictObject({}).optional().default({}), payload: shellEventSchema },
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventParams<E extends EventName> = z.input<Events[E]['params']>;
export type EventParsedParams<E extends EventName> = z.output<Events[E]['params']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

// The checks every IPC message passes before it reaches the API host: it comes from the app's own
// page (main frame, app origin), names an operation or event stream of the contract, and its input
// matches that entry's zod schema. Failures are typed errors (api/errors.ts), never exceptions.
import { describeIssues, type ApiError } from '../api/errors';
import { events, isEventName, type EventName } from '../api/events';
import { isOperationName, operations, type OperationName } from '../api/operations';
import { isAppPageUrl } from './app-protocol';

/** Who sent an IPC message, as read from Electron's event.senderFrame. */
export interface SenderInfo {
  /** The frame's URL; null when the frame is gone (navigated away or destroyed). */
  url: string | null;
  /** False for iframes: only the top-level page may use the API. */
  isMainFrame: boolean;
}

export interface SenderPolicy {
  /** electron-vite's dev server URL (ELECTRON_RENDERER_URL) in development; unset in a built app. */
  devServerUrl?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: ApiError };

const refuse = (code: ApiError['code'], message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code, message } });

export function checkSender(sender: SenderInfo, policy: SenderPolicy = {}): Checked<true> {
  if (!sender.isMainFrame) return refuse('rejected', 'IPC refused: only the Switchyard window itself (not a frame inside it) may use the API');
  if (!isAppPageUrl(sender.url, policy.devServerUrl)) {
    return refuse('rejected', `IPC refused: the sender ${sender.url ?? '(a closed page)'} is not the Switchyard app page`);
  }
  return { ok: true, value: true };
}

export function checkCall(op: unknown, input: unknown): Checked<{ op: OperationName; input: unknown }> {
  if (!isOperationName(op)) return refuse('unknown_operation', `unknown operation ${describeName(op)}; the API has no such call`);
  const parsed = operations[op].input.safeParse(input);
  if (!parsed.success) return refuse('invalid_input', `${op}: ${describeIssues(parsed.error)}`);
  return { ok: true, value: { op, input: parsed.data } };
}

export function checkSubscribe(id: unknown, event: unknown, params: unknown): Checked<{ id: string; event: EventName; params: unknown }> {
  if (!isSubscriptionId(id)) return refuse('invalid_input', 'subscription id must be a short string');
  if (!isEventName(event)) return refuse('unknown_operation', `unknown event stream ${describeName(event)}; the API has no such stream`);
  const parsed = events[event].params.safeParse(params);
  if (!parsed.success) return refuse('invalid_input', `${event}: ${describeIssues(parsed.error)}`);
  return { ok: true, value: { id, event, params: parsed.data } };
}

export function isSubscriptionId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 64;
}

function describeName(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  return `(a ${name === null ? 'null' : typeof name}, not a name)`;
}

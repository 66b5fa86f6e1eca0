// The IPC channel names shared by the preload and the main process (no imports: the sandboxed
// preload bundles this file). Only these four channels exist; each carries contract-checked messages.

/** invoke(op, input) -> Result. */
export const CALL_CHANNEL = 'switchyard:call';
/** send(subscriptionId, event, params): start a subscription. */
export const SUBSCRIBE_CHANNEL = 'switchyard:subscribe';
/** send(subscriptionId): end it. */
export const UNSUBSCRIBE_CHANNEL = 'switchyard:unsubscribe';
/** main -> page: (message: SubscriptionMessage). */
export const EVENT_CHANNEL = 'switchyard:event';

/** What main sends on EVENT_CHANNEL for one subscription. */
export type SubscriptionMessage =
  | { id: string; type: 'event'; payload: unknown }
  /** The subscription was refused or failed; nothing more comes for this id. */
  | { id: string; type: 'error'; error: { code: string; message: string } };

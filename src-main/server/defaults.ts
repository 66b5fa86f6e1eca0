// Browser-mode constants that the CLI reads without loading the server (and `ws`) itself.
/** How often each WebSocket connection is pinged; one that has not answered the previous ping is dropped. */
export const KEEPALIVE_MS = 30_000;

// Picks the transport: the Electron bridge when the preload put one on window, else the WebSocket.
import type { ApiTransport } from '../../../src-main/api';
import { isSwitchyardBridge, transportFromBridge } from '../../../src-main/api';
import { createClient } from './client';
import type { ApiClient } from './client';
import { authCheckUrlFromLocation, createWsTransport, wsUrlFromLocation } from './ws-transport';
import type { ConnectionStatus } from './ws-transport';

export type { ConnectionStatus } from './ws-transport';

export interface Connection {
  client: ApiClient;
  kind: 'electron' | 'browser';
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

export function connect(win: Window & { switchyard?: unknown }): Connection {
  if (isSwitchyardBridge(win.switchyard)) {
    const transport: ApiTransport = transportFromBridge(win.switchyard);
    return { client: createClient(transport), kind: 'electron', onStatus: (l) => (l('connected'), () => undefined) };
  }
  const ws = createWsTransport(wsUrlFromLocation(win.location), authCheckUrlFromLocation(win.location));
  return { client: createClient(ws), kind: 'browser', onStatus: (l) => ws.onStatus(l) };
}

// The page sees one frozen object, `window.switchyard`: the API contract's operations and event
// streams, nothing else (no ipcRenderer, no generic invoke).
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcBridge } from './bridge';

contextBridge.exposeInMainWorld('switchyard', createIpcBridge(ipcRenderer));

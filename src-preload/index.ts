import { contextBridge } from 'electron';
contextBridge.exposeInMainWorld('switchyard', Object.freeze({ version: 1 }));

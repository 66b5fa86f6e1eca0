// The page sees one frozen object; the typed API is added to it with the desktop-app issue.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('switchyard', Object.freeze({ contractVersion: 1 }));

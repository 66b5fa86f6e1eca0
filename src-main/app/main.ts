// Electron main process: windows and OS integration only; domain logic lives in the engine.
import { join } from 'node:path';
import { app, BrowserWindow, shell } from 'electron';
import { secureWindowOptions } from './window-options';

const here = import.meta.dirname;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(secureWindowOptions(join(here, '../preload/index.cjs')));
  win.once('ready-to-show', () => win.show());
  // The page never navigates away or opens windows; links go to the system browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(() => {
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// The main window: secure options, remembered bounds, close-to-tray. Electron glue; the decisions
// live in window-options.ts, window-state.ts and app-settings.ts.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Display } from 'electron';
import { DEFAULT_WINDOW_SIZE, guardWebContents, secureWindowOptions } from './window-options';
import { clampWindowState, readWindowState, windowStatePath, writeWindowState, type Rect } from './window-state';

export interface WindowPorts {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  screen: { getAllDisplays(): Display[]; getPrimaryDisplay(): Display };
  openExternal: (url: string) => void;
}

export interface MainWindowOptions {
  preloadPath: string;
  url: string;
  home: string;
  /** Start without showing (in the tray). */
  hidden: boolean;
  /** app-settings.ts closeAction: true keeps the app in the tray instead of closing the window. */
  shouldHideOnClose: () => boolean;
  log?: (line: string) => void;
}

/** Work areas with the primary display first (clampWindowState falls back to it). */
export function workAreas(screen: WindowPorts['screen']): Rect[] {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id);
  return [primary, ...others].map((d) => d.workArea);
}

export function createMainWindow(ports: WindowPorts, opts: MainWindowOptions): BrowserWindowType {
  const stateFile = windowStatePath(opts.home);
  const bounds = clampWindowState(readWindowState(stateFile), workAreas(ports.screen), DEFAULT_WINDOW_SIZE);
  const win = new ports.BrowserWindow(secureWindowOptions(opts.preloadPath, bounds));
  if (bounds.maximized) win.maximize();
  guardWebContents(win.webContents, { openExternal: ports.openExternal });

  const save = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    try {
      writeWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (error) {
      opts.log?.(`switchyard: could not remember the window position: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  let timer: NodeJS.Timeout | null = null;
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', saveSoon);

  win.on('close', (event) => {
    if (timer) clearTimeout(timer);
    save();
    if (opts.shouldHideOnClose()) {
      event.preventDefault();
      win.hide();
    }
  });
  win.once('ready-to-show', () => {
    if (!opts.hidden) win.show();
  });
  void win.loadURL(opts.url);
  return win;
}

export function revealWindow(win: BrowserWindowType): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

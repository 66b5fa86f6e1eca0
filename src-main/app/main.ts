// Electron main process: windows and OS integration only; domain logic lives in the engine and the
// API host (src-main/host), decisions in this folder's plain modules. This file wires them to Electron.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, screen, session, shell, Tray } from 'electron';
import { createApiHost, type ApiHost } from '../host';
import { resolveDataHome } from '../engine/paths';
import { APP_INDEX_URL, APP_SCHEME, mimeType, resolveAppAsset } from './app-protocol';
import { appSettings, applyStartAtLogin, closeAction, parseAppArgs } from './app-settings';
import { startAttentionLoop, type AttentionLoop } from './attention-loop';
import { createAppBadge } from './badge';
import { createDaemonControl, type DaemonControl } from './daemon-control';
import { bindIpc, type IpcBridge } from './ipc-bridge';
import { createNotifier } from './notifier';
import { routeNotification } from './notifications';
import { SHELL_STREAM, ShellEvents } from './shell-events';
import { createAppTray, type AppTray } from './tray';
import { trayMenuModel, type SessionCounts, type TrayAction } from './tray-model';
import { createMainWindow, revealWindow } from './window';
import { contentSecurityPolicy, guardWebContents, withCspHeader } from './window-options';
import { RUNNER_NODE_FLAGS } from '../engine/runner/node-flags';

const here = import.meta.dirname;
const args = parseAppArgs(process.argv.slice(1));
const home = resolveDataHome(args.home);
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const csp = contentSecurityPolicy(devServerUrl);
// Icons are unpacked from the asar (electron-builder.yml): the OS notification daemon reads them by path.
const resourcesDir = join(here, '../../resources').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
const rendererDir = join(here, '../renderer');
const log = (line: string) => console.error(line);

// Electron's own caches live beside the data home, not in it; the single-instance lock is per data home.
app.setPath('userData', join(home, 'electron'));
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let host: ApiHost | null = null;
let daemon: DaemonControl | null = null;
let ipc: IpcBridge | null = null;
let tray: AppTray | null = null;
let loop: AttentionLoop | null = null;
let win: BrowserWindowInstance | null = null;
let counts: SessionCounts = { running: 0, idle: 0, needsAttention: 0 };
let quitting = false;
const shellEvents = new ShellEvents();

type BrowserWindowInstance = InstanceType<typeof BrowserWindow>;

function showWindow(): BrowserWindowInstance {
  if (!win || win.isDestroyed()) {
    win = createMainWindow(
      { BrowserWindow, screen, openExternal: (url) => void shell.openExternal(url) },
      {
        preloadPath: join(here, '../preload/index.cjs'),
        url: devServerUrl ?? APP_INDEX_URL,
        home,
        hidden: false,
        shouldHideOnClose: () => closeAction({ quitting, closeToTray: closeToTray(), hasTray: tray !== null }) === 'hide',
        log,
      },
    );
  }
  revealWindow(win);
  return win;
}

function closeToTray(): boolean {
  return host ? appSettings(host.deps.config).close_to_tray : true;
}

function refreshTray(): void {
  if (tray && daemon) tray.update(trayMenuModel(counts, daemon.status));
}

function onTrayAction(action: TrayAction): void {
  switch (action) {
    case 'open':
      showWindow();
      break;
    case 'new-session':
      showWindow();
      shellEvents.emit({ kind: 'newSession' });
      break;
    case 'toggle-daemon':
      void daemon?.toggle().then(refreshTray);
      break;
    case 'quit':
      app.quit();
      break;
  }
}

async function serveAppProtocol(request: Request): Promise<Response> {
  const file = resolveAppAsset(rendererDir, request.url);
  if (!file) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, { headers: { 'content-type': mimeType(file), 'content-security-policy': csp, 'x-content-type-options': 'nosniff' } });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

function secureSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCspHeader(details.responseHeaders, csp) }));
  // The page needs no camera, microphone, geolocation, notifications (main shows those), ...
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, serveAppProtocol);
}

async function start(): Promise<void> {
  secureSession();
  try {
    host = createApiHost({
      home,
      cwd: process.cwd() === '/' ? homedir() : process.cwd(),
      ...(args.configFile ? { configFile: args.configFile } : {}),
      // The CLI (agent hooks) and the session runner are this app's bundles run by Electron as
      // plain Node: one native ABI for all.
      runnerCommand: [process.execPath, join(here, 'cli.js')],
      runnerEntry: [process.execPath, ...RUNNER_NODE_FLAGS, join(here, 'runner.cjs')],
      runnerEnv: { ELECTRON_RUN_AS_NODE: '1' },
      log,
    });
  } catch (error) {
    dialog.showErrorBox('Switchyard cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const settings = appSettings(host.deps.config);
  try {
    applyStartAtLogin({ enabled: settings.start_at_login, platform: process.platform, execPath: process.execPath, leadingArgs: app.isPackaged ? [] : [app.getAppPath()], app });
  } catch (error) {
    log(`switchyard: could not update start-at-login: ${error instanceof Error ? error.message : String(error)}`);
  }

  ipc = bindIpc(ipcMain, {
    host: { call: (op, input) => host!.call(op, input), subscribe: (event, params, listener) => host!.subscribe(event, params, listener) },
    localStreams: new Map([[SHELL_STREAM, shellEvents.stream]]),
    ...(devServerUrl ? { devServerUrl } : {}),
    log,
  });

  try {
    tray = createAppTray({ Tray, Menu, nativeImage, platform: process.platform, resourcesDir, onAction: onTrayAction });
  } catch (error) {
    tray = null; // some Linux desktops have no tray; closing the window then quits
    log(`switchyard: no tray icon: ${error instanceof Error ? error.message : String(error)}`);
  }
  daemon = createDaemonControl(host.deps, log);
  await daemon.start();

  const notifier = createNotifier({
    Notification,
    iconPath: join(resourcesDir, 'icon.png'),
    onClick: (notice) => {
      showWindow();
      if (notice.sessionId) shellEvents.emit({ kind: 'openSession', id: notice.sessionId });
    },
  });
  const badge = createAppBadge({ setBadgeCount: (n) => app.setBadgeCount(n) }, log);
  loop = startAttentionLoop({
    store: host.deps.store,
    onCounts: (next) => {
      counts = next;
      refreshTray();
      badge.update(next);
    },
    onTriggers: (triggers) => {
      const settingsNow = host?.deps.config.desktop_notifications;
      if (!settingsNow) return;
      for (const trigger of triggers) {
        const notice = routeNotification(trigger, settingsNow, new Date());
        if (notice) notifier.show(notice);
      }
    },
    log,
  });
  refreshTray();

  if (!args.hidden || !tray) showWindow();
}

async function shutdown(): Promise<void> {
  loop?.stop();
  ipc?.dispose();
  await daemon?.stop().catch((e: unknown) => log(`switchyard: stopping the daemon failed: ${String(e)}`));
  await host?.dispose().catch((e: unknown) => log(`switchyard: closing the store failed: ${String(e)}`));
  tray?.destroy();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  if (process.platform === 'win32') app.setAppUserModelId('dev.switchyard.app');
  // Every web contents, present and future, is locked down the same way as the main window.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, { openExternal: (url) => void shell.openExternal(url) }));
  app.on('second-instance', () => void showWindow());
  app.on('activate', () => void showWindow());
  app.on('window-all-closed', () => {
    // Windows only close for real when close_to_tray is off or there is no tray.
    if (process.platform !== 'darwin' || !tray) app.quit();
  });
  let shutDown = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (shutDown) return;
    event.preventDefault();
    void shutdown().finally(() => {
      shutDown = true;
      app.quit();
    });
  });
  void app.whenReady().then(start);
}

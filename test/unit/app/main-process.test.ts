// The Electron main process (src-main/app/main.ts) started against a stand-in `electron` module and
// a real data home: what it asks Electron for (window options, CSP, navigation and IPC guards, tray)
// and how it behaves (close keeps it in the tray, quit shuts the engine down).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../src-main/api/errors';

const fake = vi.hoisted(() => {
  type Fn = (...args: unknown[]) => unknown;
  const root = (globalThis as { process: NodeJS.Process }).process.env;
  const state = {
    appHandlers: new Map<string, Fn[]>(),
    quitCalls: 0,
    windows: [] as FakeWindow[],
    headerHook: null as null | ((details: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
    permissionRequest: null as null | Fn,
    permissionCheck: null as null | Fn,
    protocolHandlers: new Map<string, Fn>(),
    privileged: [] as unknown[],
    ipcHandlers: new Map<string, Fn>(),
    ipcListeners: new Map<string, Fn>(),
    trays: [] as { tooltip: string; menu: { template: { label?: string }[] } | null }[],
    userData: '',
    env: root,
  };
  class FakeContents {
    handlers = new Map<string, Fn>();
    openHandler: Fn | null = null;
    on(name: string, fn: Fn) {
      this.handlers.set(name, fn);
      return this;
    }
    setWindowOpenHandler(fn: Fn) {
      this.openHandler = fn;
    }
  }
  class FakeWindow {
    handlers = new Map<string, Fn>();
    webContents = new FakeContents();
    url = '';
    visible = false;
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
    }
    on(name: string, fn: Fn) {
      this.handlers.set(name, fn);
      return this;
    }
    once(name: string, fn: Fn) {
      return this.on(name, fn);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    maximize() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    isVisible() {
      return this.visible;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1100, height: 700 };
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    restore() {}
  }
  class FakeTray {
    tooltip = '';
    menu: { template: { label?: string }[] } | null = null;
    constructor() {
      state.trays.push(this);
    }
    on() {}
    setImage() {}
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(m: { template: { label?: string }[] }) {
      this.menu = m;
    }
    destroy() {}
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const module = {
    app: {
      isPackaged: false,
      setPath: (_name: string, p: string) => void (state.userData = p),
      getAppPath: () => '/repo',
      requestSingleInstanceLock: () => true,
      setAppUserModelId: () => undefined,
      setLoginItemSettings: () => undefined,
      on: (name: string, fn: Fn) => void state.appHandlers.set(name, [...(state.appHandlers.get(name) ?? []), fn]),
      whenReady: () => Promise.resolve(),
      quit: () => {
        state.quitCalls += 1;
        for (const fn of state.appHandlers.get('before-quit') ?? []) fn({ preventDefault: () => undefined });
      },
      exit: () => undefined,
    },
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (p: string) => ({ p }) },
    Notification: class {
      static isSupported() {
        return false;
      }
    },
    dialog: { showErrorBox: (title: string, body: string) => console.error(title, body) },
    ipcMain: {
      handle: (c: string, fn: Fn) => void state.ipcHandlers.set(c, fn),
      on: (c: string, fn: Fn) => void state.ipcListeners.set(c, fn),
      removeHandler: (c: string) => void state.ipcHandlers.delete(c),
      removeAllListeners: (c: string) => void state.ipcListeners.delete(c),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void state.privileged.push(...s),
      handle: (scheme: string, fn: Fn) => void state.protocolHandlers.set(scheme, fn),
    },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof state.headerHook) => void (state.headerHook = fn) },
        setPermissionRequestHandler: (fn: Fn) => void (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => void (state.permissionCheck = fn),
      },
    },
    shell: { openExternal: () => Promise.resolve() },
  };
  return { state, module };
});

vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const home = mkdtempSync(join(tmpdir(), 'sy-main-'));
const env = { SWITCHYARD_HOME: process.env.SWITCHYARD_HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
process.env.SWITCHYARD_HOME = join(home, 'data');
process.env.XDG_CONFIG_HOME = join(home, 'xdg'); // start-at-login writes autostart entries here, not in the real profile

afterAll(() => {
  process.env.SWITCHYARD_HOME = env.SWITCHYARD_HOME;
  process.env.XDG_CONFIG_HOME = env.XDG_CONFIG_HOME;
  if (env.SWITCHYARD_HOME === undefined) delete process.env.SWITCHYARD_HOME;
  if (env.XDG_CONFIG_HOME === undefined) delete process.env.XDG_CONFIG_HOME;
  rmSync(home, { recursive: true, force: true });
});

async function started() {
  await import('../../../src-main/app/main');
  await vi.waitFor(() => expect(fake.state.windows.length).toBeGreaterThan(0), { timeout: 10_000 });
  return fake.state;
}

const APP_PAGE = { sender: { id: 1, isDestroyed: () => false, send: () => undefined, on: () => undefined }, senderFrame: { url: 'app://switchyard/index.html', parent: null } };

describe('Electron main process (stand-in electron)', () => {
  it('opens a sandboxed, isolated window without Node, on the app protocol, with Electron data kept in the data home', async () => {
    const s = await started();
    const win = s.windows[0]!;
    const prefs = win.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.cjs$/);
    expect(win.url).toBe('app://switchyard/index.html');
    expect(s.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(s.userData).toBe(join(home, 'data', 'electron'));
  });

  it('sets a strict Content-Security-Policy header on every response and denies permission requests', async () => {
    const s = await started();
    let headers: Record<string, string[]> = {};
    s.headerHook!({ responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"], 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual(['Content-Security-Policy']);
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|\*/);
    expect(headers['X-Other']).toEqual(['1']);
    let granted: boolean | null = null;
    s.permissionRequest!({}, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(s.permissionCheck!()).toBe(false);
    expect(s.protocolHandlers.has('app')).toBe(true);
  });

  it('blocks navigation and new windows; web links go to the system browser', async () => {
    const s = await started();
    const contents = s.windows[0]!.webContents;
    let prevented = 0;
    contents.handlers.get('will-navigate')!({ preventDefault: () => (prevented += 1) }, 'https://evil.example/');
    contents.handlers.get('will-navigate')!({ preventDefault: () => (prevented += 1) }, 'file:///etc/passwd');
    expect(prevented).toBe(2);
    expect(contents.openHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    // Any other web contents created later gets the same guards.
    const later = { handlers: new Map<string, unknown>(), on(n: string, f: unknown) { this.handlers.set(n, f); }, setWindowOpenHandler(f: unknown) { this.handlers.set('open', f); } };
    for (const fn of s.appHandlers.get('web-contents-created') ?? []) fn({}, later);
    expect([...later.handlers.keys()]).toEqual(expect.arrayContaining(['will-navigate', 'open']));
  });

  it('answers IPC from the app page with the real engine, and refuses other senders and bad input with typed errors', async () => {
    const s = await started();
    const call = s.ipcHandlers.get('switchyard:call')!;
    expect(await call(APP_PAGE, 'listSessions', {})).toEqual({ ok: true, value: { sessions: [] } });
    const foreign = { ...APP_PAGE, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(((await call(foreign, 'listSessions', {})) as Result<unknown>).ok).toBe(false);
    expect(await call(APP_PAGE, 'startSession', { task: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(APP_PAGE, 'openExternal', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });

  it('shows session counts in the tray, hides the window on close (close_to_tray), and shuts the engine down on quit', async () => {
    const s = await started();
    const tray = s.trays[0]!;
    await vi.waitFor(() => expect(tray.menu?.template.map((i) => i.label)).toContain('Pause daemon'));
    expect(tray.menu!.template.slice(0, 3).map((i) => i.label)).toEqual(['Running: 0', 'Idle: 0', 'Needs attention: 0']);

    const win = s.windows[0]!;
    win.visible = true;
    let prevented = false;
    win.handlers.get('close')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(win.visible).toBe(false);

    fake.module.app.quit();
    await vi.waitFor(() => expect(s.quitCalls).toBe(2), { timeout: 10_000 }); // the second quit follows the shutdown
    // After quitting, a close really closes.
    let preventedAfterQuit = false;
    win.handlers.get('close')!({ preventDefault: () => (preventedAfterQuit = true) });
    expect(preventedAfterQuit).toBe(false);
    expect(s.ipcHandlers.size).toBe(0);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveAppAsset, isAppPageUrl } from '../../../src-main/app/app-protocol';
import { applyStartAtLogin, appSettings, closeAction, parseAppArgs } from '../../../src-main/app/app-settings';
import { loadConfig } from '../../../src-main/engine/config';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('app settings', () => {
  it('reads --hidden, --home and --config wherever Electron puts them', () => {
    expect(parseAppArgs(['.', '--hidden'])).toEqual({ hidden: true });
    expect(parseAppArgs(['--home', '/data', '--config=/c.toml'])).toEqual({ hidden: false, home: '/data', configFile: '/c.toml' });
  });

  it('[app] keys load from config.toml with their defaults, and a wrong type is a ConfigError naming the key', () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-appcfg-'));
    const d = dir;
    expect(appSettings(loadConfig({ home: d, cwd: d }).config)).toEqual({ close_to_tray: true, start_at_login: false });
    writeFileSync(join(d, 'config.toml'), '[app]\nclose_to_tray = false\nstart_at_login = true\n');
    expect(appSettings(loadConfig({ home: d, cwd: d }).config)).toEqual({ close_to_tray: false, start_at_login: true });
    writeFileSync(join(d, 'config.toml'), '[app]\nclose_to_tray = "yes"\n');
    expect(() => loadConfig({ home: d, cwd: d })).toThrow(/app\.close_to_tray: expected a boolean/);
    writeFileSync(join(d, 'config.toml'), '[desktop_notifications]\nneeds_input = false\n');
    expect(loadConfig({ home: d, cwd: d }).config.desktop_notifications.needs_input).toBe(false);
  });

  it('closing the window hides it only when close_to_tray is on, a tray exists, and the app is not quitting', () => {
    expect(closeAction({ quitting: false, closeToTray: true, hasTray: true })).toBe('hide');
    expect(closeAction({ quitting: true, closeToTray: true, hasTray: true })).toBe('close');
    expect(closeAction({ quitting: false, closeToTray: false, hasTray: true })).toBe('close');
    expect(closeAction({ quitting: false, closeToTray: true, hasTray: false })).toBe('close');
  });

  it('start at login: an XDG autostart entry on Linux (started --hidden), removed when turned off', () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-autostart-'));
    const env = { XDG_CONFIG_HOME: dir };
    const app = { setLoginItemSettings: () => expect.unreachable('Linux has no login items') };
    applyStartAtLogin({ enabled: true, platform: 'linux', execPath: '/opt/Switchyard/switchyard-desktop', leadingArgs: [], app, env });
    const file = join(dir!, 'autostart', 'switchyard.desktop');
    expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/Switchyard/switchyard-desktop --hidden\n');
    applyStartAtLogin({ enabled: true, platform: 'linux', execPath: '/x/electron', leadingArgs: ['/my repo'], app, env: { ...env, APPIMAGE: '/home/u/Switchyard.AppImage' } });
    expect(readFileSync(file, 'utf8')).toContain('Exec=/home/u/Switchyard.AppImage "/my repo" --hidden\n');
    applyStartAtLogin({ enabled: false, platform: 'linux', execPath: '/x', leadingArgs: [], app, env });
    expect(existsSync(file)).toBe(false);
  });

  it('start at login on macOS and Windows uses Electron login items, opening hidden', () => {
    const calls: unknown[] = [];
    applyStartAtLogin({ enabled: true, platform: 'win32', execPath: 'C:\\S\\Switchyard.exe', leadingArgs: [], app: { setLoginItemSettings: (s) => calls.push(s) } });
    expect(calls).toEqual([{ openAtLogin: true, openAsHidden: true, args: ['--hidden'], path: 'C:\\S\\Switchyard.exe' }]);
  });
});

describe('the app:// protocol', () => {
  const root = '/opt/app/out/renderer';
  it('maps app URLs to files inside the renderer folder only', () => {
    expect(resolveAppAsset(root, 'app://switchyard/index.html')).toBe(`${root}/index.html`);
    expect(resolveAppAsset(root, 'app://switchyard/')).toBe(`${root}/index.html`);
    expect(resolveAppAsset(root, 'app://switchyard/assets/index-1.js?v=2')).toBe(`${root}/assets/index-1.js`);
    // Dot segments, even encoded, are folded by URL parsing before the path is looked at: still inside.
    expect(resolveAppAsset(root, 'app://switchyard/%2e%2e/%2e%2e/main/index.js')).toBe(`${root}/main/index.js`);
    expect(resolveAppAsset(root, 'app://switchyard/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveAppAsset(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'file:///etc/passwd')).toBeNull();
  });

  it('recognises the app page (and the dev server only when one is configured)', () => {
    expect(isAppPageUrl('app://switchyard/index.html#/s/1')).toBe(true);
    expect(isAppPageUrl('http://localhost:5173/')).toBe(false);
    expect(isAppPageUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

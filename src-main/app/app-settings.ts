// Command-line flags of the desktop app, the [app] config section with its defaults, the close-to-tray
// decision, and start-at-login (Electron's login items on macOS/Windows, an XDG autostart entry on Linux,
// where Electron has none). No Electron imports: main.ts passes the Electron calls in.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppConfig, Config } from '../engine/config/types';

export interface AppArgs {
  /** `--hidden`: start in the tray without showing the window (used by start-at-login). */
  hidden: boolean;
  /** `--home DIR` (else SWITCHYARD_HOME, else the platform's app-data folder). */
  home?: string;
  /** `--config FILE`. */
  configFile?: string;
}

export function parseAppArgs(argv: readonly string[]): AppArgs {
  const out: AppArgs = { hidden: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (name: string): string | undefined => {
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      if (arg === name) return argv[++i];
      return undefined;
    };
    if (arg === '--hidden') out.hidden = true;
    else if (arg === '--home' || arg.startsWith('--home=')) out.home = value('--home');
    else if (arg === '--config' || arg.startsWith('--config=')) out.configFile = value('--config');
  }
  return out;
}

export function appSettings(config: Config): AppConfig {
  return { close_to_tray: true, start_at_login: false, ...config.app };
}

/** What closing the main window does: hide it (the app stays in the tray) or really close it. */
export function closeAction(opts: { quitting: boolean; closeToTray: boolean; hasTray: boolean }): 'hide' | 'close' {
  return !opts.quitting && opts.closeToTray && opts.hasTray ? 'hide' : 'close';
}

/** The launch command a login item or autostart entry runs: the AppImage itself when packaged as one. */
export function launchCommand(execPath: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.APPIMAGE || execPath;
}

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'autostart', 'switchyard.desktop');
}

/** Quotes one Exec argument per the desktop-entry spec. */
function desktopArg(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(command: string, args: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Switchyard',
    'Comment=Control plane for coding-agent CLIs',
    `Exec=${[command, ...args].map(desktopArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes or removes the Linux autostart entry; returns the file touched. */
export function setLinuxAutostart(enabled: boolean, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const file = autostartFile(env);
  if (enabled) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, autostartEntry(command, args));
  } else {
    rmSync(file, { force: true });
  }
  return file;
}

export interface LoginItemPort {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[]; path?: string }): void;
}

export interface StartAtLoginOptions {
  enabled: boolean;
  platform: NodeJS.Platform;
  execPath: string;
  /** Arguments before `--hidden`: the app folder when running unpackaged (`electron <dir>`). */
  leadingArgs: readonly string[];
  app: LoginItemPort;
  env?: NodeJS.ProcessEnv;
}

/** Applies `app.start_at_login`; the app then starts hidden, in the tray. */
export function applyStartAtLogin(opts: StartAtLoginOptions): void {
  const args = [...opts.leadingArgs, '--hidden'];
  if (opts.platform === 'linux') {
    setLinuxAutostart(opts.enabled, launchCommand(opts.execPath, opts.env), args, opts.env);
    return;
  }
  opts.app.setLoginItemSettings({ openAtLogin: opts.enabled, openAsHidden: true, args, path: opts.execPath });
}

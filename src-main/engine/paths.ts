// The data home holds the database, runner logs and sockets; the CLI, `serve` and the desktop app share it.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'switchyard';

/** The platform's app-data folder, as Electron's `userData` would place it. */
export function platformDataHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_DIR_NAME);
}

/** `--home DIR`, else `SWITCHYARD_HOME`, else the platform's app-data folder. */
export function resolveDataHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.SWITCHYARD_HOME) return resolve(env.SWITCHYARD_HOME);
  return platformDataHome(env);
}

export function userConfigPath(home: string): string {
  return join(home, 'config.toml');
}

export function logsDir(home: string): string {
  return join(home, 'logs');
}

export function sessionLogPath(home: string, sessionId: string): string {
  return join(logsDir(home), `${sessionId}.log`);
}

/** A session's own private folder (per-session agent settings, hook files); created on demand, 0700. */
export function sessionDir(home: string, sessionId: string): string {
  return join(home, 'sessions', sessionId);
}

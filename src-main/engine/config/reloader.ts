// Picking up config edits without a restart (the daemon, `serve`, the app): the files' stat
// (mtime and size) is compared on every check, which is cheap enough per tick and per API call;
// only a change reads and validates the files again. A file that no longer loads keeps the last
// good configuration and reports the error once per change.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findProjectConfig, loadConfig, USER_CONFIG_NAME, type LoadConfigOptions } from './load';
import type { LoadedConfig } from './types';

export interface ConfigReloader {
  /** Reloads when a config file changed since the last check; true when a new config was applied. */
  check(): boolean;
}

function stamp(path: string | undefined): string {
  if (path === undefined) return '-';
  try {
    // A missing file is the usual case (no project config): no exception built for it every second.
    const s = statSync(path, { throwIfNoEntry: false });
    return s ? `${path}:${s.mtimeMs}:${s.size}` : `${path}:missing`;
  } catch {
    return `${path}:missing`;
  }
}

export function createConfigReloader(
  opts: LoadConfigOptions,
  apply: (loaded: LoadedConfig) => void,
  onError: (error: unknown) => void = () => undefined,
): ConfigReloader {
  const userFile = opts.configFile !== undefined ? resolve(opts.cwd, opts.configFile) : join(opts.home, USER_CONFIG_NAME);
  const current = () => `${stamp(userFile)}|${stamp(findProjectConfig(opts.cwd))}`;
  let last = current();
  return {
    check() {
      const now = current();
      if (now === last) return false;
      last = now;
      try {
        apply(loadConfig(opts));
        return true;
      } catch (error) {
        onError(error);
        return false;
      }
    },
  };
}

// Temp directories with real config files for the config tests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { hashConfigBytes, recordTrust } from '../../../src-main/engine/config/trust';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface Sandbox {
  root: string;
  /** The Switchyard data home (holds config.toml). */
  home: string;
  /** A project directory (may hold switchyard.toml). */
  project: string;
  write(relative: string, text: string): string;
  /** Writes a project file and trusts its content, as `switchyard trust` would. */
  writeTrusted(relative: string, text: string): string;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'sy-config-'));
  made.push(root);
  const home = join(root, 'home');
  const project = join(root, 'project');
  mkdirSync(home);
  mkdirSync(project);
  return {
    root,
    home,
    project,
    write(relative, text) {
      const file = join(root, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    writeTrusted(relative, text) {
      const file = this.write(relative, text);
      recordTrust(home, file, hashConfigBytes(readFileSync(file)));
      return file;
    },
  };
}

// Whether the Electron binary was downloaded, read from the electron package's files without loading it
// (the engine never imports electron).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ElectronBinaryInfo {
  present: boolean;
  path: string | null;
  version: string | null;
  reason: string | null;
}

export function findElectronBinary(fromDir: string = process.cwd()): ElectronBinaryInfo {
  let pkgJson: string;
  try {
    pkgJson = createRequire(join(fromDir, 'noop.js')).resolve('electron/package.json');
  } catch {
    return { present: false, path: null, version: null, reason: 'the electron package is not installed' };
  }
  const dir = dirname(pkgJson);
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: string }).version ?? null;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { present: false, path: null, version, reason: 'the Electron binary was not downloaded (no network access to its release files during install)' };
  }
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { present: false, path: binary, version, reason: `the Electron binary is missing at ${binary}` };
  return { present: true, path: binary, version, reason: null };
}

// Tests that spawn the CLI or a session runner use the built bundle (out/main/cli.js), the very
// file users run. Rebuild it when any source file is newer, so a test never runs stale code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const cli = join(root, 'out', 'main', 'cli.js');
  const sources = ['src-main', 'src-preload', 'src-renderer'].map((d) => join(root, d)).filter(existsSync);
  const stale = !existsSync(cli) || sources.some((d) => newestMtime(d) > statSync(cli).mtimeMs);
  if (!stale) return;
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('electron-vite build failed; see the output above');
}

// `npm run dist`: build the bundles, then package the desktop app with electron-builder
// (electron-builder.yml): AppImage + deb on Linux, dmg on macOS, nsis on Windows; by default for the
// platform it runs on. Extra arguments go to electron-builder (e.g. `--linux deb`, `--dir`, `--x64`).
//
// Packaging downloads Electron's release files and rebuilds better-sqlite3 against Electron's headers,
// so it needs internet access to GitHub. On a machine without it (no Electron binary was downloaded
// at install) it stops before touching node_modules: a failed native rebuild there deletes
// better-sqlite3's working build. `--no-rebuild` skips the rebuild (a layout check only: the result
// cannot open its database).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const noRebuild = args.includes('--no-rebuild');
const builderArgs = args.filter((a) => a !== '--no-rebuild');

function electronBinaryPresent() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function run(label, command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.error || result.status !== 0) {
    console.error(`switchyard dist: ${label} failed${result.error ? ` (${result.error.message})` : ''}; see the output above.`);
    process.exit(result.status || 1);
  }
}

const builderBin = join(root, 'node_modules', 'electron-builder', 'cli.js');
if (!existsSync(builderBin)) {
  console.error('switchyard dist: electron-builder is not installed; run `npm install` (dev dependencies included) first.');
  process.exit(1);
}
if (!electronBinaryPresent() && !noRebuild) {
  console.error(
    'switchyard dist: the Electron binary was not downloaded on this machine, so Electron\'s release files and headers are ' +
      'out of reach too; package on a machine with internet access (after `npm install` there), or pass --no-rebuild for a ' +
      'layout-only check whose app cannot load better-sqlite3.',
  );
  process.exit(1);
}

run('the build', process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
run('packaging', process.execPath, [
  builderBin,
  '--config',
  'electron-builder.yml',
  '--publish',
  'never',
  ...(noRebuild ? ['-c.npmRebuild=false'] : []),
  ...builderArgs,
]);
console.log(`switchyard dist: packages are in ${join(root, 'dist')}`);

// Runs after `npm install` / `npm ci` in this project:
// 1. fetch the Electron binary (npm's allowScripts keeps electron's own install script off, so the
//    download happens here, where a failure can be reported in one line instead of failing the install);
// 2. build main, preload, renderer and the CLI so `npx switchyard` works straight away.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function electronBinaryPresent() {
  try {
    const bin = require('electron'); // resolves to the binary path, or throws when it is missing
    return typeof bin === 'string' && existsSync(bin);
  } catch {
    return false;
  }
}

function fetchElectron() {
  if (electronBinaryPresent()) return;
  let installScript;
  try {
    installScript = require.resolve('electron/install.js');
  } catch {
    return; // electron is a devDependency; a production install has no desktop shell to fetch
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log('switchyard: Electron download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); the desktop app is unavailable, browser mode and the CLI still work.');
    return;
  }
  const result = spawnSync(process.execPath, [installScript], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (result.status === 0 && electronBinaryPresent()) return;
  const why = `${result.stderr ?? ''}${result.stdout ?? ''}`.match(/(ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|\b[45]\d\d\b)[^\n]*/)?.[0];
  console.log(`switchyard: could not download the Electron binary${why ? ` (${why.trim().slice(0, 80)})` : ''}; the desktop app is unavailable here, browser mode and the CLI still work.`);
}

function build() {
  if (!existsSync(join(root, 'electron.vite.config.ts'))) return; // installed as a package: already built
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!existsSync(bin)) return; // dev dependencies omitted
  const result = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('switchyard: the build failed; fix the error above and run `npm run build`.');
    process.exit(result.status ?? 1);
  }
}

fetchElectron();
build();

// `npm start`: the desktop app where the Electron binary exists; elsewhere one line saying so, then
// browser mode (`switchyard serve`, which prints the URL to open). Arguments after `--` are passed on
// (e.g. `npm start -- --hidden`, or `npm start -- --port 8080` in browser mode).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function requireBuilt(file) {
  if (existsSync(join(root, file))) return;
  console.error(`switchyard: ${file} is missing; run \`npm run build\` first.`);
  process.exit(1);
}

function runChild(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', env });
  // Ctrl-C reaches the child through the terminal's process group; a plain `kill <npm pid>` does not.
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary();
if (binary) {
  requireBuilt('out/main/index.js');
  // ELECTRON_RUN_AS_NODE left over in the caller's shell would start plain Node instead of the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  runChild(binary, [root, ...args], env);
} else {
  console.log('switchyard: Electron is not available on this machine (its binary was not downloaded), so starting browser mode instead.');
  requireBuilt('out/main/cli.js');
  runChild(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...args]);
}

// `npm run bench`: every benchmark under bench/, one after another, each printing its figures and
// ratios against its targets. Exit code 1 if any target is missed. `npm run bench -- runner` runs one.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const order = ['runner', 'merge-queue', 'daemon-tick', 'ui'];
const all = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
const names = [...order.filter((n) => all.includes(n)), ...all.filter((n) => !order.includes(n))].filter((n) => !only.length || only.includes(n));

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const failed = [];
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', `${name}.ts`)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed.push(name);
}
console.log(`\nbenchmarks: ${names.length - failed.length} met their targets${failed.length ? `, missed: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);

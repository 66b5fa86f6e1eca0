#!/usr/bin/env node
// Runs the built CLI bundle; `npm install` builds it (postinstall), `npm run build` rebuilds it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('switchyard: the CLI is not built yet; run `npm run build` in the Switchyard folder.\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);

// `switchyard trust [PATH]`: review a project switchyard.toml's keys that run code, then trust
// exactly this content (like `direnv allow`); `--revoke` forgets it, `--list` shows what is trusted.
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  findProjectConfig,
  PROJECT_CONFIG_NAME,
  readTrustStore,
  reviewProjectConfig,
  revokeTrust,
  trustProjectConfig,
  trustStorePath,
  type ExecutableKey,
} from '../../engine/config';
import { hashConfigBytes } from '../../engine/config/trust';
import { CliError, UsageError } from '../errors';
import { formatTable, printJson, type CliIO } from '../io';
import type { ContextFactory } from '../program';

interface TrustOptions {
  revoke?: boolean;
  show?: boolean;
  list?: boolean;
  json?: boolean;
}

/** PATH as given (a file, or a folder holding switchyard.toml), else the nearest one from cwd. */
function targetFile(cwd: string, path: string | undefined): string {
  if (path === undefined) {
    const found = findProjectConfig(cwd);
    if (!found) throw new CliError(`no ${PROJECT_CONFIG_NAME} in ${cwd} or its parent folders; pass the file: \`switchyard trust PATH\``);
    return found;
  }
  const absolute = resolve(cwd, path);
  return statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? join(absolute, PROJECT_CONFIG_NAME) : absolute;
}

function printKeys(io: CliIO, keys: ExecutableKey[]): void {
  if (keys.length === 0) {
    io.out('It sets no keys that run commands or choose which programs run.');
    return;
  }
  io.out('Keys that run commands or choose which programs run:');
  for (const k of keys) io.out(`  ${k.key} = ${JSON.stringify(k.value)}\n      ${k.effect}`);
}

function list(io: CliIO, home: string, json: boolean): void {
  const store = readTrustStore(home);
  if (store.problem) throw new CliError(`${store.problem}; fix the file or delete it`);
  const rows = store.records.map((r) => {
    const status = !existsSync(r.path) ? 'missing' : hashConfigBytes(readFileSync(r.path)) === r.sha256 ? 'trusted' : 'changed (ignored until trusted again)';
    return { ...r, status };
  });
  if (json) return printJson(io, { file: trustStorePath(home), trusted: rows });
  if (rows.length === 0) return io.out('No project config files are trusted.');
  io.out(formatTable(['PATH', 'STATUS', 'TRUSTED AT'], rows.map((r) => [r.path, r.status, r.trustedAt])));
}

export function registerTrustCommand(program: Command, ctx: ContextFactory): void {
  program
    .command('trust')
    .argument('[path]', `the ${PROJECT_CONFIG_NAME} (or its folder); default: the nearest one from here`)
    .description(`Trust a project ${PROJECT_CONFIG_NAME} so it is applied (until its content changes)`)
    .option('--show', 'only print the file\'s keys that run code and whether it is trusted')
    .option('--revoke', 'stop trusting the file')
    .option('--list', 'list trusted files and whether they changed since')
    .option('--json', 'print JSON')
    .action((path: string | undefined, opts: TrustOptions) => {
      const c = ctx();
      if ([opts.list, opts.revoke, opts.show].filter(Boolean).length > 1) throw new UsageError('use one of --list, --revoke and --show');
      if (opts.list) {
        if (path !== undefined) throw new UsageError('--list takes no PATH');
        return list(c.io, c.home, opts.json === true);
      }
      const file = targetFile(c.cwd, path);
      if (opts.revoke) {
        const revoked = revokeTrust(c.home, file);
        if (opts.json) return printJson(c.io, { path: file, revoked });
        return c.io.out(revoked ? `No longer trusted: ${file} (Switchyard ignores it from now on)` : `${file} was not trusted; nothing to revoke`);
      }
      if (opts.show) {
        const review = reviewProjectConfig(c.home, file);
        if (opts.json) return printJson(c.io, review);
        c.io.out(`${review.path}\nsha256 ${review.sha256}\n${review.trust === 'trusted' ? 'trusted (applied)' : `${review.trust} (ignored)`}`);
        if (review.error) c.io.out(`cannot be applied as it is: ${review.error}`);
        return printKeys(c.io, review.keys);
      }
      const outcome = trustProjectConfig(c.home, file);
      if (!outcome.ok) throw new CliError(outcome.message);
      const { review } = outcome;
      if (opts.json) return printJson(c.io, { ...review, trustedAt: outcome.record.trustedAt });
      c.io.out(`${review.path}\nsha256 ${review.sha256}`);
      printKeys(c.io, review.keys);
      c.io.out(`Trusted: Switchyard applies this file from now on, until its content changes (undo with \`switchyard trust --revoke ${review.path}\`).`);
    });
}

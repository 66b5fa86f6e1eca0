// `switchyard remote retry|cancel <id>`: what the dispatch inbox's Retry and Cancel buttons do.
import type { Command } from 'commander';
import { cancelRemoteDispatchRequest, retryRemoteDispatchRequest } from '../../engine/dispatch';
import { CliError, UsageError } from '../errors';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

function requestId(value: string): number {
  const n = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`expected a remote request id (a positive whole number, as \`switchyard remote list --all\` shows), found "${value}"`);
  return n;
}

const attempt = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
};

export function registerRemoteRequestCommands(remote: Command, ctx: ContextFactory): void {
  remote
    .command('retry')
    .description('Put a failed or cancelled request back in the queue (the daemon dispatches it on its next pass)')
    .argument('<id>', 'request id', requestId)
    .option('--json', 'print the request as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const c = ctx();
      const request = attempt(() => retryRemoteDispatchRequest({ store: c.store() }, id));
      if (opts.json) return printJson(c.io, request);
      c.io.out(`Remote request ${id} is pending again.`);
    });

  remote
    .command('cancel')
    .description('Withdraw a pending request before it is dispatched')
    .argument('<id>', 'request id', requestId)
    .option('--json', 'print the request as JSON')
    .action((id: number, opts: { json?: boolean }) => {
      const c = ctx();
      const request = attempt(() => cancelRemoteDispatchRequest({ store: c.store() }, id));
      if (opts.json) return printJson(c.io, request);
      c.io.out(`Cancelled remote request ${id}.`);
    });
}

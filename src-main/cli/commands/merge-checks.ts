// The checked merge queue on the command line (issue 15): `merge-queue --check ID`, the checked
// `merge-queue --apply`, and `resolve ID`. Check state, duration and log path are in every --json.
import type { Command } from 'commander';
import { advanceResolvers, checkBranch, processCheckedQueue, scratchWorktrees, startResolver } from '../../engine/merge-queue';
import type { BranchCheckOutcome, CheckedQueueOutcome, ResolverFinish } from '../../engine/merge-queue';
import type { MergeCheckRecord } from '../../engine/store/merge-checks';
import type { CliIO } from '../io';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

function seconds(ms: number | null): string {
  return ms === null ? '' : ` in ${Math.round(ms / 100) / 10}s`;
}

export function checkLine(c: MergeCheckRecord | null): string | null {
  if (!c) return null;
  const head = `check: ${c.state.replace('_', ' ')}${seconds(c.durationMs)}`;
  const log = c.logPath ? `; log ${c.logPath}` : '';
  return `${head}${log}${c.resolverSessionId && c.state !== 'landed' ? `; resolver ${c.resolverSessionId}` : ''}`;
}

function renderCheck(io: CliIO, o: BranchCheckOutcome): void {
  const lines = [`${o.sessionId} (${o.branch} -> ${o.baseBranch}): ${o.message}`];
  if ((o.result === 'failed' || o.result === 'timed_out') && o.record?.logTail) lines.push('Last lines of the log:', ...o.record.logTail.split('\n').map((l) => `  ${l}`));
  io.out(lines.join('\n'));
}

function renderFinished(finished: ResolverFinish[]): string[] {
  return finished.map((f) => `Resolver ${f.resolverSessionId} for ${f.sessionId}: ${f.message}`);
}

/** Lines of `merge-queue --apply` about checks (the rest is the plain queue's report). */
export function checkedLines(o: CheckedQueueOutcome, finished: ResolverFinish[]): string[] {
  const lines = renderFinished(finished);
  for (const r of o.refusedRepositories) lines.push(`Refused: ${r.reason}`);
  if (!o.checked) return lines;
  for (const c of o.checks) {
    if (c.landed) lines.push(`Landed ${c.sessionId} (${c.branch} -> ${c.baseBranch}): ${c.result === 'unchecked' ? 'unchecked' : `check passed${seconds(c.record?.durationMs ?? null)}`}`);
    else if (c.result === 'failed' || c.result === 'timed_out' || c.result === 'not_found') {
      lines.push(`Check failed ${c.sessionId} (${c.branch}): ${c.message}`);
      if (c.record?.logTail && c.result !== 'not_found') lines.push(...c.record.logTail.split('\n').slice(-10).map((l) => `    ${l}`));
    }
  }
  for (const r of o.resolversStarted) lines.push(`Started resolver ${r.resolverSessionId} for ${r.sessionId} (${r.kind.replace('_', ' ')}, attempt ${r.attempt})`);
  return lines;
}

export async function runCheckedApply(c: ReturnType<ContextFactory>) {
  const deps = c.sessionDeps();
  const finished = await advanceResolvers(deps);
  const outcome = await processCheckedQueue(deps);
  return { outcome, finished, scratch: scratchWorktrees(c.store()) };
}

export function registerMergeCheckCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('resolve')
    .description('Start a resolver agent session for a branch that conflicts with its base or failed its merge-queue check')
    .argument('<session>', 'the branch session: id, prefix or `latest`')
    .option('--over-budget', 'start it even though a hard budget is spent')
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { overBudget?: boolean; json?: boolean }) => {
      const c = ctx();
      const session = c.resolveSession(ref);
      const started = await startResolver(c.sessionDeps(), session.id, { overBudget: opts.overBudget });
      const check = c.store().getMergeCheck(session.id);
      if (opts.json) return printJson(c.io, { ...started, check });
      c.io.out(
        `Started resolver session ${started.resolverSessionId} for ${session.id} (${started.kind.replace('_', ' ')}, attempt ${started.attempt}) in ${started.scratchPath}.\n` +
          'When it finishes, `switchyard merge-queue --apply` (or the daemon) commits its work on the branch, checks it again and lands it.',
      );
    });
}

export async function runCheckOne(c: ReturnType<ContextFactory>, ref: string, json: boolean): Promise<void> {
  const session = c.resolveSession(ref);
  const outcome = await checkBranch(c.sessionDeps(), session.id);
  if (json) printJson(c.io, outcome);
  else renderCheck(c.io, outcome);
  if (!['passed', 'unchecked'].includes(outcome.result)) process.exitCode = 1;
}

// Read commands over sessions: `sessions` and `status`.
import type { Command } from 'commander';
import { MetricsIngestor } from '../../engine/policies/metrics-ingest';
import { reconcileSessions } from '../../engine/sessions/lifecycle';
import type { CliContext } from '../context';
import { costLabel, getSessionStatus, renderSessionStatus } from '../../engine/sessions/status';
import { formatTable, printJson } from '../io';
import type { ContextFactory } from '../program';

/** What the operator needs to know first: "needs input" over "running", "denied" after "completed". */
function stateLabel(s: { state: string; attention: string | null }): string {
  const live = ['pending', 'running', 'idle', 'stale'].includes(s.state);
  if (s.attention === 'needs_input' && live) return 'needs input';
  if (s.attention === 'denied') return `${s.state} (denied)`;
  return s.state + (s.attention ? '*' : '');
}

function shortTask(task: string, max = 60): string {
  const oneLine = task.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/**
 * Read commands first settle what changed behind their back: sessions whose runner died (killed, or the
 * machine restarted) and metrics ECC hooks appended to costs.jsonl / tool-usage.jsonl (new lines only).
 */
async function refresh(c: CliContext): Promise<void> {
  await reconcileSessions(c.sessionDeps());
  new MetricsIngestor(c.store()).ingest();
}

export function registerSessionReadCommands(program: Command, ctx: ContextFactory): void {
  program
    .command('sessions')
    .description('List sessions, most recently updated first')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      await refresh(c);
      const sessions = c.store().listSessions();
      if (opts.json) return printJson(c.io, sessions);
      if (sessions.length === 0) {
        c.io.out('No sessions yet. Start one with `switchyard start --task "..."`.');
        return;
      }
      const rows = sessions.map((s) => [
        s.id,
        stateLabel(s),
        s.agentType,
        s.mode,
        s.project,
        String(s.metrics.tokensUsed),
        costLabel(s.metrics),
        shortTask(s.task),
      ]);
      c.io.out(formatTable(['ID', 'STATE', 'AGENT', 'MODE', 'PROJECT', 'TOKENS', 'COST', 'TASK'], rows));
    });

  program
    .command('status')
    .description('Show one session in detail (default: the latest)')
    .argument('[session]', 'session id, id prefix or `latest`', 'latest')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const c = ctx();
      await refresh(c);
      const status = getSessionStatus(c.store(), c.config().config, c.resolveSession(id));
      if (opts.json) {
        return printJson(c.io, {
          ...status.session,
          // The cost as people read it: "$0.0072", "unknown" or "not reported" (metrics.costStatus/costNote say why).
          cost: costLabel(status.session.metrics),
          harnessInfo: status.harness,
          profile: status.profile,
          parentSession: status.parentSession,
          delegatedChildren: status.delegatedChildren,
          denials: status.denials,
          outcome: status.outcome,
        });
      }
      c.io.out(renderSessionStatus(status));
    });
}

// Delegation and coordination commands: delegate, assign, drain-inbox, auto-dispatch, rebalance-team,
// rebalance-all, coordinate-backlog, coordination-status, team, log-decision, decisions.
import type { Command } from 'commander';
import { Option } from 'commander';
import {
  assignSession,
  autoDispatchBacklog,
  coordinateBacklog,
  coordinateUntilHealthy,
  drainInbox,
  getCoordinationStatus,
  getTeamStatus,
  queueDeferredTask,
  rebalanceAllTeams,
  rebalanceTeamBacklog,
  renderAssignment,
  renderCoordinatePass,
  renderCoordinationStatus,
  renderDispatch,
  renderDrain,
  renderRebalance,
  renderTeamStatus,
  type CoordinateBacklogOutcome,
  type CoordinationHealth,
  type DelegationDeps,
  type RoutingOptions,
} from '../../engine/delegation';
import { SESSION_MODES, type SessionMode } from '../../engine/model';
import { startSession } from '../../engine/sessions/create';
import type { CliContext } from '../context';
import { CliError, UsageError } from '../errors';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

interface RoutingFlags {
  agent?: string;
  profile?: string;
  worktree?: boolean;
  mode?: SessionMode;
  json?: boolean;
  overBudget?: boolean;
}

function count(flag: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects an integer of at least ${min}, found "${value}"`);
    return n;
  };
}

/** Session deps whose runners start in each session's own directory (delegates start in the lead's). */
function delegationDeps(c: CliContext): DelegationDeps {
  const deps = c.sessionDeps();
  return { ...deps, runner: { ...deps.runner, cwd: undefined } };
}

function routing(flags: RoutingFlags): RoutingOptions {
  return { agent: flags.agent, profile: flags.profile, worktree: flags.worktree, mode: flags.mode, ...(flags.overBudget ? { overBudget: true } : {}) };
}

function addRoutingOptions(cmd: Command, withProfile = true): Command {
  cmd.option('-a, --agent <agent>', 'agent type of the delegates (default: default_agent; `auto` detects from the lead directory)');
  if (withProfile) cmd.option('--profile <name>', 'agent profile for spawned delegates (default: the lead profile)');
  return cmd
    .addOption(new Option('--mode <mode>', 'mode of spawned delegates').choices(SESSION_MODES))
    .option('-w, --worktree', 'spawn delegates in new git worktrees')
    .option('--no-worktree', 'spawn delegates in the lead directory itself')
    .option('--over-budget', 'spawn even though a hard budget (token_budget, cost_budget_usd) is spent');
}

/** Exit status of --check: 0 nothing waiting, 1 backlog a team can absorb, 2 saturated or escalation. */
function checkExit(health: CoordinationHealth, detail: string): void {
  if (health === 'healthy') return;
  const code = health === 'backlog_absorbable' ? 1 : 2;
  throw new CliError(`coordination ${health.replace(/_/g, ' ')}: ${detail}`, code);
}

function passHealth(o: CoordinateBacklogOutcome): CoordinationHealth {
  if (o.remainingSaturatedSessions > 0) return 'saturated';
  return o.remainingBacklogMessages > 0 ? 'backlog_absorbable' : 'healthy';
}

export function registerDelegationCommands(program: Command, ctx: ContextFactory): void {
  addRoutingOptions(
    program
      .command('delegate')
      .description('Start a new delegate of a session and hand it a task')
      .argument('<from-session>', 'the lead: session id, prefix or `latest`')
      .option('-t, --task <task>', 'the delegated task (default: "Follow up on <id>: <lead task>")'),
  )
    .option('--json', 'print the delegate session as JSON')
    .action(async (ref: string, opts: RoutingFlags & { task?: string }) => {
      const c = ctx();
      const lead = c.resolveSession(ref);
      const session = await startSession(delegationDeps(c), {
        task: opts.task ?? `Follow up on ${lead.id}: ${lead.task}`,
        cwd: lead.workingDir,
        ...routing(opts),
        fromSession: lead.id,
      });
      if (opts.json) return printJson(c.io, session);
      c.io.out(`Delegated ${session.id} from ${lead.id} (${session.agentType}, ${session.mode}) in ${session.workingDir}`);
    });

  addRoutingOptions(
    program
      .command('assign')
      .description('Route a task to a delegate of a lead: reuse an idle one, spawn while there is room, else defer')
      .argument('<from-session>', 'the lead: session id, prefix or `latest`')
      .requiredOption('-t, --task <task>', 'the task to route'),
  )
    .option('--json', 'print the outcome as JSON')
    .action(async (ref: string, opts: RoutingFlags & { task: string }) => {
      const c = ctx();
      if (!opts.task.trim()) throw new UsageError('--task must not be empty');
      const deps = delegationDeps(c);
      const lead = c.resolveSession(ref);
      const outcome = await assignSession(deps, { lead: lead.id, task: opts.task, ...routing(opts) });
      // A deferred task is kept in the lead's inbox so drain-inbox (or the daemon) routes it later.
      const queuedMessageId = outcome.action === 'deferred_saturated' ? queueDeferredTask(deps, lead, opts.task) : null;
      if (opts.json) return printJson(c.io, { ...outcome, queuedMessageId });
      c.io.out(renderAssignment(lead.id, outcome));
      if (queuedMessageId !== null) {
        c.io.out(`Queued as handoff #${queuedMessageId} in ${lead.id}'s inbox; run \`switchyard drain-inbox ${lead.id}\` when a delegate frees up.`);
      }
    });

  addRoutingOptions(
    program
      .command('drain-inbox')
      .description("Route the unread task handoffs in a lead's inbox through assignment")
      .argument('<session>', 'the lead: session id, prefix or `latest`')
      .option('--limit <n>', 'at most this many handoffs', count('--limit', 1), 5),
    false,
  )
    .option('--json', 'print the outcomes as JSON')
    .action(async (ref: string, opts: RoutingFlags & { limit: number }) => {
      const c = ctx();
      const lead = c.resolveSession(ref);
      const outcomes = await drainInbox(delegationDeps(c), { lead: lead.id, limit: opts.limit, ...routing(opts) });
      if (opts.json) return printJson(c.io, outcomes);
      c.io.out(renderDrain(lead.id, outcomes));
    });

  addRoutingOptions(
    program
      .command('auto-dispatch')
      .description('Drain the inboxes of the leads with unread handoffs, the most urgent first')
      .option('--lead-limit <n>', 'at most this many leads', count('--lead-limit', 1), 10),
    false,
  )
    .option('--json', 'print the outcomes as JSON')
    .action(async (opts: RoutingFlags & { leadLimit: number }) => {
      const c = ctx();
      const outcomes = await autoDispatchBacklog(delegationDeps(c), { leadLimit: opts.leadLimit, ...routing(opts) });
      if (opts.json) return printJson(c.io, outcomes);
      c.io.out(renderDispatch(outcomes));
    });

  addRoutingOptions(
    program
      .command('rebalance-team')
      .description("Move queued handoffs off a lead's backed-up delegates")
      .argument('<session>', 'the lead: session id, prefix or `latest`')
      .option('--limit <n>', 'at most this many handoffs', count('--limit', 1), 5),
    false,
  )
    .option('--json', 'print the outcomes as JSON')
    .action(async (ref: string, opts: RoutingFlags & { limit: number }) => {
      const c = ctx();
      const lead = c.resolveSession(ref);
      const rerouted = await rebalanceTeamBacklog(delegationDeps(c), { lead: lead.id, limit: opts.limit, ...routing(opts) });
      if (opts.json) return printJson(c.io, rerouted);
      c.io.out(renderRebalance(rerouted.length ? [{ leadSessionId: lead.id, rerouted }] : []));
    });

  addRoutingOptions(
    program
      .command('rebalance-all')
      .description('Rebalance the teams of the most recently active leads')
      .option('--lead-limit <n>', 'at most this many leads', count('--lead-limit', 1), 10),
    false,
  )
    .option('--json', 'print the outcomes as JSON')
    .action(async (opts: RoutingFlags & { leadLimit: number }) => {
      const c = ctx();
      const outcomes = await rebalanceAllTeams(delegationDeps(c), { leadLimit: opts.leadLimit, ...routing(opts) });
      if (opts.json) return printJson(c.io, outcomes);
      c.io.out(renderRebalance(outcomes));
    });

  addRoutingOptions(
    program
      .command('coordinate-backlog')
      .description('Dispatch inboxes, then rebalance teams, and report the backlog left')
      .option('--lead-limit <n>', 'at most this many leads per pass', count('--lead-limit', 1), 10)
      .option('--until-healthy', 'repeat passes until no backlog is left or a pass moves nothing')
      .option('--max-passes <n>', 'with --until-healthy, at most this many passes', count('--max-passes', 1), 5)
      .option('--check', 'exit 1 when backlog remains that teams can absorb, 2 when some is saturated'),
    false,
  )
    .option('--json', 'print the outcome as JSON')
    .action(async (opts: RoutingFlags & { leadLimit: number; untilHealthy?: boolean; maxPasses: number; check?: boolean }) => {
      const c = ctx();
      const deps = delegationDeps(c);
      const req = { leadLimit: opts.leadLimit, ...routing(opts) };
      const passes = opts.untilHealthy ? (await coordinateUntilHealthy(deps, req, opts.maxPasses)).passes : [await coordinateBacklog(deps, req)];
      const last = passes[passes.length - 1] as CoordinateBacklogOutcome;
      if (opts.json) printJson(c.io, opts.untilHealthy ? { passes, healthy: last.remainingBacklogMessages === 0 } : last);
      else c.io.out(passes.map((p, i) => (passes.length > 1 ? `Pass ${i + 1}:\n${renderCoordinatePass(p)}` : renderCoordinatePass(p))).join('\n'));
      if (opts.check) {
        checkExit(passHealth(last), `${last.remainingBacklogMessages} handoff(s) still unread across ${last.remainingBacklogSessions} session(s)`);
      }
    });

  program
    .command('coordination-status')
    .description('Global handoff backlog, coordination mode and daemon activity')
    .option('--check', 'exit 1 when backlog is absorbable, 2 when saturated or escalation is required')
    .option('--json', 'print the status as JSON')
    .action((opts: { check?: boolean; json?: boolean }) => {
      const c = ctx();
      const status = getCoordinationStatus(delegationDeps(c));
      if (opts.json) printJson(c.io, status);
      else c.io.out(renderCoordinationStatus(status).replace(/\n$/, ''));
      if (opts.check) {
        checkExit(
          status.health,
          `${status.backlogMessages} handoff(s) waiting in ${status.backlogLeads} inbox(es); run \`switchyard coordinate-backlog\``,
        );
      }
    });

  program
    .command('team')
    .description('The delegation tree under a session, by lane, with handoff backlogs')
    .argument('[session]', 'session id, prefix or `latest`', 'latest')
    .option('--depth <n>', 'levels of delegates to show', count('--depth', 1), 2)
    .option('--json', 'print the team as JSON')
    .action((ref: string, opts: { depth: number; json?: boolean }) => {
      const c = ctx();
      const team = getTeamStatus(c.store(), c.resolveSession(ref), opts.depth);
      if (opts.json) return printJson(c.io, team);
      c.io.out(renderTeamStatus(team).replace(/\n$/, ''));
    });

  program
    .command('log-decision')
    .description('Record a decision a session made, with its reasoning and the alternatives')
    .argument('[session]', 'session id, prefix or `latest`', 'latest')
    .requiredOption('--decision <text>', 'what was decided')
    .option('--reasoning <text>', 'why', '')
    .option('--alternative <text>', 'an option that was not taken (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--json', 'print the entry as JSON')
    .action((ref: string, opts: { decision: string; reasoning: string; alternative: string[]; json?: boolean }) => {
      const c = ctx();
      if (!opts.decision.trim()) throw new UsageError('--decision must not be empty');
      const session = c.resolveSession(ref);
      const store = c.store();
      const entry = store.insertDecision(session.id, opts.decision, opts.alternative, opts.reasoning);
      // Mirrored into the context graph so delegate matching and the graph view see it.
      store.upsertContextEntity({
        sessionId: session.id,
        entityType: 'decision',
        name: opts.decision,
        summary: opts.reasoning,
        metadata: opts.alternative.length ? { alternatives: opts.alternative.join('; ') } : {},
      });
      if (opts.json) return printJson(c.io, entry);
      c.io.out(`Logged decision #${entry.id} for ${session.id}: ${entry.decision}`);
    });

  program
    .command('decisions')
    .description('Decisions logged by a session (or all sessions), newest first')
    .argument('[session]', 'session id, prefix or `latest`', 'latest')
    .option('--all', 'decisions of every session')
    .option('--limit <n>', 'at most this many', count('--limit', 1), 20)
    .option('--json', 'print JSON')
    .action((ref: string, opts: { all?: boolean; limit: number; json?: boolean }) => {
      const c = ctx();
      const store = c.store();
      const entries = opts.all ? store.listRecentDecisions(opts.limit) : store.listDecisionsForSession(c.resolveSession(ref).id, opts.limit);
      if (opts.json) return printJson(c.io, entries);
      if (entries.length === 0) return c.io.out('No decisions logged.');
      c.io.out(
        entries
          .map((e) => {
            const lines = [`#${e.id} ${e.timestamp} ${e.sessionId}: ${e.decision}`];
            if (e.reasoning) lines.push(`  why: ${e.reasoning}`);
            if (e.alternatives.length) lines.push(`  alternatives: ${e.alternatives.join(', ')}`);
            return lines.join('\n');
          })
          .join('\n'),
      );
    });
}

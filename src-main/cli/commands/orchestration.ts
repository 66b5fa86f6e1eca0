// Orchestration commands: template, schedule, remote, daemon and events.
import type { Command } from 'commander';
import { Option } from 'commander';
import { createDaemonDeps, Daemon, type TickReport } from '../../engine/daemon';
import { createConfigReloader } from '../../engine/config';
import { delegationAssignPort, engineDaemonSlots } from '../../engine/daemon/wiring';
import { sessionLauncher } from '../../engine/dispatch/launcher';
import {
  createComputerUseRequest,
  createRemoteDispatchRequest,
  DEFAULT_INTAKE_BIND,
  INTAKE_TOKEN_ENV,
  intakeToken,
  isLoopback,
  parseBind,
  runRemoteDispatchRequests,
  startRemoteIntake,
} from '../../engine/dispatch';
import { createEventBus, toStoredEvent } from '../../engine/events';
import { TASK_PRIORITIES, type RemoteDispatchRequest, type ScheduledTask, type TaskPriority } from '../../engine/model';
import { createScheduledTask, deleteScheduledTask, runDueSchedules } from '../../engine/scheduler';
import { launchOrchestrationTemplate, parseTemplateVariables } from '../../engine/templates';
import type { CliContext } from '../context';
import { CliError, UsageError } from '../errors';
import { formatTable, printJson } from '../io';
import type { ContextFactory } from '../program';
import { registerRemoteRequestCommands } from './remote-requests';

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive whole number, found "${value}"`);
    return n;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Engine refusals (bad cron, unknown profile, no such session) are the user's to fix: exit 1 with the message. */
function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

function depsWithEvents(c: CliContext) {
  const deps = c.sessionDeps();
  deps.runner.cwd = c.cwd;
  return { deps, events: createEventBus(deps.store) };
}

interface WorkOptions {
  agent?: string;
  profile?: string;
  worktree?: boolean;
  project?: string;
  taskGroup?: string;
  json?: boolean;
}

function workOptions(cmd: Command): Command {
  return cmd
    .option('-a, --agent <agent>', 'claude, codex, opencode, gemini, a configured harness runner, or auto')
    .option('--profile <name>', 'agent profile from the config')
    .option('-w, --worktree', 'run in a new git worktree')
    .option('--no-worktree', 'run in the working directory itself')
    .option('--project <label>', 'project label (default: the folder name)')
    .option('--task-group <label>', 'task group label (default: the task)');
}

function scheduleRow(s: ScheduledTask): string[] {
  return [String(s.id), s.cronExpr, s.nextRunAt, s.lastRunAt ?? '-', s.agentType, s.task];
}

function requestRow(r: RemoteDispatchRequest): string[] {
  return [String(r.id), r.status, r.priority, r.requestKind, r.targetSessionId ?? '-', r.resultSessionId ?? '-', r.task.split('\n')[0] ?? ''];
}

function registerTemplate(program: Command, ctx: ContextFactory): void {
  program
    .command('template')
    .description('Launch an orchestration template: one session per step, handoffs from the anchor')
    .argument('<name>', 'template name ([orchestration_templates.<name>] in the config)')
    .option('-t, --task <task>', 'the task, available to steps as {{task}}')
    .option('--from-session <id>', 'anchor the steps on this session (id, prefix or `latest`)')
    .option('--var <key=value>', 'a template variable (repeatable)', collect)
    .option('--over-budget', 'launch even though a hard budget (token_budget, cost_budget_usd) is spent')
    .option('--json', 'print the outcome as JSON')
    .action(async (name: string, opts: { task?: string; fromSession?: string; var?: string[]; json?: boolean; overBudget?: boolean }) => {
      const c = ctx();
      const { deps, events } = depsWithEvents(c);
      const variables = engine(() => parseTemplateVariables(opts.var ?? []));
      const outcome = await launchOrchestrationTemplate(
        { store: deps.store, config: deps.config, events, launch: sessionLauncher(deps) },
        { templateName: name, cwd: c.cwd, ...(opts.fromSession ? { sourceSession: opts.fromSession } : {}), ...(opts.task !== undefined ? { task: opts.task } : {}), variables, ...(opts.overBudget ? { overBudget: true } : {}) },
      ).catch((error: unknown) => {
        throw new CliError(error instanceof Error ? error.message : String(error));
      });
      if (opts.json) return printJson(c.io, outcome);
      c.io.out(`Launched template ${outcome.templateName}: ${outcome.stepCount} session(s), anchor ${outcome.anchorSessionId ?? '-'}`);
      for (const s of outcome.created) c.io.out(`  ${s.sessionId}  ${s.stepName}`);
    });
}

function registerSchedule(program: Command, ctx: ContextFactory): void {
  const schedule = program.command('schedule').description('Cron schedules that start sessions (evaluated in UTC; day of week 0-7, Sunday = 0 or 7)');

  workOptions(
    schedule
      .command('add')
      .description('Add a schedule; the current directory is where its sessions run')
      .requiredOption('--cron <expr>', '5 fields (min hour dom month dow), 6 (with seconds first) or 7 (with a year last)')
      .requiredOption('-t, --task <task>', 'what each session should do'),
  )
    .option('--json', 'print the schedule as JSON')
    .action((opts: WorkOptions & { cron: string; task: string }) => {
      const c = ctx();
      const { config } = c.config();
      const store = c.store();
      const created = engine(() =>
        createScheduledTask(
          { store, config },
          { cronExpr: opts.cron, task: opts.task, cwd: c.cwd, agent: opts.agent, profile: opts.profile, useWorktree: opts.worktree, project: opts.project, taskGroup: opts.taskGroup },
        ),
      );
      if (opts.json) return printJson(c.io, created);
      c.io.out(`Added schedule ${created.id} (${created.cronExpr}); next run ${created.nextRunAt}`);
    });

  schedule
    .command('list')
    .description('List schedules, next due first')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const c = ctx();
      const rows = c.store().listScheduledTasks();
      if (opts.json) return printJson(c.io, rows);
      if (rows.length === 0) return c.io.out('No schedules. Add one with `switchyard schedule add --cron "*/15 * * * *" --task "..."`.');
      c.io.out(formatTable(['ID', 'CRON', 'NEXT RUN', 'LAST RUN', 'AGENT', 'TASK'], rows.map(scheduleRow)));
    });

  schedule
    .command('remove')
    .description('Remove a schedule')
    .argument('<id>', 'schedule id', positiveInt('<id>'))
    .action((id: number) => {
      const c = ctx();
      if (!deleteScheduledTask(c.store(), id)) throw new CliError(`Schedule not found: ${id} (list them with \`switchyard schedule list\`)`);
      c.io.out(`Removed schedule ${id}.`);
    });

  schedule
    .command('run-due')
    .description('Start a session for every schedule that is due (once each, however many runs were missed)')
    .option('--limit <n>', 'at most this many schedules', positiveInt('--limit'), 10)
    .option('--over-budget', 'start them even though a hard budget (token_budget, cost_budget_usd) is spent')
    .option('--json', 'print the outcomes as JSON')
    .action(async (opts: { limit: number; json?: boolean; overBudget?: boolean }) => {
      const c = ctx();
      const { deps, events } = depsWithEvents(c);
      const outcomes = await runDueSchedules({ store: deps.store, config: deps.config, events, launch: sessionLauncher(deps), home: deps.home, runner: deps.runner }, opts.limit, {
        overBudget: opts.overBudget,
      });
      if (opts.json) return printJson(c.io, outcomes);
      if (outcomes.length === 0) return c.io.out('No schedules are due.');
      for (const o of outcomes) {
        c.io.out(o.status === 'started' ? `schedule ${o.scheduleId}: started ${o.sessionId}; next run ${o.nextRunAt}` : `schedule ${o.scheduleId}: failed: ${o.error}; next run ${o.nextRunAt}`);
      }
    });
}

function priorityOption(): Option {
  return new Option('--priority <priority>', 'queue priority').choices(TASK_PRIORITIES).default('normal');
}

function registerRemote(program: Command, ctx: ContextFactory): void {
  const remote = program.command('remote').description('Remote dispatch: queue work, run the queue, serve the HTTP intake');

  workOptions(remote.command('add').description('Queue a remote dispatch request').requiredOption('-t, --task <task>', 'the work'))
    .option('--to-session <id>', 'route the work through this lead session')
    .addOption(priorityOption())
    .option('--over-budget', 'queue it, and launch it, even though a hard budget is spent')
    .option('--json', 'print the request as JSON')
    .action((opts: WorkOptions & { task: string; toSession?: string; priority: TaskPriority; overBudget?: boolean }) => {
      const c = ctx();
      const { deps, events } = depsWithEvents(c);
      const request = engine(() =>
        createRemoteDispatchRequest(
          { store: deps.store, config: deps.config, events },
          { task: opts.task, targetSession: opts.toSession, priority: opts.priority, agent: opts.agent, profile: opts.profile, useWorktree: opts.worktree, project: opts.project, taskGroup: opts.taskGroup, cwd: c.cwd, source: 'cli', ...(opts.overBudget ? { overBudget: true } : {}) },
        ),
      );
      if (opts.json) return printJson(c.io, request);
      c.io.out(`Queued remote request ${request.id} (${request.priority}).`);
    });

  workOptions(
    remote
      .command('computer-use')
      .description('Queue a computer-use request (a browser or desktop goal, rendered into an agent task)')
      .requiredOption('--goal <goal>', 'what to achieve'),
  )
    .option('--target-url <url>', 'where to start')
    .option('--context <text>', 'extra context for the agent')
    .option('--to-session <id>', 'route the work through this lead session')
    .addOption(priorityOption())
    .option('--json', 'print the request as JSON')
    .action((opts: WorkOptions & { goal: string; targetUrl?: string; context?: string; toSession?: string; priority: TaskPriority }) => {
      const c = ctx();
      const { deps, events } = depsWithEvents(c);
      const request = engine(() =>
        createComputerUseRequest(
          { store: deps.store, config: deps.config, events },
          {
            goal: opts.goal,
            targetUrl: opts.targetUrl,
            context: opts.context,
            targetSession: opts.toSession,
            priority: opts.priority,
            agent: opts.agent,
            profile: opts.profile,
            useWorktree: opts.worktree,
            project: opts.project,
            taskGroup: opts.taskGroup,
            cwd: c.cwd,
            source: 'cli',
          },
        ),
      );
      if (opts.json) return printJson(c.io, request);
      c.io.out(`Queued computer-use request ${request.id} (${request.priority}).`);
    });

  remote
    .command('list')
    .description('List pending requests (highest priority first); --all includes dispatched, failed and cancelled ones')
    .option('--all', 'include processed requests')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 20)
    .option('--json', 'print as JSON')
    .action((opts: { all?: boolean; limit: number; json?: boolean }) => {
      const c = ctx();
      const rows = c.store().listRemoteDispatchRequests(Boolean(opts.all), opts.limit);
      if (opts.json) return printJson(c.io, rows);
      if (rows.length === 0) return c.io.out(opts.all ? 'No remote requests.' : 'No pending remote requests.');
      c.io.out(formatTable(['ID', 'STATUS', 'PRIORITY', 'KIND', 'TARGET', 'SESSION', 'TASK'], rows.map(requestRow)));
    });

  registerRemoteRequestCommands(remote, ctx);

  remote
    .command('run')
    .description('Dispatch pending requests now (highest priority first)')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 10)
    .option('--json', 'print the outcomes as JSON')
    .action(async (opts: { limit: number; json?: boolean }) => {
      const c = ctx();
      const { deps, events } = depsWithEvents(c);
      const outcomes = await runRemoteDispatchRequests({ store: deps.store, config: deps.config, events, launch: sessionLauncher(deps), assign: delegationAssignPort(deps) }, opts.limit);
      if (opts.json) return printJson(c.io, outcomes);
      if (outcomes.length === 0) return c.io.out('No pending remote requests.');
      for (const o of outcomes) {
        const what =
          o.result === 'failed' ? `failed: ${o.error}` : o.result === 'deferred_saturated' ? 'deferred (team saturated)' : o.result === 'deferred_budget' ? `kept pending: ${o.reason}` : `${o.result === 'assigned' ? o.action : o.result} ${o.sessionId ?? ''}`.trim();
        c.io.out(`request ${o.requestId} (${o.priority}): ${what}`);
      }
    });

  remote
    .command('serve')
    .description('Serve the HTTP intake: GET /health, POST /dispatch, POST /computer-use (Bearer token required)')
    .option('--bind <host:port>', 'address to listen on (loopback by default)', DEFAULT_INTAKE_BIND)
    .option('--token-file <file>', `file holding the bearer token clients must send, readable only by you (chmod 600); default $${INTAKE_TOKEN_ENV}`)
    // Still parsed, so the old flag gets an error naming its replacements rather than "unknown option".
    .addOption(new Option('--token <token>').hideHelp())
    .action(async (opts: { bind: string; token?: string; tokenFile?: string }) => {
      const c = ctx();
      const source = intakeToken({ env: c.env, cwd: c.cwd, ...(opts.tokenFile !== undefined ? { tokenFile: opts.tokenFile } : {}), ...(opts.token !== undefined ? { argvToken: opts.token } : {}) });
      if (!source.ok) throw new UsageError(source.error);
      const token = source.token;
      const { host } = engine(() => parseBind(opts.bind));
      const { deps, events } = depsWithEvents(c);
      const intakeDeps = { store: deps.store, config: deps.config, events, home: deps.home };
      // Budget edits apply to the next request: the config files are stat'ed every second.
      const reloader = createConfigReloader({ home: c.home, cwd: c.cwd, ...(c.globals.config ? { configFile: c.globals.config } : {}) }, (l) => {
        intakeDeps.config = l.config;
      });
      const timer = setInterval(() => reloader.check(), 1000);
      timer.unref();
      const intake = await startRemoteIntake(intakeDeps, { bind: opts.bind, token, cwd: c.cwd, log: (l) => c.io.err(l) });
      if (!isLoopback(host)) c.io.err(`switchyard: warning: the intake listens on ${host}, reachable from other machines; keep the token secret`);
      c.io.out(`Remote intake listening on ${intake.url} (POST /dispatch, POST /computer-use, GET /health)`);
      await untilSignal();
      clearInterval(timer);
      await intake.close();
    });
}

/** Resolves on SIGINT or SIGTERM (the headless commands run until then). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

function summarize(report: TickReport): string {
  const parts = report.steps.map((s) => (s.status === 'ok' ? s.name : `${s.name}:${s.status}`));
  return `tick ${report.tick} (${report.durationMs.toFixed(1)} ms): ${parts.join(', ')}`;
}

function registerDaemon(program: Command, ctx: ContextFactory): void {
  program
    .command('daemon')
    .description('Run the background loop (policies, schedules, remote dispatch, ...) until interrupted')
    .option('--once', 'run one tick and exit')
    .option('--interval <seconds>', 'seconds between ticks (default heartbeat_interval_secs)', positiveInt('--interval'))
    .option('--json', 'print each tick report as one JSON line')
    .action(async (opts: { once?: boolean; interval?: number; json?: boolean }) => {
      const c = ctx();
      const { deps, events } = depsWithEvents(c);
      const daemonDeps = createDaemonDeps(deps, { events, assign: delegationAssignPort(deps), log: (l) => c.io.err(l) });
      const print = (r: TickReport) => (opts.json ? c.io.out(JSON.stringify(r)) : c.io.out(summarize(r)));
      // Config edits apply from the next tick: the files are stat'ed before each one, re-read when changed.
      const reloader = createConfigReloader(
        { home: c.home, cwd: c.cwd, ...(c.globals.config ? { configFile: c.globals.config } : {}) },
        (l) => {
          deps.config = l.config;
          c.io.err('switchyard: configuration reloaded');
        },
        (e) => c.io.err(`switchyard: the edited configuration was not applied (keeping the previous one): ${e instanceof Error ? e.message : String(e)}`),
      );
      const daemon = await Daemon.start(daemonDeps, {
        beforeTick: () => reloader.check(),
        loop: !opts.once,
        owner: 'switchyard daemon',
        slots: engineDaemonSlots(deps),
        ...(opts.interval ? { intervalMs: opts.interval * 1000 } : {}),
        onTick: print,
      }).catch((error: unknown) => {
        throw new CliError(error instanceof Error ? error.message : String(error));
      });
      try {
        if (opts.once) await daemon.tick();
        else {
          if (!opts.json) c.io.err(`switchyard: daemon running (pid ${process.pid}, every ${daemon.intervalMs / 1000}s); Ctrl-C stops it`);
          await untilSignal();
        }
      } finally {
        await daemon.stop();
      }
    });
}

function registerEvents(program: Command, ctx: ContextFactory): void {
  program
    .command('events')
    .description('Show engine events (stale sessions, budget alerts and stops, conflicts, schedules, remote dispatch)')
    .option('--kind <kind>', 'only this kind (repeatable)', collect)
    .option('--session <id>', 'only events about this session')
    .option('--since <id>', 'only events after this event id', (v) => Number(v))
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 50)
    .option('--json', 'print as JSON')
    .action((opts: { kind?: string[]; session?: string; since?: number; limit: number; json?: boolean }) => {
      const c = ctx();
      const rows = c
        .store()
        .listEvents({ kinds: opts.kind, ...(opts.session ? { sessionId: c.resolveSession(opts.session).id } : {}), ...(opts.since !== undefined ? { afterId: opts.since } : {}), limit: opts.limit })
        .map(toStoredEvent);
      if (opts.json) return printJson(c.io, rows);
      if (rows.length === 0) return c.io.out('No events.');
      for (const e of rows) c.io.out(`${e.id}  ${e.createdAt}  ${e.kind}  ${e.sessionId ?? '-'}  ${JSON.stringify(e.payload)}`);
    });
}

export function registerOrchestrationCommands(program: Command, ctx: ContextFactory): void {
  registerTemplate(program, ctx);
  registerSchedule(program, ctx);
  registerRemote(program, ctx);
  registerDaemon(program, ctx);
  registerEvents(program, ctx);
}

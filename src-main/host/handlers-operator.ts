// Handlers of the operator views' operations (src-main/api/ops-operator.ts): thin calls into the
// scheduler, remote dispatch, templates, the views engine and the comment-preserving config editor.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { OperationOutput } from '../api';
import type { FieldError, operatorOperations } from '../api/ops-operator';
import { ConfigError, findProjectConfig, loadConfig, resolveAgentProfile, USER_CONFIG_NAME } from '../engine/config';
import { setConfigValues, type ConfigChange } from '../engine/config/edit';
import { flatten } from '../engine/config/keys';
import type { Config, LoadedConfig, OrchestrationTemplateConfig } from '../engine/config/types';
import { errorMessage, sessionLauncher } from '../engine/dispatch/launcher';
import { cancelRemoteDispatchRequest, listRemoteDispatchRequests, retryRemoteDispatchRequest } from '../engine/dispatch';
import { createEventBus, type EventBus } from '../engine/events';
import { createScheduledTask, deleteScheduledTask, listScheduledTasks } from '../engine/scheduler';
import { launchOrchestrationTemplate } from '../engine/templates';
import { allowDeniedAndRerun } from '../engine/sessions/allow';
import { answerQuery, approvalQueue, budgetOverview, describeConfigSchema, previewCron, resolveConflict, runScheduleNow, spendSeries, toolLogView } from '../engine/views';
import { SessionError } from '../engine/sessions/errors';
import type { HandlerContext, HandlersFor } from './handlers';

type Out<K extends keyof typeof operatorOperations> = OperationOutput<K>;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g;
// What buildTemplateVariables fills when the form leaves them empty.
const AUTOMATIC = new Set(['cwd', 'project', 'task', 'task_group', 'source_task', 'source_project', 'source_task_group', 'source_agent']);

/** Every `{{ var }}` in the template's strings (description, defaults, each step's fields). */
export function templateVariables(template: OrchestrationTemplateConfig): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const m of value.matchAll(PLACEHOLDER)) names.add(m[1] as string);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(template);
  return [...names].sort();
}

/** The names in the engine's "missing orchestration template variable(s): a, b" message. */
function missingVariables(message: string): string[] {
  const m = /missing orchestration template variable\(s\): ([^\n]+)/.exec(message);
  return m?.[1] ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function absolute(ctx: HandlerContext, dir: string | undefined): string {
  if (!dir) return ctx.cwd;
  return isAbsolute(dir) ? dir : resolve(ctx.cwd, dir);
}

/** The user config file the settings view writes: the host's --config file, else `<home>/config.toml`. */
function userConfigFile(ctx: HandlerContext): string {
  const explicit = ctx.deps.runner.configFile;
  return explicit ? resolve(ctx.cwd, explicit) : join(ctx.deps.home, USER_CONFIG_NAME);
}

/** The host's configuration read again (same files, same --config). */
export function reload(ctx: HandlerContext): LoadedConfig {
  const file = ctx.deps.runner.configFile;
  return loadConfig({ home: ctx.deps.home, cwd: ctx.cwd, ...(file ? { configFile: file } : {}) });
}

function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
}

function profileBudgets(ctx: HandlerContext, overview: ReturnType<typeof budgetOverview>): Out<'budgetOverview'>['profiles'] {
  const { config, store } = ctx.deps;
  const usage = new Map<string, { sessions: number; tokens: number; cost: number }>();
  for (const s of overview.sessions) {
    const name = s.profile?.name ?? store.getSessionProfile(s.sessionId)?.profileName;
    if (!name) continue;
    const u = usage.get(name) ?? { sessions: 0, tokens: 0, cost: 0 };
    usage.set(name, { sessions: u.sessions + 1, tokens: u.tokens + s.tokens, cost: u.cost + s.costUsd });
  }
  return Object.keys(config.agent_profiles)
    .sort()
    .flatMap((name) => {
      const p = resolveAgentProfile(config, name);
      if (p.token_budget === undefined && p.max_budget_usd === undefined) return [];
      const u = usage.get(p.profile_name) ?? usage.get(name) ?? { sessions: 0, tokens: 0, cost: 0 };
      return [{ name, tokenBudget: p.token_budget ?? null, maxBudgetUsd: p.max_budget_usd ?? null, sessions: u.sessions, tokensUsed: u.tokens, costUsd: Math.round(u.cost * 1e6) / 1e6 }];
    });
}

function scheduleFieldErrors(config: Config, input: { cronExpr: string; task: string; profile?: string | undefined }, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  const cron = previewCron(input.cronExpr, now, 1);
  if (!cron.ok) errors.push({ field: 'cronExpr', message: cron.error });
  if (!input.task.trim()) errors.push({ field: 'task', message: 'task is empty; describe what each session should do' });
  if (input.profile !== undefined) {
    try {
      resolveAgentProfile(config, input.profile);
    } catch (error) {
      errors.push({ field: 'profile', message: errorMessage(error) });
    }
  }
  return errors;
}

export function operatorHandlers(ctx: HandlerContext): HandlersFor<keyof typeof operatorOperations> {
  let bus: EventBus | null = null;
  const events = () => (bus ??= createEventBus(ctx.deps.store));
  const now = () => (ctx.deps.now ? ctx.deps.now() : new Date());
  // Read per call: a settings save replaces ctx.deps.config.
  const schedulerDeps = () => ({ store: ctx.deps.store, config: ctx.deps.config, events: events(), launch: sessionLauncher(ctx.deps), home: ctx.deps.home, runner: ctx.deps.runner });

  return {
    listSchedules: () => ({ schedules: listScheduledTasks(ctx.deps.store) }),
    previewCron: ({ expr, count }) => previewCron(expr, now(), count ?? 5),
    addSchedule: (input) => {
      const errors = scheduleFieldErrors(ctx.deps.config, input, now());
      if (errors.length > 0) return { ok: false, errors };
      try {
        const schedule = createScheduledTask(
          { store: ctx.deps.store, config: ctx.deps.config, now },
          { ...input, cwd: absolute(ctx, input.cwd) },
        );
        return { ok: true, schedule };
      } catch (error) {
        return { ok: false, errors: [{ field: 'form', message: errorMessage(error) }] };
      }
    },
    removeSchedule: ({ id }) => ({ removed: deleteScheduledTask(ctx.deps.store, id) }),
    runScheduleNow: async ({ id, overBudget }) => {
      if (!ctx.deps.store.getScheduledTask(id)) throw new SessionError(`schedule ${id} does not exist; reload the schedules`);
      const outcome = await runScheduleNow(schedulerDeps(), id, { overBudget });
      ctx.changed();
      return outcome;
    },
    retryDispatchRequest: ({ id }) => retryRemoteDispatchRequest(ctx.deps, id),
    cancelDispatchRequest: ({ id }) => cancelRemoteDispatchRequest(ctx.deps, id),
    listDispatchRequests: ({ limit }) => ({ requests: listRemoteDispatchRequests(ctx.deps.store, true, limit ?? 200) }),
    listTemplates: () => ({
      cwd: ctx.cwd,
      templates: Object.entries(ctx.deps.config.orchestration_templates)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, t]) => {
          const variables = templateVariables(t);
          return {
            name,
            description: t.description ?? null,
            steps: t.steps.map((s) => ({ name: s.name ?? null, task: s.task })),
            variables,
            automatic: variables.filter((v) => AUTOMATIC.has(v)),
          };
        }),
    }),
    launchTemplate: async ({ name, variables, task, sourceSession, cwd, overBudget }) => {
      const filled = Object.fromEntries(Object.entries(variables ?? {}).filter(([, v]) => v !== ''));
      const before = ctx.deps.store.countSessionsInStates(['pending', 'running', 'idle', 'stale']);
      try {
        const outcome = await launchOrchestrationTemplate(
          { ...schedulerDeps() },
          { templateName: name, cwd: absolute(ctx, cwd), variables: filled, ...(task?.trim() ? { task } : {}), ...(sourceSession ? { sourceSession } : {}), ...(overBudget ? { overBudget } : {}) },
        );
        ctx.changed();
        return { ok: true, templateName: outcome.templateName, anchorSessionId: outcome.anchorSessionId, created: outcome.created };
      } catch (error) {
        // A failure part-way leaves the sessions already started (the engine does not roll back).
        if (ctx.deps.store.countSessionsInStates(['pending', 'running', 'idle', 'stale']) !== before) ctx.changed();
        const message = errorMessage(error);
        return { ok: false, error: message, missing: missingVariables(message) };
      }
    },
    spendTotal: () => {
      const totals = ctx.deps.store.sessionUsageTotals();
      return { tokens: totals.tokens, costUsd: totals.costUsd };
    },
    budgetOverview: () => {
      const overview = budgetOverview(ctx.deps.store, ctx.deps.config);
      return { ...overview, profiles: profileBudgets(ctx, overview) };
    },
    spendSeries: ({ bucketSecs, since, until, maxBuckets }) => {
      try {
        return { buckets: spendSeries(ctx.deps.store, { bucketSecs, since, ...(until ? { until } : {}), ...(maxBuckets ? { maxBuckets } : {}) }) };
      } catch (error) {
        throw new SessionError(errorMessage(error));
      }
    },
    approvalQueue: () => approvalQueue(ctx.deps.store),
    allowDenied: async ({ sessionId, denialIds, overBudget }) => {
      const out = await allowDeniedAndRerun(ctx.deps, sessionId, { ids: denialIds, overBudget });
      ctx.changed();
      return { sessionId: out.session.id, rules: out.rules };
    },
    resolveConflict: async ({ incidentId, resolution }) => {
      try {
        const out = await resolveConflict(ctx.deps, incidentId, resolution);
        ctx.changed();
        return { incident: out.incident, resumedSessionId: out.resumed?.id ?? null, notesRead: out.notesRead };
      } catch (error) {
        if (error instanceof SessionError) throw error;
        throw new SessionError(errorMessage(error));
      }
    },
    answerQuery: async ({ messageId, answer }) => {
      try {
        const out = await answerQuery(ctx.deps, messageId, answer);
        ctx.changed();
        return { responseId: out.response.id, delivery: out.delivery };
      } catch (error) {
        throw new SessionError(errorMessage(error));
      }
    },
    toolLog: ({ sessionId, page, pageSize }) => {
      const s = ctx.deps.store.getSession(sessionId);
      if (!s) throw new SessionError(`Session not found: ${sessionId}`);
      return toolLogView(ctx.deps.store, ctx.deps.config, s.id, page ?? 1, pageSize ?? 50);
    },
    getSettings: () => {
      const file = userConfigFile(ctx);
      const warnings: string[] = [];
      let loaded: LoadedConfig | null = null;
      try {
        loaded = reload(ctx);
        warnings.push(...loaded.warnings.map((w) => w.message));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        warnings.push(`${error.message} (showing the configuration the host started with)`);
      }
      const config = loaded?.config ?? ctx.deps.config;
      const values: Record<string, unknown> = {};
      for (const [key, value] of flatten(plain(config))) values[key] = value;
      const sources: Record<string, string> = {};
      for (const [key, source] of Object.entries(loaded?.sources ?? {})) sources[key] = source.file ?? 'default';
      const entries = (table: Record<string, unknown>) => Object.fromEntries(Object.entries(plain(table)).map(([k, v]) => [k, plain(v)]));
      return {
        file,
        fileExists: existsSync(file),
        projectFile: findProjectConfig(ctx.cwd) ?? null,
        fields: describeConfigSchema(ctx.deps.home),
        values,
        sources,
        profiles: entries(config.agent_profiles),
        runners: entries(config.harness_runners),
        warnings,
      };
    },
    setConfigValues: ({ changes }) => {
      const file = userConfigFile(ctx);
      const edits: ConfigChange[] = changes.map((c) => ({ key: c.key, value: c.remove ? undefined : c.value }));
      const result = setConfigValues(file, edits, ctx.deps.home);
      const warnings = result.warnings.map((w) => w.message);
      if (!result.ok) return { ok: false, errors: result.errors, warnings, file };
      // New sessions started by this host use the saved configuration from now on.
      try {
        ctx.deps.config = reload(ctx).config;
      } catch (error) {
        warnings.push(`saved, but the host keeps its previous configuration: ${errorMessage(error)}`);
      }
      return { ok: true, errors: [], warnings, file };
    },
  };
}

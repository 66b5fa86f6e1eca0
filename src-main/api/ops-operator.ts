// Operations of the operator views (schedules, dispatch, templates, budgets, approvals, tool log,
// settings). Spread into `operations`. Shapes mirror the engine's (src-main/engine/views and model)
// without importing them: the renderer shares this file.
import { z } from 'zod';
import { absolutePath, pathVariables } from './paths';
import { sessionStateSchema } from './schemas';

const empty = z.strictObject({}).optional().default({});
const rowId = z.number().int().min(1);
const sessionId = z.string().trim().min(1, 'a session id is required').max(200);

// ---------------------------------------------------------------------------------------------
// Schedules, remote dispatch, templates.

export const scheduleSchema = z.object({
  id: z.number(),
  cronExpr: z.string(),
  task: z.string(),
  agentType: z.string(),
  profileName: z.string().nullable(),
  workingDir: z.string(),
  project: z.string(),
  taskGroup: z.string(),
  useWorktree: z.boolean(),
  lastRunAt: z.string().nullable(),
  nextRunAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const cronPreviewSchema = z.union([z.object({ ok: z.literal(true), next: z.array(z.string()) }), z.object({ ok: z.literal(false), error: z.string() })]);
export type CronPreviewResult = z.infer<typeof cronPreviewSchema>;

export const addScheduleInputSchema = z.strictObject({
  cronExpr: z.string().max(500),
  task: z.string().max(100_000),
  agent: z.string().trim().min(1).max(100).optional(),
  profile: z.string().trim().min(1).max(100).optional(),
  useWorktree: z.boolean().optional(),
  project: z.string().trim().min(1).max(200).optional(),
  taskGroup: z.string().trim().min(1).max(200).optional(),
  /** Folder the sessions run in (absolute); default: the folder the host was started from. */
  cwd: absolutePath().optional(),
});
export type AddScheduleInput = z.infer<typeof addScheduleInputSchema>;

/** A problem the form shows beside one of its fields (`field` names the input key). */
export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const scheduleRunSchema = z.object({
  scheduleId: z.number(),
  task: z.string(),
  cronExpr: z.string(),
  status: z.enum(['started', 'failed']),
  sessionId: z.string().optional(),
  error: z.string().optional(),
  nextRunAt: z.string(),
});

export const dispatchRequestSchema = z.object({
  id: z.number(),
  requestKind: z.enum(['standard', 'computer_use']),
  targetSessionId: z.string().nullable(),
  task: z.string(),
  targetUrl: z.string().nullable(),
  priority: z.string(),
  agentType: z.string(),
  profileName: z.string().nullable(),
  workingDir: z.string(),
  project: z.string(),
  taskGroup: z.string(),
  useWorktree: z.boolean(),
  source: z.string(),
  requester: z.string().nullable(),
  status: z.enum(['pending', 'dispatched', 'failed', 'cancelled']),
  resultSessionId: z.string().nullable(),
  resultAction: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  dispatchedAt: z.string().nullable(),
});
export type DispatchRequest = z.infer<typeof dispatchRequestSchema>;

export const templateSummarySchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  steps: z.array(z.object({ name: z.string().nullable(), task: z.string() })),
  /** Every `{{ var }}` named anywhere in the template's text, sorted. */
  variables: z.array(z.string()),
  /** Of those, the ones the engine fills itself when left empty (cwd, project, task, ...). */
  automatic: z.array(z.string()),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const launchTemplateInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'pick a template').max(200),
  /** `cwd`, when given, is a folder and must be absolute like the field below. */
  variables: pathVariables(z.record(z.string().min(1).max(200), z.string().max(100_000))).optional(),
  task: z.string().max(100_000).optional(),
  sourceSession: z.string().trim().min(1).max(200).optional(),
  /** Folder the sessions run in (absolute); default: the folder the host was started from. */
  cwd: absolutePath().optional(),
  /** Launch even though a hard budget is spent. */
  overBudget: z.boolean().optional(),
});
export type LaunchTemplateInput = z.infer<typeof launchTemplateInputSchema>;

export const templateLaunchSchema = z.union([
  z.object({
    ok: z.literal(true),
    templateName: z.string(),
    anchorSessionId: z.string().nullable(),
    created: z.array(z.object({ stepName: z.string(), sessionId: z.string(), task: z.string() })),
  }),
  /** Nothing started (a missing variable, too few session slots, an unknown profile) or only part of it. */
  z.object({ ok: z.literal(false), error: z.string(), missing: z.array(z.string()) }),
]);
export type TemplateLaunch = z.infer<typeof templateLaunchSchema>;

// ---------------------------------------------------------------------------------------------
// Budgets, approvals, tool log.

const budgetLevelSchema = z.enum(['advisory', 'warning', 'critical', 'exceeded']);
export const budgetGaugeSchema = z.object({ used: z.number(), budget: z.number(), fraction: z.number().nullable(), level: budgetLevelSchema.nullable() });
export type BudgetGaugeView = z.infer<typeof budgetGaugeSchema>;

export const budgetOverviewSchema = z.object({
  thresholds: z.object({ advisory: z.number(), warning: z.number(), critical: z.number() }),
  global: z.object({ tokens: budgetGaugeSchema, cost: budgetGaugeSchema }),
  /** Sessions whose tokens have no known price (their cost is not in the cost gauge), and why. */
  unknownCost: z.object({ sessions: z.number(), notes: z.array(z.string()) }).optional(),
  /** Of the gauges' use, what deleted sessions spent (kept so totals never drop). */
  deleted: z.object({ tokens: z.number(), costUsd: z.number() }).optional(),
  sessions: z.array(
    z.object({
      sessionId: z.string(),
      task: z.string(),
      state: sessionStateSchema,
      tokens: z.number(),
      costUsd: z.number(),
      costStatus: z.enum(['reported', 'priced', 'unknown', 'not_reported']).optional(),
      costNote: z.string().nullable().optional(),
      tokenShare: z.number().nullable(),
      costShare: z.number().nullable(),
      profile: z.object({ name: z.string(), tokens: budgetGaugeSchema }).nullable(),
    }),
  ),
  /** Configured profiles with a budget, and what their sessions used. */
  profiles: z.array(
    z.object({ name: z.string(), tokenBudget: z.number().nullable(), maxBudgetUsd: z.number().nullable(), sessions: z.number(), tokensUsed: z.number(), costUsd: z.number() }),
  ),
});
export type BudgetOverviewView = z.infer<typeof budgetOverviewSchema>;

export const spendBucketSchema = z.object({
  start: z.string(),
  end: z.string(),
  tokens: z.number(),
  costUsd: z.number(),
  tokensDelta: z.number(),
  costUsdDelta: z.number(),
});
export type SpendBucketView = z.infer<typeof spendBucketSchema>;

const sessionRefSchema = z.object({ id: z.string(), task: z.string(), state: sessionStateSchema }).nullable();
export const conflictIncidentSchema = z.object({
  id: z.number(),
  conflictKey: z.string(),
  path: z.string(),
  firstSessionId: z.string(),
  secondSessionId: z.string(),
  activeSessionId: z.string(),
  pausedSessionId: z.string(),
  firstAction: z.string(),
  secondAction: z.string(),
  strategy: z.string(),
  summary: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export const messageSchema = z.object({
  id: z.number(),
  fromSession: z.string(),
  toSession: z.string(),
  content: z.string(),
  msgType: z.string(),
  read: z.boolean(),
  priority: z.string(),
  timestamp: z.string(),
});
export const permissionDenialSchema = z.object({
  id: z.number(),
  sessionId: z.string(),
  toolName: z.string(),
  toolUseId: z.string().nullable(),
  inputJson: z.string(),
  inputSummary: z.string(),
  createdAt: z.string(),
  allowedAt: z.string().nullable(),
});
export type PermissionDenialView = z.infer<typeof permissionDenialSchema>;

export const approvalQueueSchema = z.object({
  denials: z.array(z.object({ denial: permissionDenialSchema, session: sessionRefSchema })),
  conflicts: z.array(z.object({ incident: conflictIncidentSchema, activeSession: sessionRefSchema, pausedSession: sessionRefSchema })),
  messages: z.array(
    z.object({
      message: messageSchema,
      preview: z.string(),
      question: z.string().nullable(),
      file: z.string().nullable(),
      description: z.string().nullable(),
      from: sessionRefSchema,
      to: sessionRefSchema,
    }),
  ),
});
export type ApprovalQueueView = z.infer<typeof approvalQueueSchema>;

const riskActionSchema = z.enum(['allow', 'review', 'require_confirmation', 'block']);
export type RiskActionName = z.infer<typeof riskActionSchema>;
export const toolLogSchema = z.object({
  sessionId: z.string(),
  entries: z.array(
    z.object({
      id: z.number(),
      hookEventId: z.string().nullable(),
      sessionId: z.string(),
      toolName: z.string(),
      inputSummary: z.string(),
      inputParamsJson: z.string(),
      outputSummary: z.string(),
      triggerSummary: z.string(),
      durationMs: z.number(),
      riskScore: z.number(),
      timestamp: z.string(),
      filePaths: z.array(z.string()),
      fileEvents: z.array(z.object({ path: z.string(), action: z.string(), diffPreview: z.string().nullable().optional(), patchPreview: z.string().nullable().optional() })),
      suggestedAction: riskActionSchema,
      factors: z.array(z.object({ part: z.string(), score: z.number(), matched: z.string() })),
      denied: z.boolean(),
    }),
  ),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  pages: z.number(),
  thresholds: z.object({ review: z.number(), confirm: z.number(), block: z.number() }),
  actionCounts: z.record(riskActionSchema, z.number()),
});
export type ToolLogPage = z.infer<typeof toolLogSchema>;

// ---------------------------------------------------------------------------------------------
// Settings.

export type SettingFieldShape = {
  key: string;
  type: 'bool' | 'string' | 'path' | 'int' | 'number' | 'enum' | 'stringArray' | 'stringMap' | 'tableArray' | 'table';
  default?: unknown;
  values?: readonly string[];
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  expected: string;
  description: string;
  itemFields?: SettingFieldShape[];
  required?: boolean;
  choices?: SettingChoices;
};
/** See SettingField.choices (engine/views/settings.ts): a string checked against a config-dependent list. */
export const settingChoicesSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), builtin: z.array(z.string()).readonly() }),
  z.object({ kind: z.literal('permissionMode'), byAgent: z.record(z.string(), z.array(z.string()).readonly()).readonly() }),
]);
export type SettingChoices = z.infer<typeof settingChoicesSchema>;
export const settingFieldSchema: z.ZodType<SettingFieldShape> = z.object({
  key: z.string(),
  type: z.enum(['bool', 'string', 'path', 'int', 'number', 'enum', 'stringArray', 'stringMap', 'tableArray', 'table']),
  default: z.unknown().optional(),
  values: z.array(z.string()).readonly().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minExclusive: z.boolean().optional(),
  maxExclusive: z.boolean().optional(),
  expected: z.string(),
  description: z.string(),
  get itemFields() {
    return z.array(settingFieldSchema).optional();
  },
  required: z.boolean().optional(),
  choices: settingChoicesSchema.optional(),
});
export type SettingFieldView = SettingFieldShape;

export const settingsSchema = z.object({
  /** The user config file the form writes (`<home>/config.toml` or the host's --config file). */
  file: z.string(),
  fileExists: z.boolean(),
  /** A project switchyard.toml layered over the user file, if any (its values win). */
  projectFile: z.string().nullable(),
  fields: z.array(settingFieldSchema),
  /** Effective values by dotted key (entries' keys use their real names). */
  values: z.record(z.string(), z.unknown()),
  /** Which file set each effective value ('default' when none). */
  sources: z.record(z.string(), z.string()),
  /** Entries of the named tables, as loaded. */
  profiles: z.record(z.string(), z.record(z.string(), z.unknown())),
  runners: z.record(z.string(), z.record(z.string(), z.unknown())),
  warnings: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settingsSchema>;

export const configChangeSchema = z.strictObject({
  key: z.string().trim().min(1).max(500),
  /** The new value (JSON: string, number, boolean, array or table). */
  value: z.unknown().optional(),
  /** Deletes the key (or the whole table) instead. */
  remove: z.boolean().optional(),
});
export type ConfigChangeInput = z.infer<typeof configChangeSchema>;

export const setConfigResultSchema = z.object({
  ok: z.boolean(),
  /** Each refused change at its dotted key ('' for the file as a whole); nothing was written then. */
  errors: z.array(z.object({ key: z.string(), message: z.string() })),
  warnings: z.array(z.string()),
  file: z.string(),
});
export type SetConfigResultView = z.infer<typeof setConfigResultSchema>;

export const operatorOperations = {
  listSchedules: { input: empty, output: z.object({ schedules: z.array(scheduleSchema) }) },
  /** The next run times (UTC) of a cron expression, or the scheduler's error about it. */
  previewCron: { input: z.strictObject({ expr: z.string().max(500), count: z.number().int().min(1).max(20).optional() }), output: cronPreviewSchema },
  /** Invalid input comes back as field errors and saves nothing. */
  addSchedule: {
    input: addScheduleInputSchema,
    output: z.union([z.object({ ok: z.literal(true), schedule: scheduleSchema }), z.object({ ok: z.literal(false), errors: z.array(fieldErrorSchema) })]),
  },
  removeSchedule: { input: z.strictObject({ id: rowId }), output: z.object({ removed: z.boolean() }) },
  runScheduleNow: { input: z.strictObject({ id: rowId, overBudget: z.boolean().optional() }), output: scheduleRunSchema },
  /** A failed or cancelled request back to pending (the daemon dispatches it on its next pass). */
  retryDispatchRequest: { input: z.strictObject({ id: z.number().int().min(1) }), output: dispatchRequestSchema },
  /** Withdraws a pending request before the daemon dispatches it. */
  cancelDispatchRequest: { input: z.strictObject({ id: z.number().int().min(1) }), output: dispatchRequestSchema },
  listDispatchRequests: { input: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }).optional().default({}), output: z.object({ requests: z.array(dispatchRequestSchema) }) },
  listTemplates: { input: empty, output: z.object({ templates: z.array(templateSummarySchema), cwd: z.string() }) },
  launchTemplate: { input: launchTemplateInputSchema, output: templateLaunchSchema },
  budgetOverview: { input: empty, output: budgetOverviewSchema },
  /** What every session ever spent, deleted ones included (the sidebar's total; one cheap query). */
  spendTotal: { input: empty, output: z.object({ tokens: z.number(), costUsd: z.number() }) },
  spendSeries: {
    input: z.strictObject({ bucketSecs: z.number().int().min(1).max(31 * 86_400), since: z.string().min(1).max(40), until: z.string().min(1).max(40).optional(), maxBuckets: z.number().int().min(1).max(500).optional() }),
    output: z.object({ buckets: z.array(spendBucketSchema) }),
  },
  approvalQueue: { input: empty, output: approvalQueueSchema },
  resolveConflict: {
    input: z.strictObject({ incidentId: rowId, resolution: z.enum(['resume_paused', 'keep_paused']) }),
    output: z.object({ incident: conflictIncidentSchema, resumedSessionId: z.string().nullable(), notesRead: z.number() }),
  },
  /** Re-runs a finished session allowing its denied calls (all open ones, or `denialIds`), resuming its conversation. */
  allowDenied: {
    input: z.strictObject({ sessionId, denialIds: z.array(rowId).max(500).optional(), overBudget: z.boolean().optional() }),
    output: z.object({ sessionId: z.string(), rules: z.array(z.string()) }),
  },
  answerQuery: {
    input: z.strictObject({ messageId: rowId, answer: z.string().trim().min(1, 'type the answer to send').max(100_000) }),
    output: z.object({ responseId: z.number(), delivery: z.enum(['terminal', 'inbox']) }),
  },
  toolLog: {
    input: z.strictObject({ sessionId, page: z.number().int().min(1).optional(), pageSize: z.number().int().min(1).max(500).optional() }),
    output: toolLogSchema,
  },
  getSettings: { input: empty, output: settingsSchema },
  /** Validated exactly as loading validates; writes the user file only when every change is accepted. */
  setConfigValues: { input: z.strictObject({ changes: z.array(configChangeSchema).min(1, 'change at least one value').max(500) }), output: setConfigResultSchema },
} as const;

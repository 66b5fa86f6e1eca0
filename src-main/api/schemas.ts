// Data shapes that cross the API boundary (results and event payloads). They mirror the engine's
// domain types (src-main/engine/model.ts) without importing them: the renderer shares this file.
import { z } from 'zod';

export const sessionStates = ['pending', 'running', 'idle', 'stale', 'completed', 'failed', 'stopped'] as const;
export const sessionStateSchema = z.enum(sessionStates);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const sessionModeSchema = z.enum(['headless', 'interactive']);
export type SessionMode = z.infer<typeof sessionModeSchema>;

export const sessionMetricsSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheCreationTokens: z.number(),
  tokensUsed: z.number(),
  costUsd: z.number(),
  /** How costUsd is known (see the engine's SessionMetrics); "unknown" and "not_reported" are never $0 to people. */
  costStatus: z.enum(['reported', 'priced', 'unknown', 'not_reported']).optional(),
  costNote: z.string().nullable().optional(),
  toolCalls: z.number(),
  filesChanged: z.number(),
  durationSecs: z.number(),
});
export type SessionMetrics = z.infer<typeof sessionMetricsSchema>;

export const worktreeSchema = z.object({ path: z.string(), branch: z.string(), baseBranch: z.string() });

export const sessionSchema = z.object({
  id: z.string(),
  task: z.string(),
  project: z.string(),
  taskGroup: z.string(),
  agentType: z.string(),
  mode: sessionModeSchema,
  state: sessionStateSchema,
  pid: z.number().nullable(),
  runnerPid: z.number().nullable(),
  workingDir: z.string(),
  worktree: worktreeSchema.nullable(),
  harness: z.string(),
  detectedHarnesses: z.array(z.string()),
  harnessSessionId: z.string().nullable(),
  attention: z.enum(['needs_input', 'denied']).nullable(),
  stateReason: z.string().nullable(),
  exitCode: z.number().nullable(),
  exitSignal: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastHeartbeatAt: z.string(),
  metrics: sessionMetricsSchema,
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionProfileSchema = z.object({
  profileName: z.string(),
  model: z.string().optional(),
  allowedTools: z.array(z.string()),
  disallowedTools: z.array(z.string()),
  permissionMode: z.string().optional(),
  addDirs: z.array(z.string()),
  maxBudgetUsd: z.number().optional(),
  tokenBudget: z.number().optional(),
  appendSystemPrompt: z.string().optional(),
});

export const sessionDetailSchema = z.object({
  session: sessionSchema,
  harness: z.object({ primaryLabel: z.string(), detectedLabels: z.array(z.string()) }),
  profile: sessionProfileSchema.nullable(),
  parentSession: z.string().nullable(),
  delegatedChildren: z.array(z.string()),
  /** Bytes in the session's output log so far. */
  logBytes: z.number(),
  /** Whether a runner socket answers (input and resize reach the agent). */
  live: z.boolean(),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

export const profileSummarySchema = z.object({
  name: z.string(),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  permissionMode: z.string().nullable(),
  maxBudgetUsd: z.number().nullable(),
  tokenBudget: z.number().nullable(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const configSummarySchema = z.object({
  home: z.string(),
  /** Where new sessions run when the dialog leaves the folder empty. */
  cwd: z.string(),
  defaultAgent: z.string(),
  defaultMode: sessionModeSchema,
  defaultProfile: z.string().nullable(),
  autoCreateWorktrees: z.boolean(),
  maxParallelSessions: z.number(),
  costBudgetUsd: z.number(),
  tokenBudget: z.number(),
  theme: z.enum(['dark', 'light']),
  /** The split view of the Sessions view: pane_layout, the pane size settings and pane_navigation. */
  panes: z.object({
    layout: z.enum(['horizontal', 'vertical', 'grid']),
    /** The first pane's share (%) side by side or stacked. */
    linearSizePercent: z.number(),
    /** The first column's width and first row's height (%) in the grid. */
    gridSizePercent: z.number(),
    /** Key names as written in the config ("ctrl-h", "1"). */
    navigation: z.object({ focusSessions: z.string(), focusOutput: z.string(), moveLeft: z.string(), moveDown: z.string(), moveUp: z.string(), moveRight: z.string() }),
  }),
  agents: z.array(z.string()),
  profiles: z.array(profileSummarySchema),
});
export type ConfigSummary = z.infer<typeof configSummarySchema>;

export const daemonStateSchema = z.object({
  /** running: in this process; external: another process holds the lock; off: not started. */
  state: z.enum(['running', 'external', 'off']),
  message: z.string(),
});
export type DaemonState = z.infer<typeof daemonStateSchema>;

export const serverInfoSchema = z.object({
  contractVersion: z.number(),
  home: z.string(),
  cwd: z.string(),
  pid: z.number(),
  daemon: daemonStateSchema,
});
export type ServerInfo = z.infer<typeof serverInfoSchema>;

export const coordinationStatusSchema = z.object({
  backlogLeads: z.number(),
  backlogMessages: z.number(),
  absorbableSessions: z.number(),
  saturatedSessions: z.number(),
  mode: z.string(),
  health: z.string(),
  operatorEscalationRequired: z.boolean(),
  autoDispatchEnabled: z.boolean(),
  autoDispatchLimitPerSession: z.number(),
  daemonActivity: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type CoordinationStatus = z.infer<typeof coordinationStatusSchema>;

export const searchHitSchema = z.object({
  sessionId: z.string(),
  task: z.string(),
  /** 1-based line number in the session's output as text: escape sequences removed, as `switchyard logs --text` prints it. */
  line: z.number(),
  text: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** A log a search read only the start of: hits past `searchedBytes` were not looked for. */
export const searchPartialSchema = z.object({ sessionId: z.string(), searchedBytes: z.number(), totalBytes: z.number() });
export type SearchPartial = z.infer<typeof searchPartialSchema>;

export const engineEventSchema = z.object({
  id: z.number(),
  kind: z.string(),
  sessionId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type EngineEvent = z.infer<typeof engineEventSchema>;

// Every request/response operation of the API: its input schema and its result schema. Both
// transports (Electron IPC and the browser-mode WebSocket) are derived from this table, so adding
// an operation here (plus its handler in src-main/host) is all it takes to expose it everywhere.
import { z } from 'zod';
import {
  configSummarySchema,
  coordinationStatusSchema,
  searchHitSchema,
  searchPartialSchema,
  serverInfoSchema,
  sessionDetailSchema,
  sessionModeSchema,
  sessionSchema,
} from './schemas';
import { boardOperations } from './ops-board';
import { mergeCheckOperations } from './ops-merge-checks';
import { absolutePath } from './paths';
import { operatorOperations } from './ops-operator';
import { trustOperations } from './ops-trust';
import { outputOperations } from './ops-output';

const sessionId = z.string().trim().min(1, 'a session id is required').max(200);
const byId = z.strictObject({ id: sessionId });
const empty = z.strictObject({}).optional().default({});
/** The size of the view that will show the session's terminal: its PTY starts at this size. */
const terminalSize = z.strictObject({ cols: z.number().int().min(1).max(10_000), rows: z.number().int().min(1).max(10_000) });
export type TerminalSize = z.infer<typeof terminalSize>;

export const startSessionInputSchema = z.strictObject({
  task: z.string().trim().min(1, 'describe the task').max(100_000),
  agent: z.string().trim().min(1).max(100).optional(),
  profile: z.string().trim().min(1).max(100).optional(),
  mode: sessionModeSchema.optional(),
  /** Omitted: the config's auto_create_worktrees when the folder is a git repository. */
  worktree: z.boolean().optional(),
  baseBranch: z.string().trim().min(1).max(250).optional(),
  project: z.string().trim().min(1).max(200).optional(),
  taskGroup: z.string().trim().min(1).max(200).optional(),
  /** Folder the agent works in (absolute); default: the folder the host was started from. */
  cwd: absolutePath().optional(),
  /** Launch even though a hard budget is spent (the refusal's code is "over_budget"). */
  overBudget: z.boolean().optional(),
  terminalSize: terminalSize.optional(),
});
export type StartSessionInput = z.infer<typeof startSessionInputSchema>;

export const coreOperations = {
  getServerInfo: { input: empty, output: serverInfoSchema },
  listSessions: { input: empty, output: z.object({ sessions: z.array(sessionSchema) }) },
  getSession: { input: byId, output: sessionDetailSchema },
  startSession: { input: startSessionInputSchema, output: sessionSchema },
  stopSession: { input: byId, output: sessionSchema },
  resumeSession: {
    input: z.strictObject({ id: sessionId, prompt: z.string().min(1).optional(), overBudget: z.boolean().optional(), terminalSize: terminalSize.optional() }),
    output: sessionSchema,
  },
  deleteSession: { input: byId, output: z.object({ sessionId: z.string() }) },
  /** The folder to open (the worktree, else the working directory); the Electron shell opens it. */
  openWorktreeFolder: { input: byId, output: z.object({ path: z.string() }) },
  /** Keystrokes or a paste, as typed (UTF-8 text), written to the agent's terminal. */
  terminalInput: { input: z.strictObject({ id: sessionId, data: z.string().min(1).max(1_000_000) }), output: z.object({ delivered: z.boolean() }) },
  terminalResize: {
    input: z.strictObject({ id: sessionId, cols: z.number().int().min(1).max(10_000), rows: z.number().int().min(1).max(10_000) }),
    output: z.object({ delivered: z.boolean() }),
  },
  /** Lines containing `query` (case-insensitive) in every session's output, newest sessions first. */
  searchOutput: {
    input: z.strictObject({ query: z.string().min(2, 'type at least two characters').max(500), limit: z.number().int().min(1).max(1000).optional() }),
    /** `truncated`: more hits than `limit`; `partial`: logs only partly read (the search's byte budget ran out). */
    output: z.object({ hits: z.array(searchHitSchema), truncated: z.boolean(), partial: z.array(searchPartialSchema) }),
  },
  getConfig: { input: empty, output: configSummarySchema },
  coordinationStatus: { input: empty, output: coordinationStatusSchema },
} as const;

/** The whole table: core session operations plus each view family's own (one file each). */
export const operations = { ...coreOperations, ...boardOperations, ...operatorOperations, ...trustOperations, ...outputOperations, ...mergeCheckOperations } as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
/** What a caller passes (defaults may be omitted). */
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
/** What the host handler receives, after validation and defaults. */
export type OperationParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = z.output<Operations[K]['output']>;

export const OPERATION_NAMES = Object.keys(operations) as OperationName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

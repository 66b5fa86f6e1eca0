// Validation of the remote intake's JSON bodies: every problem names the field. Field names are
// ECC2's snake_case; camelCase spellings are accepted too.
import { TASK_PRIORITIES, type TaskPriority } from '../model';

export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

type Body = Record<string, unknown>;

function pick(body: Body, names: string[]): { name: string; value: unknown } | undefined {
  for (const name of names) if (Object.hasOwn(body, name) && body[name] !== null && body[name] !== undefined) return { name, value: body[name] };
  return undefined;
}

function requiredText(body: Body, names: string[]): string {
  const found = pick(body, names);
  const field = names[0] as string;
  if (!found) throw new FieldError(field, `field \`${field}\` is required: a non-empty string`);
  if (typeof found.value !== 'string' || found.value.trim() === '') {
    throw new FieldError(found.name, `field \`${found.name}\` must be a non-empty string`);
  }
  return found.value;
}

function optionalText(body: Body, names: string[]): string | undefined {
  const found = pick(body, names);
  if (!found) return undefined;
  if (typeof found.value !== 'string') throw new FieldError(found.name, `field \`${found.name}\` must be a string`);
  return found.value;
}

function optionalBool(body: Body, names: string[]): boolean | undefined {
  const found = pick(body, names);
  if (!found) return undefined;
  if (typeof found.value !== 'boolean') throw new FieldError(found.name, `field \`${found.name}\` must be true or false`);
  return found.value;
}

function optionalPriority(body: Body): TaskPriority | undefined {
  const found = pick(body, ['priority']);
  if (!found) return undefined;
  const value = typeof found.value === 'string' ? found.value.trim().toLowerCase() : found.value;
  if (!(TASK_PRIORITIES as readonly unknown[]).includes(value)) {
    throw new FieldError('priority', `field \`priority\` must be one of ${TASK_PRIORITIES.join(', ')}`);
  }
  return value as TaskPriority;
}

const COMMON_FIELDS = [
  'to_session', 'toSession', 'target_session', 'targetSession', 'priority', 'agent', 'profile',
  'use_worktree', 'useWorktree', 'worktree', 'project', 'task_group', 'taskGroup', 'over_budget', 'overBudget',
];
const DISPATCH_FIELDS = new Set(['task', ...COMMON_FIELDS]);
const COMPUTER_USE_FIELDS = new Set(['goal', 'target_url', 'targetUrl', 'context', ...COMMON_FIELDS]);

/** A misspelt field (`priorty`, `task_grop`) would otherwise be dropped without a word and the work run with defaults. */
function refuseUnknown(body: Body, allowed: Set<string>): void {
  const unknown = Object.keys(body).find((key) => !allowed.has(key));
  if (unknown === undefined) return;
  const names = [...allowed].filter((n) => !/[A-Z]/.test(n)).join(', ');
  throw new FieldError(unknown, `unknown field \`${unknown}\`; accepted fields are ${names} (camelCase spellings too)`);
}

export function asObject(value: unknown): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FieldError('body', 'the body must be a JSON object');
  return value as Body;
}

interface Common {
  targetSession?: string;
  priority?: TaskPriority;
  agent?: string;
  profile?: string;
  useWorktree?: boolean;
  project?: string;
  taskGroup?: string;
  /** Queue and launch even though a hard budget is spent. */
  overBudget?: boolean;
}

function common(body: Body): Common {
  const out: Common = {};
  const targetSession = optionalText(body, ['to_session', 'toSession', 'target_session', 'targetSession']);
  const priority = optionalPriority(body);
  const agent = optionalText(body, ['agent']);
  const profile = optionalText(body, ['profile']);
  const useWorktree = optionalBool(body, ['use_worktree', 'useWorktree', 'worktree']);
  const project = optionalText(body, ['project']);
  const taskGroup = optionalText(body, ['task_group', 'taskGroup']);
  const overBudget = optionalBool(body, ['over_budget', 'overBudget']);
  if (overBudget) out.overBudget = true;
  if (targetSession !== undefined) out.targetSession = targetSession;
  if (priority !== undefined) out.priority = priority;
  if (agent !== undefined) out.agent = agent;
  if (profile !== undefined) out.profile = profile;
  if (useWorktree !== undefined) out.useWorktree = useWorktree;
  if (project !== undefined) out.project = project;
  if (taskGroup !== undefined) out.taskGroup = taskGroup;
  return out;
}

export function parseDispatchBody(value: unknown): Common & { task: string } {
  const body = asObject(value);
  refuseUnknown(body, DISPATCH_FIELDS);
  return { task: requiredText(body, ['task']), ...common(body) };
}

export function parseComputerUseBody(value: unknown): Common & { goal: string; targetUrl?: string; context?: string } {
  const body = asObject(value);
  refuseUnknown(body, COMPUTER_USE_FIELDS);
  const goal = requiredText(body, ['goal']);
  const targetUrl = optionalText(body, ['target_url', 'targetUrl']);
  const context = optionalText(body, ['context']);
  return { goal, ...(targetUrl !== undefined ? { targetUrl } : {}), ...(context !== undefined ? { context } : {}), ...common(body) };
}

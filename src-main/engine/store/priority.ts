// TaskPriority <-> the 0-3 integers stored in messages.priority and remote_dispatch_requests.priority.
import { TASK_PRIORITIES, type TaskPriority } from '../model';

export function priorityToInt(p: TaskPriority): number {
  return TASK_PRIORITIES.indexOf(p);
}

export function priorityFromInt(n: number): TaskPriority {
  return TASK_PRIORITIES[n] ?? 'normal';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * ECC2's `handoff_priority`: the structured {"TaskHandoff":{...}} priority, else a flat object's
 * string `priority` (low/high/critical; anything else normal), else normal.
 */
export function handoffPriority(content: string): TaskPriority {
  const parsed = parseJson(content);
  if (!isObject(parsed)) return 'normal';
  const structured = parsed['TaskHandoff'];
  if (Object.keys(parsed).length === 1 && isObject(structured)) {
    const { task, context, priority } = structured;
    const validPriority = priority === undefined || (TASK_PRIORITIES as readonly unknown[]).includes(priority);
    // A structured handoff needs task and context strings (serde's required fields).
    if (typeof task === 'string' && typeof context === 'string' && validPriority) {
      return (priority as TaskPriority | undefined) ?? 'normal';
    }
  }
  const flat = parsed['priority'];
  return flat === 'low' || flat === 'high' || flat === 'critical' ? flat : 'normal';
}

/** The priority stored with a message: the handoff priority for task_handoff rows, normal otherwise. */
export function messagePriority(msgType: string, content: string): TaskPriority {
  return msgType === 'task_handoff' ? handoffPriority(content) : 'normal';
}

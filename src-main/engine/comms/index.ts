// Inter-session mail. Content is stored as ECC2's externally tagged JSON ({"TaskHandoff":{...}}) so
// databases and tools written for ECC2 read the same rows.
import type { MessageType, TaskPriority } from '../model';
import { handoffPriority } from '../store/priority';

export { handoffPriority };

export type StructuredMessage =
  | { kind: 'task_handoff'; task: string; context: string; priority: TaskPriority }
  | { kind: 'query'; question: string }
  | { kind: 'response'; answer: string }
  | { kind: 'completed'; summary: string; filesChanged: string[] }
  | { kind: 'conflict'; file: string; description: string };

export function encodeMessage(msg: StructuredMessage): { content: string; msgType: MessageType } {
  switch (msg.kind) {
    case 'task_handoff':
      return { msgType: 'task_handoff', content: JSON.stringify({ TaskHandoff: { task: msg.task, context: msg.context, priority: msg.priority } }) };
    case 'query':
      return { msgType: 'query', content: JSON.stringify({ Query: { question: msg.question } }) };
    case 'response':
      return { msgType: 'response', content: JSON.stringify({ Response: { answer: msg.answer } }) };
    case 'completed':
      return { msgType: 'completed', content: JSON.stringify({ Completed: { summary: msg.summary, files_changed: msg.filesChanged } }) };
    case 'conflict':
      return { msgType: 'conflict', content: JSON.stringify({ Conflict: { file: msg.file, description: msg.description } }) };
  }
}

function parseObject(content: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(content);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The structured TaskHandoff body, if the content is one. */
function structuredHandoff(obj: Record<string, unknown> | null): Record<string, unknown> | null {
  const body = obj?.TaskHandoff;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** Spec §1.8 `parse_task_handoff_task`: the task of a structured or flat handoff, else null. */
export function parseTaskHandoffTask(content: string): string | null {
  const obj = parseObject(content);
  const structured = structuredHandoff(obj);
  if (structured && typeof structured.task === 'string') return structured.task;
  return typeof obj?.task === 'string' ? obj.task : null;
}

function truncate(text: string, max: number): string {
  const trimmed = text.trim();
  return [...trimmed].length > max ? `${[...trimmed].slice(0, max).join('')}…` : trimmed;
}

/** One-line preview of a message for lists (ECC2's comms::preview). */
export function previewMessage(msgType: string, content: string): string {
  const obj = parseObject(content);
  const field = (tag: string, key: string): string | null => {
    const body = obj?.[tag];
    if (body && typeof body === 'object') {
      const v = (body as Record<string, unknown>)[key];
      if (typeof v === 'string') return v;
    }
    return null;
  };
  if (msgType === 'task_handoff') {
    const task = parseTaskHandoffTask(content) ?? content;
    const priority = handoffPriority(content);
    return priority === 'normal' ? `handoff ${truncate(task, 56)}` : `handoff [${priority}] ${truncate(task, 48)}`;
  }
  if (msgType === 'query') return `query ${truncate(field('Query', 'question') ?? content, 56)}`;
  if (msgType === 'response') return `response ${truncate(field('Response', 'answer') ?? content, 56)}`;
  if (msgType === 'completed') {
    const files = (obj?.Completed as { files_changed?: unknown } | undefined)?.files_changed;
    const count = Array.isArray(files) ? files.length : 0;
    return `completed ${truncate(field('Completed', 'summary') ?? content, 56)} | ${count} files`;
  }
  if (msgType === 'conflict') {
    return `conflict ${field('Conflict', 'file') ?? '?'} | ${truncate(field('Conflict', 'description') ?? content, 40)}`;
  }
  return `${msgType.replace(/_/g, ' ')} ${truncate(content, 56)}`;
}

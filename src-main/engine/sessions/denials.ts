// Denied actions are never a silent success: a run whose permission rules refused tool calls ends
// with attention "denied", a reason naming each tool and target, and the calls listed for review.
import type { ClaudeDenial } from '../metrics';
import { redactSecrets } from '../metrics';
import type { PermissionDenial } from '../model';
import type { Store } from '../store';
import type { NewDenial } from '../store/outcomes';

const SUMMARY_LIMIT = 160;

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > SUMMARY_LIMIT ? `${one.slice(0, SUMMARY_LIMIT - 1)}…` : one;
}

/** The one thing a call was about: the command, file, URL or pattern; else its input as JSON. */
export function toolTarget(toolName: string, input: Record<string, unknown>): string {
  for (const key of ['command', 'file_path', 'notebook_path', 'path', 'url', 'pattern', 'query']) {
    const value = input[key];
    if (typeof value === 'string' && value.trim() !== '') return clip(redactSecrets(value));
  }
  return clip(redactSecrets(JSON.stringify(input)));
}

export function denialsFromClaude(denials: readonly ClaudeDenial[]): NewDenial[] {
  return denials.map((d) => ({
    toolName: d.toolName,
    toolUseId: d.toolUseId,
    inputJson: redactSecrets(JSON.stringify(d.input)),
    inputSummary: toolTarget(d.toolName, d.input),
  }));
}

/** "2 actions denied: Bash (curl …), Write (/tmp/x); review them and re-run allowing them with `switchyard allow ID`". */
export function denialReason(sessionId: string, denials: readonly PermissionDenial[]): string {
  const shown = denials.slice(0, 3).map((d) => `${d.toolName} (${d.inputSummary})`).join(', ');
  const more = denials.length > 3 ? `, +${denials.length - 3} more` : '';
  const noun = denials.length === 1 ? 'action' : 'actions';
  return `${denials.length} ${noun} denied: ${shown}${more}; review them and re-run allowing them with \`switchyard allow ${sessionId}\``;
}

/** After a run: the session's still-denied calls, if any, become its attention and reason. */
export function flagDenials(store: Store, sessionId: string): PermissionDenial[] {
  const open = store.listDenials(sessionId).filter((d) => d.allowedAt === null);
  if (open.length === 0) return open;
  store.setAttention(sessionId, 'denied');
  store.setStateReason(sessionId, denialReason(sessionId, open));
  return open;
}

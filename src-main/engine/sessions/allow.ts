// "Allow and re-run": the operator reviewed a session's denied actions and lets it try them again.
// The session resumes its own conversation with exactly those calls allowed (Claude permission
// rules), and is told so in one prompt, instead of starting the task over.
import type { PermissionDenial, Session } from '../model';
import { harnessFromAgentType } from '../harness';
import type { SessionDeps } from './deps';
import { SessionError } from './errors';
import { checkLaunchBudget } from './budget-check';
import { resolveSessionRef } from './create';
import { launchRunner } from './launch';

const FILE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/**
 * The narrowest Claude permission rule that allows this call again: the exact Bash command, the
 * exact file (Edit rules cover every file-writing tool; `//` marks an absolute path), the URL's
 * domain; otherwise the tool by name.
 */
export function claudeAllowRule(d: PermissionDenial): string {
  let input: Record<string, unknown> = {};
  try {
    input = JSON.parse(d.inputJson) as Record<string, unknown>;
  } catch {
    // fall through to the tool name
  }
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : '');
  if (d.toolName === 'Bash' && text('command')) return `Bash(${text('command')})`;
  if (FILE_TOOLS.has(d.toolName)) {
    const path = text('file_path') || text('notebook_path');
    if (path) return path.startsWith('/') ? `Edit(/${path})` : `Edit(${path})`;
  }
  if (d.toolName === 'WebFetch' && text('url')) {
    try {
      return `WebFetch(domain:${new URL(text('url')).hostname})`;
    } catch {
      // not a URL: allow the tool
    }
  }
  return d.toolName;
}

function retryPrompt(session: Session, rules: string[]): string {
  const first = session.task.split('\n').find((l) => l.trim() !== '')?.trim() ?? session.task;
  return `The operator has now allowed the actions that were denied before (${rules.join(', ')}). Retry them and finish the task: ${first}`;
}

export interface AllowOutcome {
  session: Session;
  allowed: PermissionDenial[];
  rules: string[];
}

/** Re-runs a finished session allowing its denied calls (all open ones, or those with `ids`). */
export async function allowDeniedAndRerun(deps: SessionDeps, ref: string, opts: { ids?: number[]; overBudget?: boolean } = {}): Promise<AllowOutcome> {
  const { store } = deps;
  const session = resolveSessionRef(deps, ref);
  if (!['completed', 'failed', 'stopped'].includes(session.state)) {
    throw new SessionError(`Session ${session.id} is ${session.state}; allow its denied actions once it has finished (switchyard wait ${session.id})`);
  }
  const open = store.listDenials(session.id).filter((d) => d.allowedAt === null);
  const chosen = opts.ids ? open.filter((d) => opts.ids?.includes(d.id)) : open;
  if (opts.ids) {
    const unknown = opts.ids.filter((id) => !open.some((d) => d.id === id));
    if (unknown.length > 0) {
      throw new SessionError(`Session ${session.id} has no open denied action with id ${unknown.join(', ')}; see them with \`switchyard status ${session.id}\``);
    }
  }
  if (chosen.length === 0) throw new SessionError(`Session ${session.id} has no denied actions to allow`);
  if (harnessFromAgentType(session.agentType) !== 'claude') {
    throw new SessionError(`Re-running with denied actions allowed is supported for Claude sessions; for ${session.agentType}, widen the profile's permission_mode and start a new session`);
  }
  checkLaunchBudget(deps, `re-run session ${session.id}`, { session, overBudget: opts.overBudget });
  const rules = [...new Set(chosen.map(claudeAllowRule))];
  const snapshot = store.getSessionProfile(session.id);
  store.transaction(() => {
    store.upsertSessionProfile(session.id, {
      profileName: snapshot?.profileName ?? '(operator allowances)',
      model: snapshot?.model,
      allowedTools: [...new Set([...(snapshot?.allowedTools ?? []), ...rules])],
      disallowedTools: snapshot?.disallowedTools ?? [],
      permissionMode: snapshot?.permissionMode,
      addDirs: snapshot?.addDirs ?? [],
      maxBudgetUsd: snapshot?.maxBudgetUsd,
      tokenBudget: snapshot?.tokenBudget,
      appendSystemPrompt: snapshot?.appendSystemPrompt,
    });
    store.markDenialsAllowed(session.id, chosen.map((d) => d.id));
    // Without the agent's own session id there is no conversation to continue: the task runs again.
    store.setResumePrompt(session.id, session.harnessSessionId === null ? null : retryPrompt(session, rules));
    store.markPendingForResume(session.id);
  });
  try {
    await launchRunner(deps, { ...session, state: 'pending', pid: null });
  } catch (error) {
    store.recordExit(session.id, { state: 'failed', exitCode: null, exitSignal: null, reason: (error as Error).message });
    throw new SessionError(`Failed to re-run session ${session.id}: ${(error as Error).message}`, { cause: error });
  }
  return { session: store.getSession(session.id) ?? session, allowed: chosen, rules };
}

// A lead hears back: when a delegate completes or fails, its result (the agent's summary or why it
// failed, its branch, the files it changed, what it cost) goes to the lead's inbox as a `completed`
// message (ECC2's Completed body, with extra fields ECC2 readers ignore). Nothing is typed into the
// lead's terminal here: only a person's click does that (sendResultToLead).
import type { EventBus } from '../events';
import type { Session } from '../model';
import { gitOf } from '../worktrees/deps';
import type { SessionDeps } from '../sessions/deps';
import { typeIntoTerminal } from './deliver';
import type { DelegationDeps } from './types';

export interface DelegateResult {
  delegateId: string;
  leadId: string;
  outcome: 'completed' | 'failed';
  /** The agent's final answer, or why the run failed. */
  summary: string;
  branch: string | null;
  baseBranch: string | null;
  commitSha: string | null;
  filesChanged: string[];
  costUsd: number;
  tokens: number;
}

/** Only delegates that finished this recently report (an upgrade does not flood old leads' inboxes). */
export const REPORT_WINDOW_MS = 24 * 3600_000;
const MAX_FILES = 200;
const MAX_SUMMARY = 4000;

function clip(text: string, max: number): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Files the delegate's branch changed against its base (committed work), else the files it touched. */
async function changedFiles(deps: SessionDeps, s: Session): Promise<string[]> {
  const wt = s.worktree;
  if (wt) {
    const r = await gitOf(deps)
      .run(wt.path, ['diff', '--name-only', `${wt.baseBranch}...${wt.branch}`])
      .catch(() => null);
    if (r && r.code === 0) return r.stdout.split('\n').filter(Boolean).slice(0, MAX_FILES);
  }
  return [...new Set(deps.store.listFileActivity(s.id, 500).map((a) => a.path))].slice(0, MAX_FILES);
}

export async function buildDelegateResult(deps: SessionDeps, delegate: Session, leadId: string): Promise<DelegateResult> {
  const outcome = delegate.state === 'failed' ? 'failed' : 'completed';
  const saved = deps.store.getOutcome(delegate.id);
  const said = saved?.summary?.trim() || '';
  const why = delegate.stateReason?.trim() || '';
  const summary = outcome === 'failed' ? [why || 'the agent failed', said].filter(Boolean).join(' — ') : said || why || 'finished without a summary';
  return {
    delegateId: delegate.id,
    leadId,
    outcome,
    summary: clip(summary, MAX_SUMMARY),
    branch: delegate.worktree?.branch ?? null,
    baseBranch: delegate.worktree?.baseBranch ?? null,
    commitSha: saved?.commitSha ?? null,
    filesChanged: await changedFiles(deps, delegate),
    costUsd: delegate.metrics.costUsd,
    tokens: delegate.metrics.tokensUsed,
  };
}

/** ECC2's {"Completed":{summary, files_changed}} plus Switchyard's fields. */
export function encodeDelegateResult(r: DelegateResult): { content: string; msgType: 'completed' } {
  return {
    msgType: 'completed',
    content: JSON.stringify({
      Completed: {
        summary: r.summary,
        files_changed: r.filesChanged,
        outcome: r.outcome,
        session_id: r.delegateId,
        branch: r.branch,
        base_branch: r.baseBranch,
        commit_sha: r.commitSha,
        cost_usd: r.costUsd,
        tokens: r.tokens,
      },
    }),
  };
}

/** A delegate's result from a `completed` message (fields it lacks get neutral values), or null. */
export function parseDelegateResult(content: string, fromSession: string, toSession: string): DelegateResult | null {
  let body: Record<string, unknown>;
  try {
    const value = JSON.parse(content) as { Completed?: unknown };
    if (!value || typeof value.Completed !== 'object' || value.Completed === null) return null;
    body = value.Completed as Record<string, unknown>;
  } catch {
    return null;
  }
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : null);
  const num = (k: string) => (typeof body[k] === 'number' ? (body[k] as number) : 0);
  return {
    delegateId: str('session_id') ?? fromSession,
    leadId: toSession,
    outcome: body.outcome === 'failed' ? 'failed' : 'completed',
    summary: str('summary') ?? '',
    branch: str('branch'),
    baseBranch: str('base_branch'),
    commitSha: str('commit_sha'),
    filesChanged: Array.isArray(body.files_changed) ? body.files_changed.filter((f): f is string => typeof f === 'string') : [],
    costUsd: num('cost_usd'),
    tokens: num('tokens'),
  };
}

const money = (n: number) => (n === 0 || n >= 0.01 ? `$${n.toFixed(2)}` : `$${n.toFixed(4)}`);

/** The result as one line: what "Send to lead" types (one line, so it is submitted as one prompt). */
export function delegateResultText(r: DelegateResult): string {
  const files = r.filesChanged.length ? `${r.filesChanged.length} file${r.filesChanged.length === 1 ? '' : 's'} changed (${r.filesChanged.slice(0, 8).join(', ')}${r.filesChanged.length > 8 ? ', …' : ''})` : 'no files changed';
  const branch = r.branch ? `branch ${r.branch}${r.baseBranch ? ` (based on ${r.baseBranch})` : ''}` : 'no branch';
  return `Delegate ${r.delegateId} ${r.outcome}: ${r.summary.replace(/\s+/g, ' ')} | ${branch} | ${files} | cost ${money(r.costUsd)}`;
}

export interface ReportedResult {
  delegateId: string;
  leadId: string;
  outcome: DelegateResult['outcome'];
  messageId: number;
}

/**
 * Sends every finished delegate's result to its lead's inbox, once per handoff, and emits
 * `delegate_finished` for each. Safe to run from any process and as often as wanted (the daemon
 * runs it every tick): a result already in the inbox is never sent again.
 */
export async function reportFinishedDelegates(deps: SessionDeps, opts: { events?: EventBus; now?: Date } = {}): Promise<{ reported: ReportedResult[] }> {
  const now = opts.now ?? deps.now?.() ?? new Date();
  const pending = deps.store.finishedDelegatesAwaitingReport(new Date(now.getTime() - REPORT_WINDOW_MS).toISOString());
  const reported: ReportedResult[] = [];
  for (const p of pending) {
    const delegate = deps.store.getSession(p.delegateId);
    if (!delegate) continue;
    const result = await buildDelegateResult(deps, delegate, p.leadId);
    const { content, msgType } = encodeDelegateResult(result);
    const message = deps.store.sendMessage(delegate.id, p.leadId, content, msgType);
    reported.push({ delegateId: delegate.id, leadId: p.leadId, outcome: result.outcome, messageId: message.id });
    opts.events?.emit('delegate_finished', { sessionId: delegate.id, leadId: p.leadId, outcome: result.outcome, messageId: message.id, summary: clip(result.summary, 200) });
  }
  return { reported };
}

export type SendToLeadRefusal = { sent: false; reason: string };

/**
 * "Send to lead", clicked by a person: types the delegate's result into the lead's terminal when the
 * lead is an idle interactive session with a live runner, and marks the result read. Refuses (with
 * why) otherwise; the result stays in the inbox either way.
 */
export async function sendResultToLead(deps: DelegationDeps, messageId: number): Promise<{ sent: true; text: string } | SendToLeadRefusal> {
  const message = deps.store.getMessage(messageId);
  if (!message || message.msgType !== 'completed') return { sent: false, reason: `message #${messageId} is not a delegate's result` };
  const result = parseDelegateResult(message.content, message.fromSession, message.toSession);
  if (!result) return { sent: false, reason: `message #${messageId} has no result to send` };
  const lead = deps.store.getSession(message.toSession);
  if (!lead) return { sent: false, reason: `lead ${message.toSession} no longer exists` };
  if (lead.mode !== 'interactive') return { sent: false, reason: `lead ${lead.id} is headless: it cannot take typed input; the result stays in its inbox` };
  if (lead.attention === 'needs_input') return { sent: false, reason: `lead ${lead.id} is waiting on a prompt of its own (needs input): answer that first` };
  if (lead.state !== 'idle') return { sent: false, reason: `lead ${lead.id} is ${lead.state}, not idle: send it once the lead waits for input` };
  const text = delegateResultText(result);
  if (!(await typeIntoTerminal(deps, lead, text))) return { sent: false, reason: `lead ${lead.id}'s terminal did not answer (its runner is gone); the result stays in its inbox` };
  deps.store.markMessageRead(message.id);
  return { sent: true, text };
}

// The attention model every face shares (the desktop app's notifications, tray and dock badge; the
// page's notifications, title and favicon badge, unread markers and Attention filter): which sessions
// need the operator and why, and which happenings are worth telling them about. Pure data in, data
// out, structurally typed so both the engine's Session and the contract's Session fit.
import { spendOfLimit } from './money';

/** Why a session needs the operator now, most urgent first. */
export const ATTENTION_NEEDS = ['needs_input', 'approval', 'stale', 'file_conflict', 'over_budget', 'failed', 'denied'] as const;
export type AttentionNeed = (typeof ATTENTION_NEEDS)[number];

export const NEED_LABEL: Record<AttentionNeed, string> = {
  needs_input: 'Needs input',
  approval: 'Question waiting',
  stale: 'Stopped responding',
  file_conflict: 'Paused by a file conflict',
  over_budget: 'Stopped by its budget',
  failed: 'Failed',
  denied: 'Denied actions',
};

/** A word or two, where a list row has little room. */
export const NEED_SHORT_LABEL: Record<AttentionNeed, string> = {
  needs_input: 'Needs input',
  approval: 'Question',
  stale: 'Stale',
  file_conflict: 'File conflict',
  over_budget: 'Over budget',
  failed: 'Failed',
  denied: 'Denied',
};

/** The fields of a session the model reads. */
export interface AttentionSession {
  id: string;
  task: string;
  state: string;
  attention: string | null;
  stateReason: string | null;
}

/** An engine event as stored (the engine's StoredEvent and the contract's EngineEvent both fit). */
export interface AttentionEvent {
  id: number;
  kind: string;
  sessionId: string | null;
  payload: object;
  createdAt: string;
}

const LIVE = new Set(['pending', 'running', 'idle', 'stale']);

// The stop reasons the engine writes (policies/budgets.ts and policies/conflicts.ts): a stopped
// session keeps them as its state reason until it runs again, so the need outlives the event.
const BUDGET_STOP = /^(?:profile \S+ )?(?:token|cost) budget \S+ reached\b/;
const CONFLICT_PAUSE = /^paused: file conflict on /;

export function isBudgetStopReason(reason: string | null): boolean {
  return reason !== null && BUDGET_STOP.test(reason);
}

/** Why `s` needs the operator, or null when it does not. `unreadApprovals`: questions/conflicts addressed to it. */
export function sessionNeed(s: AttentionSession, unreadApprovals = 0): AttentionNeed | null {
  const live = LIVE.has(s.state);
  if (live && s.attention === 'needs_input') return 'needs_input';
  if (unreadApprovals > 0) return 'approval';
  if (s.state === 'stale') return 'stale';
  if (s.state === 'stopped' && s.stateReason !== null && CONFLICT_PAUSE.test(s.stateReason)) return 'file_conflict';
  if (s.state === 'stopped' && isBudgetStopReason(s.stateReason)) return 'over_budget';
  if (s.state === 'failed') return 'failed';
  if (!live && s.attention === 'denied') return 'denied';
  return null;
}

/** The sessions that need the operator, with why: what every badge counts. */
export function sessionsNeedingAttention<S extends AttentionSession>(
  sessions: readonly S[],
  unreadApprovals: ReadonlyMap<string, number> = new Map(),
): { session: S; need: AttentionNeed }[] {
  const out: { session: S; need: AttentionNeed }[] = [];
  for (const s of sessions) {
    const need = sessionNeed(s, unreadApprovals.get(s.id) ?? 0);
    if (need) out.push({ session: s, need });
  }
  return out;
}

/** The number on the dock, the tray, the title and the favicon. */
export function attentionCount(sessions: readonly AttentionSession[], unreadApprovals?: ReadonlyMap<string, number>): number {
  return sessionsNeedingAttention(sessions, unreadApprovals).length;
}

// ---- Happenings: what changed and is worth a notification ----

export interface SessionRef {
  id: string;
  task: string;
}

export interface BudgetStop {
  sessionId: string;
  kind: string;
  used: number;
  budget: number;
}

export type AttentionTrigger =
  | { kind: 'session_completed'; session: SessionRef }
  | { kind: 'session_failed'; session: SessionRef; reason: string | null }
  | { kind: 'session_stale'; session: SessionRef; terminated: boolean }
  | { kind: 'needs_input'; session: SessionRef; prompt?: string | null }
  | { kind: 'session_denied'; session: SessionRef }
  /** An unread `query` or `conflict` message waiting on the operator (ECC2's approval queue). */
  | { kind: 'approval_request'; session: SessionRef; messageId: number; msgType: string; preview: string }
  | { kind: 'engine_event'; event: AttentionEvent }
  /** Several budget stops of one pass (one budget), told once. */
  | { kind: 'budget_stops'; stops: BudgetStop[]; events: AttentionEvent[] };

/** What the model remembers of a session between two reads. */
export interface SeenSession {
  state: string;
  attention: string | null;
}

/** Engine events that become notices; session state changes are read from the sessions themselves. */
export const ATTENTION_EVENT_KINDS: ReadonlySet<string> = new Set(['budget_alert', 'budget_stop', 'conflict_detected', 'merge_check']);

/** The merge queue's check outcome an event tells (null: progress or a step on the way, not told). */
export function mergeCheckOutcome(event: AttentionEvent): 'check_failed' | 'timed_out' | 'needs_you' | 'resolved' | 'landed' | null {
  if (event.kind !== 'merge_check') return null;
  const p = event.payload as Record<string, unknown>;
  const message = typeof p.message === 'string' ? p.message : '';
  switch (p.state) {
    case 'failed':
      return 'check_failed';
    case 'timed_out':
      return 'timed_out';
    case 'needs_you':
      return 'needs_you';
    case 'landed':
      return 'landed';
    case 'passed':
    case 'unchecked':
      // The resolver's finish records "resolved by …"; a plain check passing is not news on its own.
      return message.startsWith('resolved by ') ? 'resolved' : null;
    default:
      return null;
  }
}

/**
 * The happenings between two reads of the session list. `before` null is the first read: it only sets
 * the baseline, so opening the app replays nothing. A session first seen already finished counts.
 */
export function sessionTriggers(
  before: ReadonlyMap<string, SeenSession> | null,
  sessions: readonly AttentionSession[],
): { triggers: AttentionTrigger[]; seen: Map<string, SeenSession> } {
  const triggers: AttentionTrigger[] = [];
  const seen = new Map<string, SeenSession>();
  for (const s of sessions) {
    seen.set(s.id, { state: s.state, attention: s.attention });
    if (before === null) continue;
    const was = before.get(s.id);
    const ref = { id: s.id, task: s.task };
    const stateChanged = was?.state !== s.state;
    if (stateChanged && s.state === 'completed') triggers.push({ kind: 'session_completed', session: ref });
    if (stateChanged && s.state === 'failed') triggers.push({ kind: 'session_failed', session: ref, reason: s.stateReason });
    if (stateChanged && s.state === 'stale') triggers.push({ kind: 'session_stale', session: ref, terminated: false });
    if (s.attention === 'needs_input' && was?.attention !== 'needs_input' && LIVE.has(s.state)) {
      triggers.push({ kind: 'needs_input', session: ref, prompt: s.stateReason });
    }
    if (s.attention === 'denied' && was?.attention !== 'denied') triggers.push({ kind: 'session_denied', session: ref });
  }
  return { triggers, seen };
}

/** The trigger for an engine event, or null when it is not for the operator. */
export function eventTrigger(event: AttentionEvent): AttentionTrigger | null {
  if (event.kind === 'merge_check' && mergeCheckOutcome(event) === null) return null;
  return ATTENTION_EVENT_KINDS.has(event.kind) ? { kind: 'engine_event', event } : null;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const payload = (e: AttentionEvent) => e.payload as Record<string, unknown>;

function budgetStopOf(e: AttentionEvent): BudgetStop | null {
  if (e.kind !== 'budget_stop') return null;
  const p = payload(e);
  return { sessionId: str(p.sessionId) || (e.sessionId ?? ''), kind: str(p.kind), used: num(p.used), budget: num(p.budget) };
}

/**
 * Budget stops of one budget become one trigger (a pass that stops 38 sessions is one notice, with
 * the highest spend seen); everything else passes through in order. The group takes the place of its
 * first stop.
 */
export function groupTriggers(triggers: readonly AttentionTrigger[]): AttentionTrigger[] {
  const out: AttentionTrigger[] = [];
  const groups = new Map<string, Extract<AttentionTrigger, { kind: 'budget_stops' }>>();
  for (const t of triggers) {
    const stop = t.kind === 'engine_event' ? budgetStopOf(t.event) : null;
    if (!stop || t.kind !== 'engine_event') {
      out.push(t);
      continue;
    }
    const key = `${stop.kind}:${stop.budget}`;
    const group = groups.get(key);
    if (group) {
      if (!group.stops.some((s) => s.sessionId === stop.sessionId)) group.stops.push(stop);
      group.events.push(t.event);
    } else {
      const created = { kind: 'budget_stops' as const, stops: [stop], events: [t.event] };
      groups.set(key, created);
      out.push(created);
    }
  }
  return out;
}

/**
 * One budget pass can stop its sessions over several seconds (each runner is stopped in turn), so a
 * face that already told a group adds later stops to it: the union by session, in arrival order.
 */
export function mergeBudgetStops(earlier: readonly BudgetStop[], later: readonly BudgetStop[]): BudgetStop[] {
  const out = [...earlier];
  for (const stop of later) {
    const at = out.findIndex((s) => s.sessionId === stop.sessionId);
    if (at < 0) out.push(stop);
    else out[at] = stop;
  }
  return out;
}

/** How long after a told budget-stop group later stops of the same budget still join it. */
export const STOP_GROUP_MS = 60_000;

/**
 * Remembers the budget-stop groups already told, so a face replaces its notice with the grown group
 * (same key) instead of telling each late stop on its own.
 */
export class BudgetStopGroups {
  private readonly told = new Map<string, { stops: BudgetStop[]; at: number }>();

  /** The trigger to tell: a `budget_stops` group grown by the stops told in the last minute. */
  add(trigger: AttentionTrigger, now = Date.now()): AttentionTrigger {
    if (trigger.kind !== 'budget_stops' || !trigger.stops[0]) return trigger;
    const key = `${trigger.stops[0].kind}:${trigger.stops[0].budget}`;
    const prior = this.told.get(key);
    const stops = prior && now - prior.at < STOP_GROUP_MS ? mergeBudgetStops(prior.stops, trigger.stops) : trigger.stops;
    this.told.set(key, { stops, at: now });
    return { ...trigger, stops };
  }
}

// ---- What a notice says ----

export interface AttentionNotice {
  title: string;
  body: string;
  /** Clicking opens this session (null: just show the app). */
  sessionId: string | null;
  /** Same key = same happening; a newer notice replaces rather than stacks. */
  key: string;
  /** How loud: errors stay longer as toasts. */
  level: 'info' | 'warn' | 'error';
  /** A view that explains it (the budgets view for budget notices). */
  view?: string;
}

function short(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The title and body of a trigger's notice, or null when there is nothing to say. */
export function describeTrigger(trigger: AttentionTrigger): AttentionNotice | null {
  switch (trigger.kind) {
    case 'session_completed':
      return notice(`Session ${trigger.session.id} completed`, short(trigger.session.task), trigger.session.id, `done:${trigger.session.id}`, 'info');
    case 'session_failed':
      return notice(`Session ${trigger.session.id} failed`, short(trigger.reason ?? trigger.session.task), trigger.session.id, `failed:${trigger.session.id}`, 'error');
    case 'session_stale':
      return notice(
        trigger.terminated ? `Session ${trigger.session.id} stopped responding and was terminated` : `Session ${trigger.session.id} stopped responding`,
        short(trigger.session.task),
        trigger.session.id,
        `stale:${trigger.session.id}`,
        'warn',
      );
    case 'needs_input':
      return notice(`Session ${trigger.session.id} needs your input`, short(trigger.prompt || trigger.session.task), trigger.session.id, `input:${trigger.session.id}`, 'warn');
    case 'session_denied':
      return notice(`Session ${trigger.session.id} had actions denied`, short(trigger.session.task), trigger.session.id, `denied:${trigger.session.id}`, 'warn');
    case 'approval_request':
      return notice(
        trigger.msgType === 'conflict' ? `Conflict for session ${trigger.session.id}` : `Question for session ${trigger.session.id}`,
        short(trigger.preview),
        trigger.session.id,
        `approval:${trigger.messageId}`,
        'warn',
      );
    case 'budget_stops':
      return describeBudgetStops(trigger.stops);
    case 'engine_event':
      return describeEvent(trigger.event);
  }
}

/** "budget stop: 38 sessions stopped — $0.0054 of $0.0045 spent". */
export function describeBudgetStops(stops: readonly BudgetStop[]): AttentionNotice | null {
  const first = stops[0];
  if (!first) return null;
  const used = Math.max(...stops.map((s) => s.used));
  const kind = first.kind === 'cost' ? 'cost' : 'tokens';
  const what = stops.length === 1 ? `session ${first.sessionId} stopped` : `${plural(stops.length, 'session', 'sessions')} stopped`;
  const spent = `${spendOfLimit(kind, used, first.budget)} ${kind === 'cost' ? 'spent' : 'used'}`;
  const budgetName = first.kind === 'profile_tokens' ? 'profile token budget' : kind === 'cost' ? 'cost budget' : 'token budget';
  return {
    title: `budget stop: ${what} — ${spent}`,
    body: `The ${budgetName} is spent; its worktrees are kept. Raise the budget, then resume the sessions.`,
    sessionId: stops.length === 1 ? first.sessionId : null,
    key: `budget-stop:${first.kind}:${first.budget}`,
    level: 'error',
    view: 'budgets',
  };
}

function describeEvent(event: AttentionEvent): AttentionNotice | null {
  const p = payload(event);
  switch (event.kind) {
    case 'budget_alert': {
      const kind = str(p.kind);
      const scope = p.scope === 'profile' ? `Profile ${str(p.profileName)} budget`.replace('  ', ' ') : kind === 'cost' ? 'Cost budget' : 'Token budget';
      const level = p.threshold === 'exceeded' || p.threshold === 'critical' ? 'error' : 'warn';
      return {
        ...notice(`${scope}: ${Math.round(num(p.percent))} % used`, `${spendOfLimit(kind, num(p.used), num(p.budget))} (${str(p.threshold)})`, str(p.sessionId) || null, `budget:${event.id}`, level),
        view: 'budgets',
      };
    }
    case 'budget_stop': {
      const stop = budgetStopOf(event);
      return stop ? describeBudgetStops([stop]) : null;
    }
    case 'conflict_detected':
      return notice(`File conflict on ${str(p.path)}`, short(str(p.summary)), str(p.pausedSessionId) || null, `conflict:${str(p.conflictKey)}`, 'warn');
    case 'merge_check':
      return describeMergeCheck(event);
    default:
      return null;
  }
}

function notice(title: string, body: string, sessionId: string | null, key: string, level: AttentionNotice['level']): AttentionNotice {
  return { title, body, sessionId, key, level };
}

/** Check failed, resolved, landed (and the resolver giving up): one notice per branch, the newest wins. */
function describeMergeCheck(event: AttentionEvent): AttentionNotice | null {
  const outcome = mergeCheckOutcome(event);
  if (!outcome) return null;
  const p = payload(event);
  const id = str(p.sessionId) || (event.sessionId ?? '');
  const branch = str(p.branch) || id;
  const base = str(p.baseBranch);
  const body = short(str(p.message), 160);
  const key = `merge-check:${id}`;
  const titles = {
    check_failed: [`Check failed: ${branch}`, 'error'],
    timed_out: [`Check timed out: ${branch}`, 'error'],
    needs_you: [`Merge of ${branch} needs you`, 'warn'],
    resolved: [`Resolved: ${branch}`, 'info'],
    landed: [`Landed ${branch} on ${base}`, 'info'],
  } as const;
  const [title, level] = titles[outcome];
  // Clicking opens the merge queue, where the card shows the log and the next step.
  return { ...notice(title, body, null, key, level), view: 'merge-queue' };
}

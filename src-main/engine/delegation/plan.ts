// The assignment decision (spec §3.11.3), shared by assign and its side-effect-free preview.
import type { Session } from '../model';
import type { Store } from '../store';
import type { TeamView } from './delegates';
import { backlogOf } from './delegates';
import { graphMatchTerms, matchedTerms } from './terms';
import type { AssignmentPreview } from './types';

/** How many of a delegate's context entities are searched for task terms. */
const ENTITY_SCAN_LIMIT = 48;

export type AssignmentPlan =
  | { kind: 'reuse_idle'; delegate: Session; terms: string[] }
  | { kind: 'spawn'; reason: 'spawned new delegate' | 'spawned fallback delegate' }
  /** At capacity while an idle delegate still has queued handoffs (the preview reports the least backed-up one). */
  | { kind: 'defer_idle'; delegate: Session; backlog: number; terms: string[] }
  | { kind: 'reuse_active'; delegate: Session; terms: string[] }
  | { kind: 'defer_active'; delegate: Session; backlog: number; terms: string[] };

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Rust's max_by_key: with equal keys the last candidate wins. */
function maxByKey<T>(items: readonly T[], key: (item: T) => number[]): T | undefined {
  let best: T | undefined;
  let bestKey: number[] = [];
  for (const item of items) {
    const k = key(item);
    if (best === undefined || compareKeys(k, bestKey) >= 0) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

/** Rust's min_by_key: with equal keys the first candidate wins. */
function minByKey<T>(items: readonly T[], key: (item: T) => number[]): T | undefined {
  let best: T | undefined;
  let bestKey: number[] = [];
  for (const item of items) {
    const k = key(item);
    if (best === undefined || compareKeys(k, bestKey) < 0) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

const updatedMs = (s: Session): number => Date.parse(s.updatedAt) || 0;

export function planAssignment(store: Store, team: TeamView, task: string, maxParallel: number): AssignmentPlan {
  const { delegates, backlog } = team;
  const terms = graphMatchTerms(task);
  // One query for every delegate's entities, and only when the task has terms to match.
  const entities = terms.length ? store.contextEntitiesForSessions(delegates.map((d) => d.id), ENTITY_SCAN_LIMIT) : null;
  const termsFor = (d: Session): string[] => (entities ? matchedTerms(terms, entities.get(d.id) ?? []) : []);
  const scored = new Map(delegates.map((d) => [d.id, termsFor(d)]));
  const score = (d: Session): number => scored.get(d.id)?.length ?? 0;
  const termsOf = (d: Session): string[] => scored.get(d.id) ?? [];

  const clearIdle = delegates.filter((d) => d.state === 'idle' && backlogOf(backlog, d.id) === 0);
  const idle = maxByKey(clearIdle, (d) => [score(d), -updatedMs(d)]);
  if (idle) return { kind: 'reuse_idle', delegate: idle, terms: termsOf(idle) };

  if (delegates.length < maxParallel) return { kind: 'spawn', reason: 'spawned new delegate' };

  const backedUpIdle = minByKey(
    delegates.filter((d) => d.state === 'idle'),
    (d) => [backlogOf(backlog, d.id), updatedMs(d)],
  );
  if (backedUpIdle) {
    return { kind: 'defer_idle', delegate: backedUpIdle, backlog: backlogOf(backlog, backedUpIdle.id), terms: termsOf(backedUpIdle) };
  }

  const active = maxByKey(
    delegates.filter((d) => d.state === 'running' || d.state === 'pending'),
    (d) => [score(d), -backlogOf(backlog, d.id), -updatedMs(d)],
  );
  if (active) {
    const queued = backlogOf(backlog, active.id);
    return queued > 0
      ? { kind: 'defer_active', delegate: active, backlog: queued, terms: termsOf(active) }
      : { kind: 'reuse_active', delegate: active, terms: termsOf(active) };
  }
  // Only reachable with no delegates at all and max_parallel_sessions = 0.
  return { kind: 'spawn', reason: 'spawned fallback delegate' };
}

/** The preview rendering of a plan (spec §3.11.4). */
export function previewFromPlan(plan: AssignmentPlan, backlog: ReadonlyMap<string, number>): AssignmentPreview {
  switch (plan.kind) {
    case 'spawn':
      return { sessionId: null, action: 'spawned', delegateState: null, handoffBacklog: 0, graphMatchTerms: [] };
    case 'reuse_idle':
      return { sessionId: plan.delegate.id, action: 'reused_idle', delegateState: 'idle', handoffBacklog: 0, graphMatchTerms: plan.terms };
    case 'defer_idle':
    case 'defer_active':
      return {
        sessionId: plan.delegate.id,
        action: 'deferred_saturated',
        delegateState: plan.delegate.state,
        handoffBacklog: plan.backlog,
        graphMatchTerms: plan.terms,
      };
    case 'reuse_active':
      return {
        sessionId: plan.delegate.id,
        action: 'reused_active',
        delegateState: plan.delegate.state,
        handoffBacklog: backlogOf(backlog, plan.delegate.id),
        graphMatchTerms: plan.terms,
      };
  }
}

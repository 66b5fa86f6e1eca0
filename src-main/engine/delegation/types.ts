// Outcome types of delegation, assignment and backlog coordination (spec §1.18), camelCased for JSON.
import type { DaemonActivity, Session, SessionMode, SessionState } from '../model';
import type { RunnerClient } from '../runner';
import type { SessionDeps } from '../sessions/deps';

export const ASSIGNMENT_ACTIONS = ['spawned', 'reused_idle', 'reused_active', 'deferred_saturated'] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

/** ECC2's assignment_action_routes_work: every action but a deferral hands the work to someone. */
export function assignmentActionRoutesWork(action: AssignmentAction): boolean {
  return action !== 'deferred_saturated';
}

/**
 * How a routed handoff reached its delegate: typed into an idle interactive delegate's terminal, or
 * left in its inbox (spawned delegates get the task on their command line as well). Null when deferred.
 */
export type HandoffDelivery = 'terminal' | 'inbox' | null;

export interface DelegationDeps extends SessionDeps {
  /** Connects to a runner socket; defaults to the real client. */
  connectRunner?: (socketPath: string) => Promise<RunnerClient>;
  /** How long delivery waits for the delegate's terminal to react to typed input (default 1000 ms). */
  deliveryConfirmMs?: number;
}

/** What assignment needs besides the lead and the task. */
export interface RoutingOptions {
  /** Agent type of the delegates (`auto` resolves against the lead's working directory); default `default_agent`. */
  agent?: string;
  profile?: string;
  worktree?: boolean;
  mode?: SessionMode;
  project?: string;
  taskGroup?: string;
  /** Where spawned delegates start; default the lead's working directory (upstream's later fix). */
  repoRoot?: string;
  /** Spawn even though a hard budget is spent (`--over-budget`). */
  overBudget?: boolean;
}

export interface AssignmentOutcome {
  sessionId: string;
  action: AssignmentAction;
  delivery: HandoffDelivery;
  /** The handoff sent to the delegate (null when deferred). */
  handoffMessageId: number | null;
}

export interface AssignmentPreview {
  sessionId: string | null;
  action: AssignmentAction;
  delegateState: SessionState | null;
  handoffBacklog: number;
  graphMatchTerms: string[];
}

export interface InboxDrainOutcome {
  messageId: number;
  task: string;
  sessionId: string;
  action: AssignmentAction;
  delivery: HandoffDelivery;
}

export interface LeadDispatchOutcome {
  leadSessionId: string;
  unreadCount: number;
  routed: InboxDrainOutcome[];
}

export interface RebalanceOutcome {
  fromSessionId: string;
  messageId: number;
  task: string;
  sessionId: string;
  action: AssignmentAction;
  delivery: HandoffDelivery;
}

export interface LeadRebalanceOutcome {
  leadSessionId: string;
  rerouted: RebalanceOutcome[];
}

export interface CoordinateBacklogOutcome {
  dispatched: LeadDispatchOutcome[];
  rebalanced: LeadRebalanceOutcome[];
  remainingBacklogSessions: number;
  remainingBacklogMessages: number;
  remainingAbsorbableSessions: number;
  remainingSaturatedSessions: number;
}

export const COORDINATION_MODES = [
  'dispatch_first',
  'dispatch_first_stabilized',
  'rebalance_first_chronic_saturation',
  'rebalance_cooloff_chronic_saturation',
] as const;
export type CoordinationMode = (typeof COORDINATION_MODES)[number];

export const COORDINATION_HEALTH = ['healthy', 'backlog_absorbable', 'saturated', 'escalation_required'] as const;
export type CoordinationHealth = (typeof COORDINATION_HEALTH)[number];

export interface CoordinationStatus {
  backlogLeads: number;
  backlogMessages: number;
  absorbableSessions: number;
  saturatedSessions: number;
  mode: CoordinationMode;
  health: CoordinationHealth;
  operatorEscalationRequired: boolean;
  autoDispatchEnabled: boolean;
  autoDispatchLimitPerSession: number;
  daemonActivity: DaemonActivity;
}

export interface DelegatedSessionSummary {
  depth: number;
  handoffBacklog: number;
  session: Session;
}

export interface TeamStatus {
  root: Session;
  /** Session id -> unread task handoffs (only sessions with some). */
  handoffBacklog: Record<string, number>;
  descendants: DelegatedSessionSummary[];
}

// The delegation graph: sessions as nodes, lead -> delegate edges from task_handoff messages (with the
// delegate's latest result to its lead, when it has reported). A fixed
// handful of queries whatever the number of sessions (the view must stay quick with 50 and more).
import type { Config } from '../config/types';
import { SESSION_STATES, type Session } from '../model';
import type { Store } from '../store';
import { parseDelegateResult } from '../delegation/results';

export type GraphRole = 'lead' | 'delegate' | 'lead_and_delegate' | 'standalone';

export interface GraphNode {
  sessionId: string;
  task: string;
  state: Session['state'];
  attention: Session['attention'];
  agentType: string;
  mode: Session['mode'];
  project: string;
  taskGroup: string;
  /** Unread task handoffs waiting for this session. */
  handoffBacklog: number;
  /** Unread messages of any type. */
  unreadCount: number;
  role: GraphRole;
  /** Who handed it work most recently (among the nodes shown). */
  parentId: string | null;
  /** Delegates at `max_parallel_sessions` or more: this lead cannot spawn more. */
  atCapacity: boolean;
  /** Delegates' results in this session's inbox it has not read yet. */
  unreadResults: number;
}

/** The latest result a delegate sent its lead (drawn on the edge between them). */
export interface GraphEdgeResult {
  messageId: number;
  outcome: 'completed' | 'failed';
  read: boolean;
  at: string;
  /** One line: what the delegate said or why it failed. */
  summary: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  handoffs: number;
  /** Of those, not read by the delegate yet. */
  unread: number;
  lastAt: string;
  /** The delegate's latest result to the lead, when it is newer than the last handoff (else null). */
  result: GraphEdgeResult | null;
}

export interface DelegationGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Sessions in the store; more than nodes.length when `limit` cut the list. */
  totalSessions: number;
}

/** The `limit` most recently updated sessions and the handoff edges between them. */
export function delegationGraph(store: Store, config: Config, opts: { limit?: number } = {}): DelegationGraph {
  const limit = Math.max(1, opts.limit ?? 200);
  const sessions = store.firstSessionsInStates(SESSION_STATES, limit);
  const ids = sessions.map((s) => s.id);
  const edges = store.handoffEdgesAmong(ids);
  const backlog = store.unreadTaskHandoffCounts(ids);
  const unread = store.unreadMessageCounts();
  const results = new Map<string, GraphEdgeResult & { id: number }>();
  const unreadResults = new Map<string, number>();
  for (const r of store.latestDelegateReportsAmong(ids)) {
    const parsed = parseDelegateResult(r.content, r.fromSession, r.toSession);
    if (!parsed) continue;
    results.set(`${r.toSession}->${r.fromSession}`, { id: r.messageId, messageId: r.messageId, outcome: parsed.outcome, read: r.read, at: r.timestamp, summary: parsed.summary.split('\n')[0] ?? '' });
    if (!r.read) unreadResults.set(r.toSession, (unreadResults.get(r.toSession) ?? 0) + 1);
  }
  const outgoing = new Map<string, number>();
  const parent = new Map<string, { id: string; at: string }>();
  for (const e of edges) {
    outgoing.set(e.fromSession, (outgoing.get(e.fromSession) ?? 0) + 1);
    const p = parent.get(e.toSession);
    if (!p || e.lastAt >= p.at) parent.set(e.toSession, { id: e.fromSession, at: e.lastAt });
  }
  const nodes = sessions.map((s): GraphNode => {
    const leads = outgoing.has(s.id);
    const delegated = parent.has(s.id);
    return {
      sessionId: s.id,
      task: s.task,
      state: s.state,
      attention: s.attention,
      agentType: s.agentType,
      mode: s.mode,
      project: s.project,
      taskGroup: s.taskGroup,
      handoffBacklog: backlog.get(s.id) ?? 0,
      unreadCount: unread.get(s.id) ?? 0,
      role: leads && delegated ? 'lead_and_delegate' : leads ? 'lead' : delegated ? 'delegate' : 'standalone',
      parentId: parent.get(s.id)?.id ?? null,
      atCapacity: (outgoing.get(s.id) ?? 0) >= config.max_parallel_sessions,
      unreadResults: unreadResults.get(s.id) ?? 0,
    };
  });
  return {
    nodes,
    edges: edges.map((e) => {
      const r = results.get(`${e.fromSession}->${e.toSession}`);
      // A result older than the last handoff answers earlier work: the delegate is on the new task now.
      const current = r && r.at >= e.lastAt ? { messageId: r.messageId, outcome: r.outcome, read: r.read, at: r.at, summary: r.summary } : null;
      return { from: e.fromSession, to: e.toSession, handoffs: e.handoffs, unread: e.unread, lastAt: e.lastAt, result: current };
    }),
    totalSessions: store.countSessions(),
  };
}

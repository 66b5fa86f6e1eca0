// Team status (spec §3.17.2): the delegation tree under a session with each member's handoff backlog,
// and its board rendering (upstream's padded labels).
import type { Session, SessionState } from '../model';
import type { Store } from '../store';
import { DELEGATE_SCAN_LIMIT } from './delegates';
import type { DelegatedSessionSummary, TeamStatus } from './types';

/**
 * Descendants up to `depth` levels, depth-first with the most recently delegated child first, each
 * session listed once. Children are fetched one query per level, not per session.
 */
export function getTeamStatus(store: Store, root: Session, depth: number): TeamStatus {
  const backlog = store.unreadTaskHandoffCounts();
  const children = new Map<string, Session[]>();
  let frontier = [root.id];
  for (let level = 0; level < depth && frontier.length; level++) {
    const fetched = store.delegatedChildSessions(frontier, DELEGATE_SCAN_LIMIT);
    const next: string[] = [];
    for (const [id, kids] of fetched) {
      children.set(id, kids);
      for (const kid of kids) if (!children.has(kid.id) && !next.includes(kid.id)) next.push(kid.id);
    }
    frontier = next.filter((id) => !children.has(id));
  }

  const visited = new Set([root.id]);
  const descendants: DelegatedSessionSummary[] = [];
  const collect = (id: string, remaining: number, current: number): void => {
    if (remaining === 0) return;
    for (const child of children.get(id) ?? []) {
      if (visited.has(child.id)) continue;
      visited.add(child.id);
      descendants.push({ depth: current, handoffBacklog: backlog.get(child.id) ?? 0, session: child });
      collect(child.id, remaining - 1, current + 1);
    }
  };
  collect(root.id, depth, 1);
  return { root, handoffBacklog: Object.fromEntries(backlog), descendants };
}

const LANES: readonly [SessionState, string][] = [
  ['running', 'Running'],
  ['idle', 'Idle'],
  ['stale', 'Stale'],
  ['pending', 'Pending'],
  ['failed', 'Failed'],
  ['stopped', 'Stopped'],
  ['completed', 'Completed'],
];

export function renderTeamStatus(team: TeamStatus): string {
  const { root } = team;
  const header = [`Lead:    ${root.id} [${root.state}]`, `Task:    ${root.task}`, `Agent:   ${root.agentType}`];
  if (root.worktree) header.push(`Branch:  ${root.worktree.branch}`);
  header.push(`Backlog: ${team.handoffBacklog[root.id] ?? 0}`);
  if (team.descendants.length === 0) return [...header, 'Board:   no delegated sessions'].join('\n');
  const lines = [...header, 'Board:'];
  for (const [state, label] of LANES) {
    const members = team.descendants.filter((d) => d.session.state === state);
    if (!members.length) continue;
    lines.push(`  ${label}:`);
    for (const m of members) {
      const indent = '  '.repeat(m.depth - 1);
      lines.push(`    - ${indent}${m.session.id} [${m.session.agentType}] | backlog ${m.handoffBacklog} handoff(s) | ${m.session.task}`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

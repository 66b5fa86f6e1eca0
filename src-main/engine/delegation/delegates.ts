// Direct delegates of a lead (spec §3.11.1) and the team view assignment decides on. Lookups are
// batched: one query for the children of any number of leads, one for every handoff backlog.
import type { Config } from '../config/types';
import { canonicalAgentType, harnessFromAgentType, resolveRequestedAgentType } from '../harness';
import type { Session, SessionState } from '../model';
import type { Store } from '../store';
import type { SessionBrief } from '../store/delegation';

/** How many recipients of a lead's handoffs are considered (ECC2's delegated_children limit). */
export const DELEGATE_SCAN_LIMIT = 50;

const DELEGATE_STATES: readonly SessionState[] = ['pending', 'running', 'idle'];

/** The agent type delegates must have: `auto` and aliases resolve against the lead's working directory. */
export function resolveDelegateAgentType(config: Config, lead: Pick<Session, 'workingDir'>, agent: string | undefined): string {
  return resolveRequestedAgentType(config, canonicalAgentType(agent ?? config.default_agent), lead.workingDir);
}

/** Keeps children of the wanted harness (aliases match; custom runners by exact name) that are still live. */
export function filterDelegates<T extends Pick<Session, 'agentType' | 'state'>>(children: readonly T[], agentType: string): T[] {
  const target = harnessFromAgentType(agentType);
  return children.filter((child) => {
    const sameHarness =
      target !== 'unknown' ? harnessFromAgentType(child.agentType) === target : child.agentType === agentType;
    return sameHarness && DELEGATE_STATES.includes(child.state);
  });
}

/** ECC2's direct_delegate_sessions: the lead's live delegates of that harness, most recently delegated first. */
export function directDelegateSessions(store: Store, config: Config, lead: Session, agent?: string): Session[] {
  const agentType = resolveDelegateAgentType(config, lead, agent);
  const children = store.delegatedChildSessions([lead.id], DELEGATE_SCAN_LIMIT).get(lead.id) ?? [];
  return filterDelegates(children, agentType);
}

/** Direct delegates of many leads at once, as briefs (for pressure summaries over the whole backlog). */
export function directDelegatesOfLeads(
  store: Store,
  config: Config,
  leads: readonly Pick<Session, 'id' | 'workingDir'>[],
  agent?: string,
): Map<string, SessionBrief[]> {
  const children = store.delegatedChildBriefs(
    leads.map((l) => l.id),
    DELEGATE_SCAN_LIMIT,
  );
  const out = new Map<string, SessionBrief[]>();
  for (const lead of leads) {
    out.set(lead.id, filterDelegates(children.get(lead.id) ?? [], resolveDelegateAgentType(config, lead, agent)));
  }
  return out;
}

export interface TeamView {
  lead: Session;
  agentType: string;
  delegates: Session[];
  /** Delegate id -> unread task handoffs (missing = 0). */
  backlog: Map<string, number>;
  hasCapacity: boolean;
}

export function loadTeam(store: Store, config: Config, lead: Session, agent?: string): TeamView {
  const agentType = resolveDelegateAgentType(config, lead, agent);
  const children = store.delegatedChildSessions([lead.id], DELEGATE_SCAN_LIMIT).get(lead.id) ?? [];
  const delegates = filterDelegates(children, agentType);
  return {
    lead,
    agentType,
    delegates,
    backlog: store.unreadTaskHandoffCounts(delegates.map((d) => d.id)),
    hasCapacity: delegates.length < config.max_parallel_sessions,
  };
}

export function backlogOf(backlog: ReadonlyMap<string, number>, id: string): number {
  return backlog.get(id) ?? 0;
}

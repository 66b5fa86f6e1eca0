// File-conflict detection and resolution (spec §3.10): two live sessions whose newest touch of a path
// is a write get one incident per pair; the strategy decides who keeps working and who is paused.
// Incidents are keyed, so a second pass over the same activity creates and pauses nothing.
import { encodeMessage } from '../comms';
import type { ConflictStrategy } from '../config/types';
import type { FileActivityEntry, SessionState } from '../model';
import { createConflictPathResolver } from './conflict-paths';
import type { PolicyDeps } from './deps';

const ACTIVE: SessionState[] = ['pending', 'running', 'idle', 'stale'];
const RECENT_PER_SESSION = 64;

export interface ConflictOutcome {
  strategy: ConflictStrategy;
  createdIncidents: number;
  /** Always 0 here: incidents are resolved elsewhere (ECC2 quirk 8). */
  resolvedIncidents: number;
  pausedSessions: string[];
}

interface Resolution {
  active: FileActivityEntry;
  paused: FileActivityEntry;
  summary: string;
}

export function resolveConflict(strategy: ConflictStrategy, path: string, latest: FileActivityEntry, other: FileActivityEntry): Resolution {
  switch (strategy) {
    case 'last_write_wins':
      return {
        active: latest,
        paused: other,
        summary: `Applied last-write-wins on ${path}; kept later session ${latest.sessionId} active and paused ${other.sessionId}`,
      };
    case 'merge':
      return {
        active: other,
        paused: latest,
        summary: `Queued manual merge on ${path}; paused later session ${latest.sessionId} until merge review against ${other.sessionId}`,
      };
    case 'escalate':
      return {
        active: other,
        paused: latest,
        summary: `Escalated overlap on ${path}; paused later session ${latest.sessionId} while ${other.sessionId} stays active`,
      };
  }
}

/**
 * Per repository file, the newest entry of each active session (reads included; they are dropped
 * later). `fileOf` maps a worktree's copy to the main checkout's path (conflict-paths.ts).
 */
function groupByPath(entries: FileActivityEntry[], fileOf: (e: FileActivityEntry) => string): Map<string, FileActivityEntry[]> {
  const seen = new Set<string>();
  const byPath = new Map<string, FileActivityEntry[]>();
  // Entries arrive newest first within each session, so the first one per (session, file) wins.
  for (const e of entries) {
    const path = fileOf(e);
    const key = `${e.sessionId}\u0000${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byPath.get(path) ?? [];
    list.push(e);
    byPath.set(path, list);
  }
  return byPath;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The inputs' stamp at the end of the last pass, per store (one daemon per store). */
const lastPass = new WeakMap<object, string>();

export async function enforceConflictResolution(deps: PolicyDeps): Promise<ConflictOutcome> {
  const { store, config, events } = deps;
  const { enabled, strategy, notify_lead: notifyLead } = config.conflict_resolution;
  const outcome: ConflictOutcome = { strategy, createdIncidents: 0, resolvedIncidents: 0, pausedSessions: [] };
  if (!enabled) return outcome;
  // Nothing it reads changed since the last pass (the usual tick): the verdict is the same.
  const stampNow = () => `${strategy}|${notifyLead}|${store.conflictInputsStamp()}`;
  if (lastPass.get(store) === stampNow()) return outcome;

  const activity = store.listRecentFileActivityInStates(ACTIVE, RECENT_PER_SESSION);
  if (activity.length === 0) {
    lastPass.set(store, stampNow());
    return outcome;
  }
  const worktrees = store.worktreePathsInStates(ACTIVE);
  const byPath = groupByPath(activity, createConflictPathResolver((id) => worktrees.get(id) ?? null));
  const pausedOnce = new Set<string>();

  for (const path of [...byPath.keys()].sort(cmp)) {
    // Reads are dropped after the newest-per-session pick: a session whose latest touch was a read is out.
    const writers = (byPath.get(path) ?? []).filter((e) => e.action !== 'read');
    if (writers.length < 2) continue;
    writers.sort((a, b) => cmp(a.timestamp, b.timestamp) || cmp(a.sessionId, b.sessionId));
    const latest = writers[writers.length - 1] as FileActivityEntry;
    for (const other of writers.slice(0, -1)) {
      const [first, second] = cmp(other.sessionId, latest.sessionId) <= 0 ? [other, latest] : [latest, other];
      const conflictKey = `${path}::${first.sessionId}::${second.sessionId}`;
      if (store.hasOpenConflictIncident(conflictKey)) continue;
      const { active, paused, summary } = resolveConflict(strategy, path, latest, other);
      store.upsertConflictIncident({
        conflictKey,
        path,
        firstSessionId: first.sessionId,
        secondSessionId: second.sessionId,
        activeSessionId: active.sessionId,
        pausedSessionId: paused.sessionId,
        firstAction: first.action,
        secondAction: second.action,
        strategy,
        summary,
      });

      let didPause = false;
      const pausedSession = store.getSession(paused.sessionId);
      if (!pausedOnce.has(paused.sessionId) && pausedSession?.id === paused.sessionId && ACTIVE.includes(pausedSession.state)) {
        await deps.stopSession(paused.sessionId, `paused: file conflict on ${path} with session ${active.sessionId} (${strategy})`);
        pausedOnce.add(paused.sessionId);
        outcome.pausedSessions.push(paused.sessionId);
        didPause = true;
      }

      const note = encodeMessage({ kind: 'conflict', file: path, description: summary });
      store.sendMessage(active.sessionId, paused.sessionId, note.content, note.msgType);
      store.insertDecision(paused.sessionId, `Pause work due to conflict on ${path}`, [`Keep ${active.sessionId} active`, 'Continue concurrently'], summary);
      if (notifyLead) {
        const lead = store.latestTaskHandoffSource(paused.sessionId);
        if (lead && lead !== paused.sessionId && lead !== active.sessionId) {
          const toLead = encodeMessage({ kind: 'conflict', file: path, description: `${summary} | delegate ${paused.sessionId} paused` });
          store.sendMessage(paused.sessionId, lead, toLead.content, toLead.msgType);
        }
      }
      outcome.createdIncidents += 1;
      events.emit('conflict_detected', {
        conflictKey,
        path,
        strategy,
        activeSessionId: active.sessionId,
        pausedSessionId: paused.sessionId,
        paused: didPause,
        summary,
      });
    }
  }
  lastPass.set(store, stampNow()); // after this pass's own writes
  return outcome;
}

// The session list: grouped by project and task group, with state badges, cost and filters.
import { memo, useMemo, useState, type ReactNode } from 'react';
import type { Session } from '../../../src-main/api';
import { NEED_LABEL, NEED_SHORT_LABEL, type AttentionNeed } from '../../../src-main/api/attention';
import { BADGE_LABEL, badgeOf, costTitle, formatCost, formatSessionCost, isLive, relativeTime } from '../lib/format';
import type { BadgeKind } from '../lib/format';
import { Icon } from './Icons';

export type StateFilter = 'all' | 'active' | 'attention' | 'done' | 'failed';

const FILTERS: { id: StateFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'active', label: 'Active' },
  { id: 'attention', label: 'Attention' },
  { id: 'done', label: 'Done' },
  { id: 'failed', label: 'Failed' },
];

function matches(s: Session, filter: StateFilter, text: string, needs: ReadonlyMap<string, AttentionNeed>): boolean {
  const ok =
    filter === 'all' ||
    (filter === 'active' && isLive(s)) ||
    // The shared attention model decides (the same sessions the title and dock badges count).
    (filter === 'attention' && needs.has(s.id)) ||
    (filter === 'done' && (s.state === 'completed' || s.state === 'stopped')) ||
    (filter === 'failed' && s.state === 'failed');
  if (!ok) return false;
  if (!text) return true;
  const t = text.toLowerCase();
  return [s.task, s.id, s.project, s.taskGroup, s.agentType, s.worktree?.branch ?? ''].some((v) => v.toLowerCase().includes(t));
}

/** Needs the state badge does not already say (it reads "Stopped" or "Running" for these). */
const NOTED_NEEDS: ReadonlySet<AttentionNeed> = new Set(['approval', 'file_conflict', 'over_budget']);

export function StateBadge({ kind, compact }: { kind: BadgeKind; compact?: boolean }) {
  return (
    <span className={`badge badge-${kind} ${compact ? 'badge-compact' : ''}`} data-state={kind}>
      <span className="badge-dot" aria-hidden="true" />
      {BADGE_LABEL[kind]}
    </span>
  );
}

interface Group {
  project: string;
  taskGroups: { name: string; sessions: Session[] }[];
  cost: number;
  live: number;
}

function groupSessions(sessions: Session[]): Group[] {
  const projects = new Map<string, Map<string, Session[]>>();
  for (const s of sessions) {
    const groups = projects.get(s.project) ?? new Map<string, Session[]>();
    projects.set(s.project, groups);
    groups.set(s.taskGroup, [...(groups.get(s.taskGroup) ?? []), s]);
  }
  return [...projects.entries()].map(([project, groups]) => {
    const all = [...groups.values()].flat();
    return {
      project,
      taskGroups: [...groups.entries()].map(([name, list]) => ({ name, sessions: list })),
      cost: all.reduce((sum, s) => sum + s.metrics.costUsd, 0),
      live: all.filter(isLive).length,
    };
  });
}

/**
 * One session in the list. Memoized: a switch changes two rows (the old and the new selection), and
 * re-rendering a hundred others was part of every switch's time (bench/ui.ts). It gets its age as
 * the label (minutes), so the clock's tick each second re-renders none of them.
 */
const SessionRow = memo(function SessionRow(p: { s: Session; selected: boolean; need: AttentionNeed | undefined; isUnread: boolean; age: string; onSelect: (id: string) => void }) {
  const { s, need, isUnread } = p;
  const badge = badgeOf(s);
  const title = s.task.split('\n')[0] ?? '';
  return (
    <li>
      <button
        type="button"
        className={`session-item ${p.selected ? 'selected' : ''}`}
        aria-current={p.selected ? 'true' : undefined}
        aria-label={`${s.task} — ${BADGE_LABEL[badge]}${need && NEED_LABEL[need] !== BADGE_LABEL[badge] ? ` (${NEED_LABEL[need]})` : ''}${isUnread ? ', unread' : ''}, ${s.agentType}, cost ${formatSessionCost(s.metrics)}`}
        data-session-id={s.id}
        data-unread={isUnread ? 'true' : undefined}
        data-need={need}
        onClick={() => p.onSelect(s.id)}
      >
        <span className={`state-dot dot-${badge}`} aria-hidden="true" />
        <span className="session-main">
          <span className="session-task" title={s.task.length > 600 ? `${s.task.slice(0, 599)}…` : s.task}>
            {isUnread && <span className="unread-marker" aria-hidden="true" title="Changed since you last looked" />}
            {title}
          </span>
          <span className="session-sub">
            {need && NOTED_NEEDS.has(need) && <span className="need-note">{NEED_SHORT_LABEL[need]} · </span>}
            <span className="mono">{s.id}</span> · {s.agentType} · {p.age}
          </span>
        </span>
        <span className="session-side">
          <span title={need ? NEED_LABEL[need] : undefined}>
            <StateBadge kind={badge} compact />
          </span>
          <span className="session-cost" title={costTitle(s.metrics)}>
            {formatSessionCost(s.metrics)}
          </span>
        </span>
      </button>
    </li>
  );
});

export function Sidebar(props: {
  sessions: Session[];
  loaded: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onNew: () => void;
  now: number;
  /** Sessions that need the operator, and why (the attention model). */
  needs: ReadonlyMap<string, AttentionNeed>;
  /** Sessions that changed since this browser last looked at them. */
  unread: ReadonlySet<string>;
  /** What every session ever spent (deleted ones included); the listed sessions' sum until known. */
  spentUsd?: number | null;
  /** The notification and sound settings, shown under the totals. */
  attentionControls?: ReactNode;
}) {
  const [filter, setFilter] = useState<StateFilter>('all');
  const [text, setText] = useState('');
  const { needs, unread } = props;
  const visible = useMemo(() => props.sessions.filter((s) => matches(s, filter, text, needs)), [props.sessions, filter, text, needs]);
  const groups = useMemo(() => groupSessions(visible), [visible]);
  const counts = useMemo(() => {
    const c = { live: 0, attention: needs.size, cost: 0 };
    for (const s of props.sessions) {
      if (isLive(s)) c.live += 1;
      c.cost += s.metrics.costUsd;
    }
    return c;
  }, [props.sessions, needs]);

  return (
    <nav className="sidebar" aria-label="Sessions">
      <div className="sidebar-head">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Switchyard</span>
        </div>
        <button type="button" className="btn btn-primary btn-sm" onClick={props.onNew} aria-label="New session" title="New session (Alt+N)">
          <Icon name="plus" size={14} />
          New
        </button>
      </div>
      <div className="sidebar-stats" aria-label="Totals">
        <span>
          <strong>{counts.live}</strong> active
        </span>
        <span>
          <strong>{counts.attention}</strong> need you
        </span>
        <span>
          <strong>{formatCost(props.spentUsd ?? counts.cost)}</strong> spent
        </span>
      </div>
      {props.attentionControls}
      <div className="sidebar-filters">
        <label className="search-field">
          <Icon name="filter" size={13} />
          <input type="search" placeholder="Filter sessions" aria-label="Filter sessions" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="segmented" role="radiogroup" aria-label="Show sessions">
          {FILTERS.map((f) => (
            <button key={f.id} type="button" role="radio" aria-checked={filter === f.id} className={filter === f.id ? 'on' : ''} onClick={() => setFilter(f.id)}>
              {f.label}
              {f.id === 'attention' && (
                <span className={`filter-count ${counts.attention > 0 ? 'filter-count-hot' : ''}`} aria-label={`${counts.attention} need you`}>
                  {counts.attention}
                </span>
              )}
            </button>
          ))}
        </div>
      </div>
      <div className="session-groups">
        {!props.loaded && <p className="muted pad">Loading sessions…</p>}
        {props.loaded && props.sessions.length === 0 && (
          <div className="empty-side">
            <p>No sessions yet.</p>
            <button type="button" className="btn btn-ghost btn-sm" onClick={props.onNew}>
              Start the first one
            </button>
          </div>
        )}
        {props.loaded && props.sessions.length > 0 && visible.length === 0 && <p className="muted pad">No session matches the filter.</p>}
        {groups.map((g) => (
          <section key={g.project} className="project" aria-label={`Project ${g.project}`}>
            <header className="project-head">
              <span className="project-name" title={g.project}>
                {g.project}
              </span>
              <span className="project-meta">
                {g.live > 0 && <span className="live-count">{g.live} live</span>}
                <span>{formatCost(g.cost)}</span>
              </span>
            </header>
            {g.taskGroups.map((tg) => (
              <div key={tg.name} className="task-group">
                {tg.sessions.length > 1 && (
                  <div className="task-group-name" title={tg.name}>
                    {tg.name}
                  </div>
                )}
                <ul className="session-list">
                  {tg.sessions.map((s) => (
                    <SessionRow key={s.id} s={s} selected={props.selectedId === s.id} need={needs.get(s.id)} isUnread={unread.has(s.id)} age={relativeTime(s.createdAt, props.now)} onSelect={props.onSelect} />
                  ))}
                </ul>
              </div>
            ))}
          </section>
        ))}
      </div>
    </nav>
  );
}

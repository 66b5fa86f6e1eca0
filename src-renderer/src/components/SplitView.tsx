// The split view: 2-4 sessions side by side, stacked, or in a 2x2 grid (pane_layout), sized by
// linear_pane_size_percent / grid_pane_size_percent (the first pane's share), each with its own live
// terminal. pane_navigation's move keys move focus between panes, also from inside a terminal; a
// key the app itself uses (Ctrl+K, the palette) stays the app's.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { CSSProperties } from 'react';
import type { ConfigSummary, Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { badgeOf } from '../lib/format';
import { clashesWithApp, isAppShortcut, keyLabel, matchesKey, parseKey } from '../lib/pane-keys';
import { MAX_PANES } from '../lib/split-state';
import type { PaneLayout } from '../lib/split-state';
import { Icon } from './Icons';
import { OutputPane } from './OutputPane';
import { StateBadge } from './Sidebar';

const LAYOUTS: { id: PaneLayout; label: string }[] = [
  { id: 'horizontal', label: 'Side by side' },
  { id: 'vertical', label: 'Stacked' },
  { id: 'grid', label: 'Grid' },
];

interface Props {
  client: ApiClient;
  sessions: Session[];
  ids: string[];
  focusedId: string | null;
  panes: ConfigSummary['panes'];
  theme: 'dark' | 'light';
  findRequest: number;
  onToast: (text: string, kind?: 'info' | 'error') => void;
  onFocus: (id: string) => void;
  onChange: (ids: string[]) => void;
  onLayout: (layout: PaneLayout) => void;
}

/** Column and row of each pane; in a grid of three the third spans the bottom row. */
function positions(layout: PaneLayout, n: number): { col: number; row: number }[] {
  return Array.from({ length: n }, (_, i) => (layout === 'horizontal' ? { col: i, row: 0 } : layout === 'vertical' ? { col: 0, row: i } : { col: i % 2, row: Math.floor(i / 2) }));
}

function gridStyle(layout: PaneLayout, n: number, linear: number, grid: number): CSSProperties {
  const share = (p: number, count: number) => [`${p}fr`, ...Array.from({ length: count - 1 }, () => `${(100 - p) / (count - 1)}fr`)].join(' ');
  if (layout === 'horizontal') return { gridTemplateColumns: share(linear, n), gridTemplateRows: '1fr' };
  if (layout === 'vertical') return { gridTemplateColumns: '1fr', gridTemplateRows: share(linear, n) };
  return { gridTemplateColumns: share(grid, 2), gridTemplateRows: n > 2 ? share(grid, 2) : '1fr' };
}

/** The pane a move key leads to, or -1 (none that way). */
function neighbour(layout: PaneLayout, n: number, from: number, dx: number, dy: number): number {
  const at = positions(layout, n);
  const here = at[from];
  if (!here) return -1;
  const target = { col: here.col + dx, row: here.row + dy };
  const exact = at.findIndex((p) => p.col === target.col && p.row === target.row);
  if (exact >= 0) return exact;
  // The spanning third pane of a grid: up or down reaches the first column.
  return dy !== 0 ? at.findIndex((p) => p.row === target.row && p.col === 0) : -1;
}

export function SplitView({ client, sessions, ids, focusedId, panes, theme, findRequest, onToast, onFocus, onChange, onLayout }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => ids.map((id) => sessions.find((s) => s.id === id)).filter((s): s is Session => !!s), [ids, sessions]);
  const layout = panes.layout;
  const moves = useMemo(() => {
    const n = panes.navigation;
    return [
      { spec: parseKey(n.moveLeft), dx: -1, dy: 0, text: n.moveLeft, arrow: '←' },
      { spec: parseKey(n.moveDown), dx: 0, dy: 1, text: n.moveDown, arrow: '↓' },
      { spec: parseKey(n.moveUp), dx: 0, dy: -1, text: n.moveUp, arrow: '↑' },
      { spec: parseKey(n.moveRight), dx: 1, dy: 0, text: n.moveRight, arrow: '→' },
    ];
  }, [panes.navigation]);
  const moveFor = useCallback((e: KeyboardEvent) => (isAppShortcut(e) ? undefined : moves.find((m) => matchesKey(e, m.spec))), [moves]);

  const focusPane = useCallback(
    (index: number) => {
      const s = shown[index];
      const el = root.current?.querySelectorAll<HTMLElement>('.split-pane')[index];
      if (!s || !el) return;
      onFocus(s.id);
      const textarea = el.querySelector<HTMLElement>('.xterm-helper-textarea');
      (textarea ?? el).focus();
    },
    [shown, onFocus],
  );

  // Move keys, wherever focus is in the page (a terminal passes them on: see onKey below).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const move = moveFor(e);
      if (!move) return;
      const from = Math.max(0, shown.findIndex((s) => s.id === focusedId));
      const to = neighbour(layout, shown.length, from, move.dx, move.dy);
      e.preventDefault();
      if (to >= 0) focusPane(to);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [moveFor, shown, focusedId, layout, focusPane]);
  const terminalKey = useCallback((e: KeyboardEvent) => moveFor(e) !== undefined, [moveFor]);

  // Find (Ctrl+F) goes to the focused pane only: a pane's request changes while it has the focus.
  const finds = useRef<Record<string, number>>({});
  for (const s of shown) if (!(s.id in finds.current)) finds.current[s.id] = findRequest;
  if (focusedId && focusedId in finds.current) finds.current[focusedId] = findRequest;

  const others = sessions.filter((s) => !ids.includes(s.id));
  const style = gridStyle(layout, shown.length, panes.linearSizePercent, panes.gridSizePercent);
  return (
    <main className="split-view" aria-label="Split view">
      <div className="split-toolbar" role="toolbar" aria-label="Split view">
        <div className="view-switch" role="radiogroup" aria-label="Layout">
          {LAYOUTS.map((l) => (
            <button key={l.id} type="button" role="radio" aria-checked={layout === l.id} className={layout === l.id ? 'on' : ''} onClick={() => onLayout(l.id)}>
              {l.label}
            </button>
          ))}
        </div>
        {ids.length < MAX_PANES && others.length > 0 && (
          <select
            className="split-add"
            aria-label="Add a session to the split view"
            value=""
            onChange={(e) => {
              if (e.target.value) onChange([...ids, e.target.value]);
            }}
          >
            <option value="">Add session…</option>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.task.split('\n')[0]?.slice(0, 60)} ({s.id})
              </option>
            ))}
          </select>
        )}
        <span className="split-keys muted small" title="pane_navigation in Settings; a key the app uses itself (Ctrl+K: the command palette) stays the app's">
          Move focus:{' '}
          {moves.map((m, i) => (
            <span key={m.text + m.arrow}>
              {i > 0 && ' · '}
              <span className={clashesWithApp(m.spec) ? 'clash' : ''} title={clashesWithApp(m.spec) ? `${keyLabel(m.text)} is an app shortcut; set pane_navigation to another key` : undefined}>
                {keyLabel(m.text)} {m.arrow}
              </span>
            </span>
          ))}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onChange([])} aria-label="Close the split view">
          Single view
        </button>
      </div>
      <div className={`split-grid split-layout-${layout} split-n${shown.length}`} style={style} ref={root}>
        {shown.map((s, i) => (
          <section
            key={s.id}
            className={`split-pane ${s.id === focusedId ? 'focused' : ''}`}
            aria-label={`Pane ${i + 1}: ${s.task.split('\n')[0] ?? s.id}`}
            data-session-id={s.id}
            tabIndex={-1}
            onFocusCapture={() => s.id !== focusedId && onFocus(s.id)}
          >
            <header className="split-pane-head">
              <StateBadge kind={badgeOf(s)} />
              <span className="split-pane-title" title={s.task}>
                {s.task.split('\n')[0]}
              </span>
              <span className="mono muted small">{s.id}</span>
              <span className="spacer" />
              <button type="button" className="icon-btn" aria-label={`Remove ${s.id} from the split view`} title="Remove from the split view" onClick={() => onChange(ids.filter((x) => x !== s.id))}>
                <Icon name="close" size={13} />
              </button>
            </header>
            <div className="split-pane-body">
              <OutputPane client={client} session={s} theme={theme} onToast={onToast} findRequest={finds.current[s.id] ?? findRequest} inSplit onKey={terminalKey} />
            </div>
          </section>
        ))}
      </div>
    </main>
  );
}

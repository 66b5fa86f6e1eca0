// The top bar: palette trigger, view tabs (those that do not fit go into a "More" menu), the
// connection / daemon status and the icon buttons. It must fit from a 1024 px window up: the tabs
// are measured and moved into the menu rather than pushing the buttons off screen.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ServerInfo } from '../../../src-main/api';
import type { ConnectionStatus } from '../api/connect';
import { Icon } from './Icons';

export interface TabDef {
  id: string;
  label: string;
}

const TAB_GAP = 2;
// What the More button adds to its label: the caret and its gap, and the margin before it.
const MORE_EXTRA = 20;

/** How many tabs fit in `avail` px, leaving room for the More button when not all of them do. */
export function tabsThatFit(widths: number[], avail: number, moreWidth: number): number {
  const total = widths.reduce((a, w) => a + w, 0) + TAB_GAP * Math.max(0, widths.length - 1);
  if (total <= avail) return widths.length;
  let used = moreWidth;
  let k = 0;
  for (; k < widths.length; k++) {
    const w = (widths[k] ?? 0) + TAB_GAP;
    if (used + w > avail) break;
    used += w;
  }
  return k;
}

function MoreMenu({ tabs, active, onSelect }: { tabs: TabDef[]; active: string; onSelect: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const current = tabs.find((t) => t.id === active);
  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[aria-checked="true"], [role="menuitemradio"]')?.focus();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, close]);
  const onMenuKey = (e: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length];
      next?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') close(false);
  };
  return (
    <div className="more-views">
      <button
        ref={button}
        type="button"
        className={`view-tab more-tab ${current ? 'active' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={current ? `More views (showing ${current.label})` : 'More views'}
        title={`More views: ${tabs.map((t) => t.label).join(', ')}`}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span>{current ? current.label : 'More'}</span>
        <Icon name="chevronDown" size={12} />
      </button>
      {open && (
        <div ref={menu} className="more-menu" role="menu" aria-label="More views" onKeyDown={onMenuKey}>
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="menuitemradio"
              aria-checked={t.id === active}
              tabIndex={-1}
              className={`more-item ${t.id === active ? 'active' : ''}`}
              onClick={() => {
                close(true);
                onSelect(t.id);
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function ViewTabs({ tabs, active, onSelect }: { tabs: TabDef[]; active: string; onSelect: (id: string) => void }) {
  const wrap = useRef<HTMLDivElement>(null);
  const measure = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(tabs.length);
  const activeAt = tabs.findIndex((t) => t.id === active);
  useLayoutEffect(() => {
    const box = wrap.current;
    const row = measure.current;
    if (!box || !row) return;
    const compute = () => {
      const all = [...row.children].map((c) => c.getBoundingClientRect().width);
      const widths = all.slice(0, tabs.length);
      const moreLabel = all[tabs.length] ?? 40;
      // The More button names the active view when that view is in the menu, so it is wider then.
      let k = tabsThatFit(widths, box.clientWidth, moreLabel + MORE_EXTRA);
      if (k < tabs.length && activeAt >= k) k = tabsThatFit(widths, box.clientWidth, Math.max(moreLabel, widths[activeAt] ?? 0) + MORE_EXTRA);
      setFit(k);
    };
    compute();
    const ro = new ResizeObserver(compute);
    ro.observe(box);
    return () => ro.disconnect();
  }, [tabs, activeAt]);
  const shown = tabs.slice(0, fit);
  const rest = tabs.slice(fit);
  return (
    <div ref={wrap} className="view-tabs-wrap">
      {/* Off-screen copies of the labels, measured to decide how many tabs fit. */}
      <div ref={measure} className="view-tabs-measure" aria-hidden="true">
        {tabs.map((t) => (
          <span key={t.id} className="view-tab">
            {t.label}
          </span>
        ))}
        <span className="view-tab">More</span>
      </div>
      <nav className="view-tabs" role="tablist" aria-label="Views">
        {shown.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={active === v.id} className={`view-tab ${active === v.id ? 'active' : ''}`} onClick={() => onSelect(v.id)}>
            {v.label}
          </button>
        ))}
      </nav>
      {rest.length > 0 && <MoreMenu tabs={rest} active={active} onSelect={onSelect} />}
    </div>
  );
}

function statusText(status: ConnectionStatus, info: ServerInfo | null): string {
  if (status === 'token-refused') return 'Token refused';
  if (status === 'down') return 'Reconnecting…';
  if (!info) return 'Connected';
  return info.daemon.state === 'running' ? 'Daemon running' : info.daemon.state === 'external' ? 'Daemon in another process' : 'Daemon off';
}

export function TopBar(props: {
  tabs: TabDef[];
  view: string;
  onView: (id: string) => void;
  status: ConnectionStatus;
  info: ServerInfo | null;
  theme: 'dark' | 'light';
  onPalette: () => void;
  onSearch: () => void;
  onToggleTheme: () => void;
}) {
  const { status, info, theme } = props;
  const text = statusText(status, info);
  const detail = status === 'connected' ? (info?.daemon.message ?? text) : text;
  const daemonClass = status !== 'connected' || !info ? '' : info.daemon.state === 'running' ? '' : info.daemon.state === 'external' ? 'conn-daemon-external' : 'conn-daemon-off';
  return (
    <div className="topbar">
      <button type="button" className="palette-trigger" onClick={props.onPalette} aria-label="Open command palette" title="Search sessions and commands (Ctrl+K)">
        <Icon name="search" size={14} />
        <span>Search sessions and commands</span>
        <kbd>Ctrl K</kbd>
      </button>
      <ViewTabs tabs={props.tabs} active={props.view} onSelect={props.onView} />
      <span className={`conn ${status === 'connected' ? 'conn-ok' : 'conn-bad'} ${daemonClass}`} role="status" title={detail}>
        <span className="conn-dot" aria-hidden="true" />
        <span className="conn-label">{text}</span>
      </span>
      <button type="button" className="icon-btn" onClick={props.onSearch} aria-label="Search all output" title="Search all output (Ctrl+Shift+F)">
        <Icon name="terminal" />
      </button>
      <button type="button" className="icon-btn" onClick={props.onToggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} title="Toggle theme (Ctrl+Shift+L)">
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
      </button>
    </div>
  );
}

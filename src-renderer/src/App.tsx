// The Switchyard window: session sidebar, the selected session, dialogs, palette and notices.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConfigSummary, ServerInfo, Session } from '../../src-main/api';
import type { Connection, ConnectionStatus } from './api/connect';
import { CommandPalette } from './components/CommandPalette';
import type { Command } from './components/CommandPalette';
import { Icon } from './components/Icons';
import { NewSessionDialog } from './components/NewSessionDialog';
import { SearchPanel } from './components/SearchPanel';
import { SessionView } from './components/SessionView';
import { SplitView } from './components/SplitView';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { TokenRefusedBanner } from './components/TokenRefusedBanner';
import { TopBar } from './components/TopBar';
import { TrustBanner } from './components/TrustBanner';
import type { Toast, ToastAction } from './components/Toasts';
import { AttentionControls } from './components/AttentionControls';
import { useAttention } from './lib/attention';
import { describeEngineEvent } from './lib/events';
import { buildCommands } from './lib/commands';
import { useNow, usePolled, useSessions } from './lib/hooks';
import { useSplit } from './lib/split-state';
import { expectedViewSize } from './lib/view-size';
import { extraViews } from './views';

type Theme = 'dark' | 'light';
const THEME_KEY = 'switchyard.theme';

function viewFromHash(): string {
  const m = /[#&]v=([\w-]+)/.exec(location.hash);
  return m?.[1] && extraViews.some((v) => v.id === m[1]) ? m[1] : 'sessions';
}

function selectedFromHash(): string | null {
  const m = /[#&]s=([\w-]+)/.exec(location.hash);
  return m?.[1] ?? null;
}

export function App({ connection }: { connection: Connection }) {
  const { client } = connection;
  const { sessions, loaded } = useSessions(client);
  const now = useNow(1000);
  const [selectedId, setSelectedId] = useState<string | null>(selectedFromHash);
  const [view, setView] = useState<string>(viewFromHash);
  const [dialog, setDialog] = useState<'new' | 'palette' | 'search' | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [status, setStatus] = useState<ConnectionStatus>('connected');
  const [theme, setTheme] = useState<Theme | null>(() => (localStorage.getItem(THEME_KEY) as Theme | null) ?? null);
  const [findRequest, setFindRequest] = useState(0);
  const toastId = useRef(0);

  const config = usePolled<ConfigSummary>(async () => {
    const r = await client.call('getConfig', {});
    return r.ok ? r.value : null;
  }, 60_000, [client]);
  // The total spent, deleted sessions included; read again whenever a listed session's cost moves.
  const listedCost = useMemo(() => sessions.reduce((sum, s) => sum + s.metrics.costUsd, 0), [sessions]);
  const spent = usePolled<{ costUsd: number }>(async () => {
    const r = await client.call('spendTotal', {});
    return r.ok ? r.value : null;
  }, 30_000, [client, listedCost, sessions.length]);
  const info = usePolled<ServerInfo>(async () => {
    const r = await client.call('getServerInfo', {});
    return r.ok ? r.value : null;
  }, 15_000, [client]);

  const effectiveTheme: Theme = theme ?? config?.theme ?? 'dark';
  useEffect(() => {
    document.documentElement.dataset.theme = effectiveTheme;
  }, [effectiveTheme]);

  useEffect(() => connection.onStatus(setStatus), [connection]);

  const toast = useCallback((text: string, kind: Toast['kind'] = 'info', action?: ToastAction, key?: string) => {
    const id = ++toastId.current;
    // A notice with the key of one still shown replaces it (a budget stop group that grew).
    setToasts((t) => [...t.filter((x) => !key || x.key !== key).slice(-4), { id, text, kind, ...(action ? { action } : {}), ...(key ? { key } : {}) }]);
    // A notice with a link stays longer: there is something to click.
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' || action ? 9000 : 5000);
  }, []);

  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    setView('sessions');
    history.replaceState(null, '', `${location.pathname}${location.search}${id ? `#s=${id}` : ''}`);
  }, []);

  const showView = useCallback((id: string) => {
    setView(id);
    history.replaceState(null, '', `${location.pathname}${location.search}${id === 'sessions' ? '' : `#v=${id}`}`);
  }, []);
  const activeView = extraViews.find((v) => v.id === view) ?? null;
  const tabs = useMemo(() => [{ id: 'sessions', label: 'Sessions' }, ...extraViews.map((v) => ({ id: v.id, label: v.label }))], []);

  // Engine events and session changes: the attention model's notices, badges and unread markers;
  // other engine events (schedules, the daemon) become plain notices.
  const attention = useAttention({
    client,
    kind: connection.kind,
    sessions,
    loaded,
    selectedId: view === 'sessions' ? selectedId : null,
    onOpenSession: select,
    onShowView: showView,
    toast,
    onOtherEvent: (e) => {
      const d = describeEngineEvent(e);
      if (d) toast(d.text, d.kind);
    },
  });

  // The desktop shell asks for a session (a notification was clicked) or a new one (the tray menu).
  useEffect(
    () =>
      client.subscribe('shell', {}, (request) => {
        if (request.kind === 'openSession') select(request.id);
        else setDialog('new');
      }),
    [client, select],
  );

  // Nothing chosen yet: preselect the newest session, without leaving the view the page opened on.
  useEffect(() => {
    if (loaded && !selectedId && sessions[0]) setSelectedId(sessions[0].id);
  }, [loaded, selectedId, sessions]);

  const selected = useMemo(() => sessions.find((s) => s.id === selectedId) ?? null, [sessions, selectedId]);
  const splitError = useCallback((text: string) => toast(text, 'error'), [toast]);
  const split = useSplit({ client, config, sessions, loaded, onError: splitError });
  // The split view shows while the selected session is one of its two or more.
  const showSplit = !activeView && split.ids.length >= 2 && selectedId !== null && split.ids.includes(selectedId);

  const act = useCallback(
    async (session: Session, action: 'stop' | 'resume' | 'delete' | 'open') => {
      const id = session.id;
      if (action === 'open') {
        const r = await client.call('openWorktreeFolder', { id });
        if (!r.ok) return toast(r.error.message, 'error');
        if (connection.kind === 'browser') {
          void navigator.clipboard?.writeText(r.value.path).catch(() => undefined);
          toast(`Folder: ${r.value.path} (path copied)`);
        } else toast(`Opened ${r.value.path}`);
        return;
      }
      const r =
        action === 'stop'
          ? await client.call('stopSession', { id })
          : action === 'resume'
            ? await client.call('resumeSession', { id, terminalSize: expectedViewSize() })
            : await client.call('deleteSession', { id });
      if (!r.ok) return toast(r.error.message, 'error');
      if (action === 'delete') {
        select(null);
        toast(`Deleted session ${id}`);
      } else toast(action === 'stop' ? `Stopped session ${id}` : `Resumed session ${id}`);
    },
    [client, connection.kind, select, toast],
  );

  const move = useCallback(
    (delta: number) => {
      if (sessions.length === 0) return;
      const at = sessions.findIndex((s) => s.id === selectedId);
      const next = sessions[Math.max(0, Math.min(sessions.length - 1, (at < 0 ? 0 : at) + delta))];
      if (next) select(next.id);
    },
    [sessions, selectedId, select],
  );

  const toggleTheme = useCallback(() => {
    const next = effectiveTheme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(THEME_KEY, next);
    setTheme(next);
  }, [effectiveTheme]);

  // Global shortcuts.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.shiftKey && e.code === 'KeyK') {
        e.preventDefault();
        setDialog((d) => (d === 'palette' ? null : 'palette'));
      } else if (mod && e.shiftKey && e.code === 'KeyF') {
        e.preventDefault();
        setDialog('search');
      } else if (e.altKey && e.code === 'KeyN') {
        e.preventDefault();
        setDialog('new');
      } else if (e.altKey && e.code === 'ArrowDown') {
        e.preventDefault();
        move(1);
      } else if (e.altKey && e.code === 'ArrowUp') {
        e.preventDefault();
        move(-1);
      } else if (mod && e.shiftKey && e.code === 'KeyL') {
        e.preventDefault();
        toggleTheme();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, toggleTheme]);

  const commands = useMemo<Command[]>(
    () =>
      buildCommands({
        client,
        theme: effectiveTheme,
        selected,
        sessions,
        tabs,
        openDialog: setDialog,
        toggleTheme,
        move,
        find: () => setFindRequest((n) => n + 1),
        act,
        select,
        showView,
        toast,
        confirm: (q) => window.confirm(q),
      }),
    [client, effectiveTheme, selected, sessions, tabs, toggleTheme, move, act, select, showView, toast],
  );

  return (
    <div className="app">
      <Sidebar
        sessions={sessions}
        loaded={loaded}
        selectedId={selectedId}
        onSelect={select}
        onNew={() => setDialog('new')}
        now={now}
        needs={attention.needs}
        unread={attention.unread}
        spentUsd={spent?.costUsd ?? null}
        attentionControls={<AttentionControls attention={attention} desktop={connection.kind === 'electron'} />}
      />
      <div className="main-col">
        <TopBar
          tabs={tabs}
          view={view}
          onView={showView}
          status={status}
          info={info}
          theme={effectiveTheme}
          onPalette={() => setDialog('palette')}
          onSearch={() => setDialog('search')}
          onToggleTheme={toggleTheme}
        />
        {status === 'token-refused' && <TokenRefusedBanner />}
        <TrustBanner client={client} onToast={toast} />
        {activeView ? (
          <activeView.Component client={client} theme={effectiveTheme} sessions={sessions} now={now} onOpenSession={select} onToast={toast} />
        ) : showSplit ? (
          <SplitView
            client={client}
            sessions={sessions}
            ids={split.ids}
            focusedId={selectedId}
            panes={split.panes}
            theme={effectiveTheme}
            findRequest={findRequest}
            onToast={toast}
            onFocus={select}
            onChange={split.setSplit}
            onLayout={split.chooseLayout}
          />
        ) : selected ? (
          <SessionView
            client={client}
            session={selected}
            theme={effectiveTheme}
            now={now}
            findRequest={findRequest}
            onToast={toast}
            onAction={(a) => act(selected, a)}
            others={sessions.filter((s) => s.id !== selected.id)}
            onSplit={(other) => split.setSplit(split.ids.includes(selected.id) ? [...split.ids, other] : [selected.id, other])}
          />
        ) : (
          <main className="empty-main" aria-label="No session selected">
            <div className="empty-card">
              <h1>{loaded && sessions.length === 0 ? 'Start your first agent session' : 'Pick a session'}</h1>
              <p className="muted">Each agent runs in its own worktree under a detached runner; its terminal is kept and replayed here.</p>
              <button type="button" className="btn btn-primary" onClick={() => setDialog('new')}>
                <Icon name="plus" size={14} />
                New session
              </button>
              <dl className="shortcuts">
                <dt>
                  <kbd>Ctrl K</kbd>
                </dt>
                <dd>Command palette</dd>
                <dt>
                  <kbd>Alt N</kbd>
                </dt>
                <dd>New session</dd>
                <dt>
                  <kbd>Ctrl Shift F</kbd>
                </dt>
                <dd>Search all output</dd>
                <dt>
                  <kbd>Alt ↑ ↓</kbd>
                </dt>
                <dd>Previous / next session</dd>
              </dl>
            </div>
          </main>
        )}
      </div>
      {dialog === 'new' && (
        <NewSessionDialog
          client={client}
          config={config}
          onClose={() => setDialog(null)}
          onStarted={(s) => {
            setDialog(null);
            select(s.id);
            toast(`Started session ${s.id}`);
          }}
        />
      )}
      {dialog === 'palette' && <CommandPalette commands={commands} onClose={() => setDialog(null)} />}
      {dialog === 'search' && (
        <SearchPanel
          client={client}
          onClose={() => setDialog(null)}
          onOpen={(id) => {
            setDialog(null);
            select(id);
          }}
        />
      )}
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((t) => t.filter((x) => x.id !== id))} />
    </div>
  );
}

// The session's terminal: the whole log replayed, then live output; typing and resizing reach the
// agent in interactive sessions; copy and search. Only the selected session has one, and it stops
// receiving while the page is hidden.
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import type { Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { isLive } from '../lib/format';
import { TerminalFeed } from '../lib/terminal-feed';
import type { FeedState } from '../lib/terminal-feed';
import { XTERM_THEMES } from '../lib/xterm-theme';
import { Icon } from './Icons';

interface Props {
  client: ApiClient;
  session: Session;
  theme: 'dark' | 'light';
  onToast: (text: string, kind?: 'info' | 'error') => void;
  findRequest: number;
  /** Shown first in the bar (the switch to the readable view). */
  barStart?: ReactNode;
}

/** Finds `query` in the terminal's buffer, from a position, forwards or backwards. */
function findInBuffer(term: Terminal, query: string, from: { row: number; col: number }, back: boolean): { row: number; col: number } | null {
  const buf = term.buffer.active;
  const needle = query.toLowerCase();
  const rows = buf.length;
  for (let n = 0; n <= rows; n++) {
    const row = back ? (from.row - n + rows) % rows : (from.row + n) % rows;
    const text = buf.getLine(row)?.translateToString(true).toLowerCase() ?? '';
    let col: number;
    if (n === 0) col = back ? text.lastIndexOf(needle, from.col - 1) : text.indexOf(needle, from.col + 1);
    else col = back ? text.lastIndexOf(needle) : text.indexOf(needle);
    if (col >= 0) return { row, col };
  }
  return null;
}

export function TerminalPane({ client, session, theme, onToast, findRequest, barStart }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const feedRef = useRef<TerminalFeed | null>(null);
  const [state, setState] = useState<{ state: FeedState; detail?: string }>({ state: 'connecting' });
  const [findOpen, setFindOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<string>('');
  const matchPos = useRef<{ row: number; col: number }>({ row: 0, col: -1 });
  const findInput = useRef<HTMLInputElement>(null);
  const interactive = session.mode === 'interactive';
  const live = isLive(session);
  const inputEnabled = useRef(false);
  inputEnabled.current = interactive && live;

  // One terminal per session view.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      theme: XTERM_THEMES[theme],
      fontFamily: '"JetBrains Mono", "Cascadia Code", "Fira Code", Menlo, Consolas, "DejaVu Sans Mono", monospace',
      fontSize: 13,
      lineHeight: 1.15,
      scrollback: 20_000,
      cursorBlink: false,
      convertEol: false,
      allowProposedApi: false,
      disableStdin: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    termRef.current = term;
    let resizeTimer: ReturnType<typeof setTimeout> | null = null;
    let sizedLive = false;
    const sendSize = () => {
      if (!inputEnabled.current) return;
      if (resizeTimer) clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => void client.call('terminalResize', { id: session.id, cols: term.cols, rows: term.rows }), 120);
    };
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    // The runner may start after the view: send the size again once output flows.
    const feed = new TerminalFeed(client, session.id, { write: (data, done) => term.write(data, done) }, (s, detail) => {
      if (s === 'live' && !sizedLive) {
        sizedLive = true;
        sendSize();
      }
      setState(detail === undefined ? { state: s } : { state: s, detail });
    });
    feedRef.current = feed;
    refit();
    const observer = new ResizeObserver(() => refit());
    observer.observe(el);
    const sizeSub = term.onResize(sendSize);
    const dataSub = term.onData((data) => {
      if (!inputEnabled.current) return;
      void client.call('terminalInput', { id: session.id, data }).then((r) => {
        if (!r.ok) onToast(r.error.message, 'error');
      });
    });
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.shiftKey && e.code === 'KeyC') {
        const sel = term.getSelection();
        if (sel) void navigator.clipboard?.writeText(sel);
        return false;
      }
      if (mod && !e.shiftKey && e.code === 'KeyF') {
        e.preventDefault();
        setFindOpen(true);
        return false;
      }
      // Leave the app's own shortcuts to the app.
      if ((mod && e.code === 'KeyK') || (e.altKey && (e.code === 'KeyN' || e.code === 'ArrowUp' || e.code === 'ArrowDown'))) return false;
      return true;
    });
    const onVisibility = () => feed.setHidden(document.visibilityState === 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    feed.start();
    if (document.visibilityState === 'hidden') feed.setHidden(true);
    sendSize();
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      observer.disconnect();
      sizeSub.dispose();
      dataSub.dispose();
      feed.stop();
      if (resizeTimer) clearTimeout(resizeTimer);
      term.dispose();
      termRef.current = null;
      feedRef.current = null;
    };
    // Recreated only for another session; theme and liveness are applied below.
  }, [client, session.id]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = XTERM_THEMES[theme];
  }, [theme]);

  // A resumed session gets a new runner: follow it from where the log ended.
  useEffect(() => {
    if (live && (state.state === 'ended' || state.state === 'exited' || state.state === 'error')) {
      const t = setTimeout(() => feedRef.current?.restart(), 300);
      return () => clearTimeout(t);
    }
  }, [live, session.runnerPid, state.state]);

  useEffect(() => {
    if (findRequest > 0) setFindOpen(true);
  }, [findRequest]);

  useEffect(() => {
    if (findOpen) findInput.current?.focus();
  }, [findOpen]);

  const find = (back: boolean) => {
    const term = termRef.current;
    if (!term || !query) return;
    const at = findInBuffer(term, query, matchPos.current, back);
    if (!at) {
      setFound('No matches');
      term.clearSelection();
      return;
    }
    matchPos.current = at;
    term.select(at.col, at.row, query.length);
    term.scrollToLine(Math.max(0, at.row - Math.floor(term.rows / 2)));
    setFound(`Line ${at.row + 1}`);
  };

  const copy = () => {
    const term = termRef.current;
    if (!term) return;
    const sel = term.getSelection();
    let text = sel;
    if (!text) {
      term.selectAll();
      text = term.getSelection();
      term.clearSelection();
    }
    void navigator.clipboard?.writeText(text).then(
      () => onToast(sel ? 'Copied the selection' : 'Copied the whole output'),
      () => onToast('The browser refused clipboard access', 'error'),
    );
  };

  const status =
    state.state === 'live'
      ? interactive && live
        ? 'Live · typing goes to the agent'
        : live
          ? 'Live'
          : 'Replayed'
      : state.state === 'connecting'
        ? 'Connecting…'
        : state.state === 'exited'
          ? `Agent ${state.detail ?? 'exited'}`
          : state.state === 'ended'
            ? 'Saved output'
            : state.state === 'paused'
              ? 'Paused while hidden'
              : `Error: ${state.detail ?? 'unknown'}`;

  return (
    <section className="terminal-card" aria-label="Terminal output">
      <div className="terminal-bar">
        {barStart}
        <span className={`term-status term-${state.state}`}>
          <Icon name="terminal" size={13} />
          {status}
        </span>
        <span className="spacer" />
        {findOpen && (
          <div className="find" role="search" aria-label="Find in terminal">
            <input
              ref={findInput}
              type="search"
              aria-label="Find in output"
              placeholder="Find in output"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setFound('');
                matchPos.current = { row: 0, col: -1 };
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') find(e.shiftKey);
                if (e.key === 'Escape') {
                  setFindOpen(false);
                  termRef.current?.clearSelection();
                  termRef.current?.focus();
                }
              }}
            />
            <span className="find-result" aria-live="polite">
              {found}
            </span>
            <button type="button" className="icon-btn" aria-label="Previous match" onClick={() => find(true)}>
              <Icon name="chevronUp" size={14} />
            </button>
            <button type="button" className="icon-btn" aria-label="Next match" onClick={() => find(false)}>
              <Icon name="chevronDown" size={14} />
            </button>
            <button type="button" className="icon-btn" aria-label="Close find" onClick={() => setFindOpen(false)}>
              <Icon name="close" size={14} />
            </button>
          </div>
        )}
        {!findOpen && (
          <button type="button" className="icon-btn" aria-label="Find in output" title="Find (Ctrl+F)" onClick={() => setFindOpen(true)}>
            <Icon name="search" size={14} />
          </button>
        )}
        <button type="button" className="icon-btn" aria-label="Copy output" title="Copy selection, or all output (Ctrl+Shift+C)" onClick={copy}>
          <Icon name="copy" size={14} />
        </button>
      </div>
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </section>
  );
}

// A session's terminal: the whole log replayed, then live output; typing and resizing reach the
// agent in interactive sessions; copy, find (addon-search), clickable links (addon-web-links), and
// the WebGL renderer where the browser has it (else xterm's DOM renderer). The selected session has
// one, and each session of the split view; each stops receiving while the page is hidden.
// Esc then Tab (within LEAVE_MS) leaves a live terminal; a read-only one never keeps Tab.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import type { Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { isLive } from '../lib/format';
import { TerminalFeed } from '../lib/terminal-feed';
import type { FeedState } from '../lib/terminal-feed';
import { rememberViewSize, TERMINAL_FONT, TERMINAL_FONT_SIZE, TERMINAL_LINE_HEIGHT } from '../lib/view-size';
import { XTERM_THEMES } from '../lib/xterm-theme';
import { Icon } from './Icons';
import { TerminalFind } from './TerminalFind';

/** Escape, then Tab within this long, moves focus out of the terminal instead of sending the Tab. */
const LEAVE_MS = 1500;

/** Links open outside the app: a new tab in browser mode; in Electron the shell's window-open guard hands them to the OS. */
function openLink(event: MouseEvent, uri: string): void {
  event.preventDefault();
  window.open(uri, '_blank', 'noopener,noreferrer');
}

/** The GPU renderer, or silently the DOM renderer (no WebGL, e.g. a headless browser; or a lost context). */
function loadRenderer(term: Terminal, host: HTMLElement): void {
  host.dataset.renderer = 'dom';
  try {
    const gl = new WebglAddon();
    gl.onContextLoss(() => {
      gl.dispose();
      host.dataset.renderer = 'dom';
    });
    term.loadAddon(gl);
    host.dataset.renderer = 'webgl';
  } catch {
    // DOM renderer
  }
}

interface Props {
  client: ApiClient;
  session: Session;
  theme: 'dark' | 'light';
  onToast: (text: string, kind?: 'info' | 'error') => void;
  findRequest: number;
  /** Shown first in the bar (the switch to the readable view). */
  barStart?: ReactNode;
  /** In the split view: its size is not the single view's, so new sessions do not start at it. */
  inSplit?: boolean;
  /** Keys the split view takes before the terminal does (pane navigation); true: taken. */
  onKey?: (e: KeyboardEvent) => boolean;
}

export function TerminalPane({ client, session, theme, onToast, findRequest, barStart, inSplit = false, onKey }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const feedRef = useRef<TerminalFeed | null>(null);
  const [search, setSearch] = useState<SearchAddon | null>(null);
  const [state, setState] = useState<{ state: FeedState; detail?: string }>({ state: 'connecting' });
  const [findOpen, setFindOpen] = useState(false);
  const keyHook = useRef(onKey);
  keyHook.current = onKey;
  const splitRef = useRef(inSplit);
  splitRef.current = inSplit;
  const interactive = session.mode === 'interactive';
  const live = isLive(session);
  const inputEnabled = useRef(false);
  inputEnabled.current = interactive && live;

  // One terminal per session view. A layout effect, and the subscription first: the round trip to
  // the session's runner overlaps building the terminal and the page's next paint (bench/ui.ts, the
  // session switch: the request now leaves ~10 ms after the click instead of ~40). Output can only
  // arrive in a later task, once the terminal below exists.
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    let sizedLive = false; // the runner may start after the view: the size goes again once output flows
    const feed = new TerminalFeed(client, session.id, { write: (data, done) => term.write(data, done) }, (s, detail) => {
      if (s === 'live' && !sizedLive) {
        sizedLive = true;
        sendSize();
      }
      setState(detail === undefined ? { state: s } : { state: s, detail });
    });
    feedRef.current = feed;
    feed.start();
    if (document.visibilityState === 'hidden') feed.setHidden(true);
    const term = new Terminal({
      theme: XTERM_THEMES[theme],
      fontFamily: TERMINAL_FONT,
      fontSize: TERMINAL_FONT_SIZE,
      lineHeight: TERMINAL_LINE_HEIGHT,
      scrollback: 20_000,
      cursorBlink: false,
      convertEol: false,
      // The search addon's match highlights are decorations, a proposed API.
      allowProposedApi: true,
      disableStdin: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    const finder = new SearchAddon({ highlightLimit: 2000 });
    term.loadAddon(finder);
    term.loadAddon(new WebLinksAddon(openLink));
    term.open(el);
    loadRenderer(term, el);
    termRef.current = term;
    setSearch(finder);
    let resizeTimer: ReturnType<typeof setTimeout> | null = null;
    const sendSize = () => {
      if (!inputEnabled.current) return;
      if (resizeTimer) clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => void client.call('terminalResize', { id: session.id, cols: term.cols, rows: term.rows }), 120);
    };
    const refit = () => {
      try {
        fit.fit();
        // What the agent is told (also read by tests): the fitted size.
        el.dataset.cols = String(term.cols);
        el.dataset.rows = String(term.rows);
        if (!splitRef.current && el.clientWidth > 0) rememberViewSize({ cols: term.cols, rows: term.rows });
      } catch {
        // not laid out yet
      }
    };
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
    let escapedAt = 0;
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (keyHook.current?.(e)) {
        e.preventDefault();
        return false;
      }
      // Leaving: returning false without preventDefault lets the browser move focus on.
      if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) {
        if (!inputEnabled.current || Date.now() - escapedAt < LEAVE_MS) {
          escapedAt = 0;
          return false;
        }
      }
      // A modifier pressed on its own (the Shift of Esc, Shift+Tab) keeps the Escape pending.
      if (!['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) escapedAt = e.key === 'Escape' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey ? Date.now() : 0;
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
      setSearch(null);
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
        {findOpen && search && termRef.current && <TerminalFind search={search} term={termRef.current} onClose={() => setFindOpen(false)} />}
        {!findOpen && (
          <button type="button" className="icon-btn" aria-label="Find in output" title="Find (Ctrl+F)" onClick={() => setFindOpen(true)}>
            <Icon name="search" size={14} />
          </button>
        )}
        {interactive && live && (
          <span className="term-leave muted small" title="Press Esc, then Tab, to move focus out of the terminal (Shift+Tab moves back)">
            <kbd>Esc</kbd> <kbd>Tab</kbd> leaves
          </span>
        )}
        <button type="button" className="icon-btn" aria-label="Copy output" title="Copy selection, or all output (Ctrl+Shift+C)" onClick={copy}>
          <Icon name="copy" size={14} />
        </button>
      </div>
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </section>
  );
}

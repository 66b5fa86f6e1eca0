// A session's output, as people read it: a headless session's conversation (from its agent's
// stream), or an interactive session's last screen when it ended full-screen (a replay would end
// on the blank normal screen), with a switch to the raw terminal. The host decides which
// (`sessionOutputView`); the terminal is always one click away.
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { OutputView, Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { isLive } from '../lib/format';
import { ConversationView, ScreenView } from './Transcript';
import { TerminalPane } from './TerminalPane';

interface Props {
  client: ApiClient;
  session: Session;
  theme: 'dark' | 'light';
  onToast: (text: string, kind?: 'info' | 'error') => void;
  findRequest: number;
  /** Shown in the split view (see TerminalPane). */
  inSplit?: boolean;
  onKey?: (e: KeyboardEvent) => boolean;
}

type Mode = 'readable' | 'terminal';
const REFRESH_MS = 2000;

/**
 * The host's view of the session's output: refreshed while a headless session runs (its
 * conversation grows); an interactive one is asked again when its state changes (its last screen
 * matters once it has ended).
 */
function useOutputView(client: ApiClient, session: Session): OutputView | null {
  const [view, setView] = useState<OutputView | null>(null);
  const live = isLive(session) && session.mode === 'headless';
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      void client.call('sessionOutputView', { id: session.id }).then((r) => {
        if (stopped) return;
        if (r.ok) setView(r.value);
        if (live) timer = setTimeout(load, REFRESH_MS);
      });
    };
    load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [client, session.id, live, session.state]);
  return view;
}

function Switch({ mode, readableLabel, onChange }: { mode: Mode; readableLabel: string; onChange: (m: Mode) => void }): ReactNode {
  return (
    <div className="view-switch" role="group" aria-label="Output view">
      <button type="button" className={mode === 'readable' ? 'on' : ''} aria-pressed={mode === 'readable'} onClick={() => onChange('readable')}>
        {readableLabel}
      </button>
      <button type="button" className={mode === 'terminal' ? 'on' : ''} aria-pressed={mode === 'terminal'} onClick={() => onChange('terminal')}>
        Terminal
      </button>
    </div>
  );
}

export function OutputPane({ client, session, theme, onToast, findRequest, inSplit, onKey }: Props) {
  const view = useOutputView(client, session);
  const [chosen, setChosen] = useState<Mode | null>(null);
  const firstFind = useRef(findRequest);
  // Find (Ctrl+F, or a search hit opened) works on the terminal: go there.
  useEffect(() => {
    if (findRequest !== firstFind.current) setChosen('terminal');
  }, [findRequest]);
  const readable = view?.kind === 'conversation' ? 'Conversation' : view?.kind === 'screen' ? 'Last screen' : null;
  // A live interactive session is best seen in its terminal; its last screen matters once it ended.
  // A log with nothing of the agent's stream in it (only plain lines: a wrapper script, a fake
  // agent) reads best in the terminal.
  const conversation = view?.kind === 'conversation' && (view.entries.length === 0 || view.entries.some((e) => e.kind !== 'note'));
  const preferReadable = conversation || (view?.kind === 'screen' && !(session.mode === 'interactive' && isLive(session)));
  const mode: Mode = readable === null ? 'terminal' : (chosen ?? (preferReadable ? 'readable' : 'terminal'));
  const switcher = readable ? <Switch mode={mode} readableLabel={readable} onChange={setChosen} /> : null;
  if (mode === 'terminal' || !view) {
    return <TerminalPane key={session.id} client={client} session={session} theme={theme} onToast={onToast} findRequest={findRequest} barStart={switcher} inSplit={inSplit} onKey={onKey} />;
  }
  if (view.kind === 'conversation') return <ConversationView view={view} session={session} switcher={switcher} />;
  if (view.kind === 'screen') return <ScreenView screen={view.screen} switcher={switcher} />;
  return null;
}

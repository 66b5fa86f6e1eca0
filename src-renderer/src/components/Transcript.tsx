// The readable views of a session's output: a headless conversation (assistant text, one line per
// tool call with its target and result, the final result with tokens and cost) and the last
// screen of an interactive agent that ended full-screen.
import { useLayoutEffect, useRef } from 'react';
import type { ReactNode, RefObject } from 'react';
import type { LastScreen, OutputView, Session, TranscriptEntry } from '../../../src-main/api';
import { formatCost, formatTokens } from '../lib/format';

type Conversation = Extract<OutputView, { kind: 'conversation' }>;
type ToolEntry = Extract<TranscriptEntry, { kind: 'tool' }>;
type ResultEntry = Extract<TranscriptEntry, { kind: 'result' }>;

const STATUS: Record<ToolEntry['status'], string> = { pending: 'running', ok: 'ok', error: 'failed', denied: 'denied' };

/** Paths inside the session's folder are shown relative to it. */
function shortTarget(target: string, workingDir: string): string {
  const base = workingDir.endsWith('/') ? workingDir : `${workingDir}/`;
  const parts = target.split(', ');
  return parts.every((p) => p.startsWith(base) && !/\s/.test(p)) ? parts.map((p) => p.slice(base.length)).join(', ') : target;
}

function firstLine(text: string): { line: string; more: number } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const line = (lines[0] ?? '').trim();
  return { line: line.length > 160 ? `${line.slice(0, 159)}…` : line, more: Math.max(0, lines.length - 1) };
}

function ToolLine({ e, workingDir }: { e: ToolEntry; workingDir: string }) {
  const out = e.output && e.output.trim() !== '' ? firstLine(e.output) : null;
  const target = e.target ? shortTarget(e.target, workingDir) : null;
  return (
    <li className={`tr-tool tr-${e.status}`} aria-label={[e.tool, target, STATUS[e.status]].filter(Boolean).join(' ')}>
      <span className="tr-tool-name mono">{e.tool}</span>
      {target && (
        <span className="tr-target mono" title={e.target ?? ''}>
          {target}
        </span>
      )}
      <span className={`tr-status tr-status-${e.status}`}>{STATUS[e.status]}</span>
      {out && (
        <span className="tr-output mono" title={e.output ?? ''}>
          {out.line}
          {out.more > 0 && <span className="muted"> (+{out.more} lines)</span>}
        </span>
      )}
    </li>
  );
}

function ResultCard({ e, lastText }: { e: ResultEntry; lastText: string | null }) {
  const u = e.usage;
  const tokens = u.input + u.output + u.reasoning;
  const head = !e.reported ? 'Ended without a final result' : e.isError ? 'Failed' : 'Completed';
  const answer = e.text && e.text.trim() !== lastText?.trim() ? e.text : null;
  return (
    <li className={`tr-result ${e.isError ? 'tr-result-bad' : ''}`} aria-label="Final result">
      <div className="tr-result-head">
        <strong>{head}</strong>
        <span title={`in ${u.input} · out ${u.output} · reasoning ${u.reasoning} · cache read ${u.cacheRead} · cache write ${u.cacheWrite}`}>{formatTokens(tokens)} tokens</span>
        <span>{e.costUsd === null ? 'cost not reported' : formatCost(e.costUsd)}</span>
        <span>
          {e.toolCalls} tool call{e.toolCalls === 1 ? '' : 's'}
        </span>
        <span>
          {e.filesChanged} file{e.filesChanged === 1 ? '' : 's'} changed
        </span>
      </div>
      {answer && <p className="tr-text">{answer}</p>}
    </li>
  );
}

function Card({ label, switcher, status, children, bodyRef }: { label: string; switcher: ReactNode; status: string; children: ReactNode; bodyRef?: RefObject<HTMLDivElement | null> }) {
  return (
    <section className="terminal-card transcript-card" aria-label={label}>
      <div className="terminal-bar">
        {switcher}
        <span className="term-status">{status}</span>
        <span className="spacer" />
      </div>
      <div className="transcript-body" ref={bodyRef}>
        {children}
      </div>
    </section>
  );
}

export function ConversationView({ view, session, switcher }: { view: Conversation; session: Session; switcher: ReactNode }) {
  // A running session's conversation follows its end, unless the reader scrolled up.
  const body = useRef<HTMLDivElement | null>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    if (atEnd.current) el.scrollTop = el.scrollHeight;
    const onScroll = () => (atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40);
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  }, [view.entries.length]);
  let lastText: string | null = null;
  const items = view.entries.map((e, i) => {
    switch (e.kind) {
      case 'text':
        lastText = e.text;
        return (
          <li key={i} className="tr-say">
            <p className="tr-text">{e.text.trim()}</p>
          </li>
        );
      case 'tool':
        return <ToolLine key={i} e={e} workingDir={session.workingDir} />;
      case 'note':
        return (
          <li key={i} className="tr-note mono">
            {e.text}
          </li>
        );
      case 'error':
        return (
          <li key={i} className="tr-error" role="note">
            {e.message}
          </li>
        );
      case 'result':
        return <ResultCard key={i} e={e} lastText={lastText} />;
    }
  });
  const partial = view.readBytes < view.logBytes ? ` · first ${Math.round(view.readBytes / 1048576)} MB of ${Math.round(view.logBytes / 1048576)} MB` : '';
  return (
    <Card label="Conversation" switcher={switcher} status={`From the ${session.agentType} stream${partial}`} bodyRef={body}>
      {items.length === 0 ? <p className="muted small">Nothing yet.</p> : <ol className="transcript">{items}</ol>}
    </Card>
  );
}

export function ScreenView({ screen, switcher }: { screen: LastScreen; switcher: ReactNode }) {
  const status = screen.stillInAltScreen ? 'The agent’s last full screen (its output ends there)' : 'The agent’s last full screen, before it exited';
  return (
    <Card label="Last screen" switcher={switcher} status={status}>
      <pre className="last-screen mono" aria-label="Last screen text">
        {screen.lines.join('\n')}
      </pre>
      {screen.after.length > 0 && (
        <pre className="last-screen-after mono" aria-label="Printed after it left the full screen">
          {screen.after.join('\n')}
        </pre>
      )}
    </Card>
  );
}

// A card's check on the merged tree (issue 15): its state, how long it ran (live while it runs), the
// command, the last lines of its log and the log's path, or "unchecked" for a repository without a
// check command. A live `merge_check` event, when newer than the board, wins.
import type { BoardCard as Card, BoardCheck } from '../../../../src-main/api/ops-board';
import type { MergeCheckEvent, MergeCheckState } from '../../../../src-main/api/ops-merge-checks';

const STATE_LABEL: Record<MergeCheckState, string> = {
  unchecked: 'unchecked',
  checking: 'checking',
  passed: 'check passed',
  failed: 'check failed',
  timed_out: 'check timed out',
  resolving: 'resolving',
  needs_you: 'needs you',
  landed: 'landed',
};

/** Lines of the log the card shows (the whole log is at its path). */
const TAIL_LINES = 8;

export function formatDuration(ms: number): string {
  const secs = Math.max(0, Math.round(ms / 1000));
  if (secs < 60) return `${secs} s`;
  const mins = Math.floor(secs / 60);
  return `${mins} min ${secs % 60} s`;
}

function lastLines(text: string, n: number): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.slice(-n).join('\n');
}

/** The board's record with the live event laid over it (events arrive in order: the latest is the newest news). */
export function shownCheck(check: BoardCheck | null, live: MergeCheckEvent | null): BoardCheck | null {
  if (!live) return check;
  const base: BoardCheck = check ?? { state: live.state, command: null, startedAt: null, durationMs: null, exitCode: null, logPath: null, logTail: null, message: null, resolverSessionId: null, attempts: 0, updatedAt: '' };
  return {
    ...base,
    state: live.state,
    logTail: live.tail ?? base.logTail,
    durationMs: live.durationMs ?? (live.state === base.state ? base.durationMs : null),
    message: live.message ?? base.message,
    logPath: live.logPath ?? base.logPath,
    resolverSessionId: live.resolverSessionId ?? base.resolverSessionId,
  };
}

export function CardCheck({ card: c, live, now, onOpenSession }: { card: Card; live: MergeCheckEvent | null; now: number; onOpenSession: (id: string) => void }) {
  const check = shownCheck(c.check, live);
  if (!check && c.checkRefusal) return <p className="card-check-refusal reason reason-bad">{c.checkRefusal}</p>;
  if (!check || (check.state === 'unchecked' && c.checkCommand === null)) {
    if (c.checkCommand !== null) return null;
    return (
      <p className="card-check unchecked-note">
        <span className="check-state" data-check-state="unchecked" title="This repository has no merge_queue.check_command: Merge lands the branch without a check">
          unchecked
        </span>
      </p>
    );
  }
  const running = check.state === 'checking';
  const elapsed = running && check.startedAt ? now - Date.parse(check.startedAt) : check.durationMs;
  const label = check.state === 'landed' && !check.command && !c.checkCommand ? 'landed (unchecked)' : STATE_LABEL[check.state];
  const tail = check.logTail ? lastLines(check.logTail, TAIL_LINES) : '';
  const showTail = tail !== '' && ['checking', 'failed', 'timed_out', 'needs_you'].includes(check.state);
  const logName = check.logPath ? check.logPath.split('/').slice(-2).join('/') : null;
  return (
    <section className={`card-check check-${check.state}`} aria-label="Check">
      <div className="check-line">
        <span className="check-state" data-check-state={check.state} role="status">
          {running && <span className="check-spinner" aria-hidden="true" />}
          {label}
        </span>
        {elapsed !== null && elapsed !== undefined && Number.isFinite(elapsed) && <span className="muted">{running ? `for ${formatDuration(elapsed)}` : `in ${formatDuration(elapsed)}`}</span>}
        {(check.command ?? c.checkCommand) && (
          <code className="check-command" title={`merge_queue.check_command: ${check.command ?? c.checkCommand}`}>
            {check.command ?? c.checkCommand}
          </code>
        )}
      </div>
      {check.message && check.message !== `checking: ${check.command ?? c.checkCommand}` && (
        <p className="check-message" title={check.message}>
          {check.message}
        </p>
      )}
      {showTail && (
        <pre className="check-log" aria-label="Last lines of the check log">
          {tail}
        </pre>
      )}
      <div className="check-links">
        {logName && (
          <span className="mono muted check-logpath" title={check.logPath ?? ''}>
            log: {logName}
          </span>
        )}
        {check.resolverSessionId && (
          <button type="button" className="linkish" onClick={() => onOpenSession(check.resolverSessionId as string)}>
            {check.state === 'resolving' ? 'Watch resolver' : 'Resolver transcript'} {check.resolverSessionId}
          </button>
        )}
      </div>
    </section>
  );
}

// One card of the merge-queue board: the branch, its base, diff stat, what blocks it and why, the
// patch preview, its check, and Merge ("Check & merge") / Rebase / Fix with agent / Open diff (a
// disabled button says why, in words on the card).
import { useState } from 'react';
import type { BoardAction, BoardCard as Card } from '../../../../src-main/api/ops-board';
import type { MergeCheckEvent } from '../../../../src-main/api/ops-merge-checks';
import { StateBadge } from '../../components/Sidebar';
import { CardCheck } from './CardCheck';

export interface CardResult {
  ok: boolean;
  text: string;
}

interface Props {
  card: Card;
  result: CardResult | null;
  busy: 'merge' | 'rebase' | 'commit' | 'resolve' | null;
  /** A card whose branch was merged (the queue no longer lists it), kept to show the result. */
  merged?: boolean;
  onMerge: () => void;
  onRebase: () => void;
  /** "Fix with agent": a resolver session for a failed check or a conflict. */
  onResolve?: () => void;
  /** The latest `merge_check` event of this branch (live progress between board refreshes). */
  liveCheck?: MergeCheckEvent | null;
  now?: number;
  /** Commit the card's uncommitted work; an empty message uses the task and the agent's summary. */
  onCommit?: (message: string) => void;
  onOpenDiff: () => void;
  onOpenSession: (id: string) => void;
  onDismiss?: () => void;
}

const domId = (s: string) => s.replace(/[^\w-]/g, '_');

function stat(s: { files: number; insertions: number; deletions: number }) {
  return (
    <>
      <span className="add-n">+{s.insertions}</span> <span className="del-n">−{s.deletions}</span> in {s.files} {s.files === 1 ? 'file' : 'files'}
    </>
  );
}

function ActionButton({ label, busyLabel, action, busy, anyBusy, reasonId, onClick, primary }: { label: string; busyLabel: string; action: BoardAction; busy: boolean; anyBusy: boolean; reasonId: string; onClick: () => void; primary?: boolean }) {
  const disabled = !action.enabled || anyBusy;
  return (
    <button
      type="button"
      className={`btn btn-sm ${primary && action.enabled ? 'btn-primary' : ''}`}
      disabled={disabled}
      onClick={onClick}
      title={action.enabled ? undefined : action.disabledReason}
      aria-describedby={action.enabled ? undefined : reasonId}
    >
      {busy ? busyLabel : label}
    </button>
  );
}

/** The Commit form of a card with uncommitted work: an optional message and the button. */
export function CommitForm({ action, busy, disabled, idBase, onCommit }: { action: BoardAction; busy: boolean; disabled: boolean; idBase: string; onCommit: (message: string) => void }) {
  const [message, setMessage] = useState('');
  return (
    <form
      className="commit-form"
      onSubmit={(e) => {
        e.preventDefault();
        onCommit(message);
      }}
    >
      <label className="sr-only" htmlFor={`${idBase}-msg`}>
        Commit message
      </label>
      <input id={`${idBase}-msg`} className="input input-sm" value={message} onChange={(e) => setMessage(e.target.value)} placeholder="Commit message (default: the task)" maxLength={20_000} />
      <button type="submit" className="btn btn-sm btn-primary" disabled={!action.enabled || disabled} title={action.enabled ? undefined : action.disabledReason}>
        {busy ? 'Committing…' : 'Commit'}
      </button>
    </form>
  );
}

/** Columns whose cards offer "Fix with agent". */
const FIXABLE = new Set(['check_failed', 'conflicted', 'resolving']);

export function BoardCard({ card: c, result, busy, merged, onMerge, onRebase, onResolve, liveCheck = null, now = Date.now(), onCommit, onOpenDiff, onOpenSession, onDismiss }: Props) {
  const base = `card-${domId(c.sessionId)}`;
  const { merge, rebase, commit, resolve } = c.actions;
  const mergeLabel = c.checkCommand !== null ? 'Check & merge' : 'Merge';
  const showResolve = onResolve !== undefined && FIXABLE.has(c.column);
  // A branch that landed and whose worktree went with it: nothing left to do but read what happened.
  const landed = c.check?.state === 'landed' && c.diffStat === null;
  const sameReason = !merge.enabled && !rebase.enabled && merge.disabledReason === rebase.disabledReason;
  const title = c.task.split('\n')[0] ?? c.task;
  return (
    <article className={`board-card col-${c.column} ${merged ? 'is-merged' : ''}`} aria-label={`${title} (${c.sessionId})`} data-session-id={c.sessionId}>
      <header className="card-head">
        {c.queuePosition !== null && !merged && (
          <span className="queue-pos" aria-label={`position ${c.queuePosition} in the merge queue`}>
            #{c.queuePosition}
          </span>
        )}
        <div className="card-title-block">
          <button type="button" className="card-title linkish" onClick={() => onOpenSession(c.sessionId)} title={`${c.task}\n\nOpen session ${c.sessionId}`}>
            {title}
          </button>
          <span className="card-sub">
            <span className="mono">{c.sessionId}</span>
            <StateBadge kind={c.state} compact />
          </span>
        </div>
      </header>
      <div className="card-branch mono" title={`${c.branch} into ${c.baseBranch}`}>
        <span className="branch">{c.branch}</span>
        <span className="arrow" aria-label="into">
          →
        </span>
        <span className="branch base">{c.baseBranch}</span>
      </div>
      <CardCheck card={c} live={liveCheck} now={now} onOpenSession={onOpenSession} />
      {c.check?.state !== 'landed' && <div className="card-stats">
        {c.diffStat ? c.diffStat.files > 0 ? <span>{stat(c.diffStat)}</span> : <span className="muted">No committed changes</span> : <span className="muted">Worktree missing</span>}
        {(c.ahead > 0 || c.behind > 0) && (
          <span className="muted" title={`${c.ahead} commits ahead of ${c.baseBranch}, ${c.behind} behind`}>
            {c.ahead} ahead · {c.behind} behind
          </span>
        )}
      </div>}
      {c.workingTreeStat && c.workingTreeStat.files > 0 && <div className="card-stats card-dirty">
          <span>Uncommitted: {stat(c.workingTreeStat)}</span>
        </div>}

      {c.blockedBy.some((b) => b.sessionId !== c.sessionId) && (
        <ul className="blockers" aria-label="Blocked by">
          {c.blockedBy
            .filter((b) => b.sessionId !== c.sessionId)
            .map((b) => (
              <li key={b.sessionId}>
                Blocked by{' '}
                <button type="button" className="linkish mono" onClick={() => onOpenSession(b.sessionId)}>
                  {b.sessionId}
                </button>{' '}
                <span className="muted">({b.state})</span>: both change <span className="mono">{b.conflicts.join(', ')}</span>
                {b.conflictingPatchPreview && (
                  <details className="preview">
                    <summary>Its side of the conflict</summary>
                    <pre>{b.conflictingPatchPreview}</pre>
                  </details>
                )}
              </li>
            ))}
        </ul>
      )}
      {c.conflictingFiles.length > 0 && (
        <div className="conflict-files">
          <span className="label">Conflicting files</span>
          <ul aria-label="Conflicting files">
            {c.conflictingFiles.map((f) => (
              <li key={f} className="mono">
                {f}
              </li>
            ))}
          </ul>
        </div>
      )}
      {/* The reason is usually Merge's disabled reason, shown under the buttons; only say it here when it differs. */}
      {c.reason && !merged && c.reason !== merge.disabledReason && c.reason !== c.check?.message && <p className="card-reason">{c.reason}</p>}
      {c.patchPreview && (
        <details className="preview">
          <summary>Patch preview</summary>
          <pre>{c.patchPreview}</pre>
        </details>
      )}

      {result && (
        <p className={`card-result ${result.ok ? 'ok' : 'bad'}`} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
      {landed && !merged ? null : merged ? (
        <div className="card-actions">
          <button type="button" className="btn btn-sm" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      ) : (
        <>
          {c.dirty && onCommit && <CommitForm action={commit} busy={busy === 'commit'} disabled={busy !== null} idBase={base} onCommit={onCommit} />}
          <div className="card-actions" role="group" aria-label={`Actions for ${c.sessionId}`}>
            <ActionButton label={mergeLabel} busyLabel={c.checkCommand !== null ? 'Checking…' : 'Merging…'} action={merge} busy={busy === 'merge'} anyBusy={busy !== null} reasonId={`${base}-merge-why`} onClick={onMerge} primary />
            {showResolve && <ActionButton label="Fix with agent" busyLabel="Starting…" action={resolve} busy={busy === 'resolve'} anyBusy={busy !== null} reasonId={`${base}-resolve-why`} onClick={onResolve} primary />}
            <ActionButton label="Rebase" busyLabel="Rebasing…" action={rebase} busy={busy === 'rebase'} anyBusy={busy !== null} reasonId={sameReason ? `${base}-merge-why` : `${base}-rebase-why`} onClick={onRebase} />
            <button type="button" className="btn btn-sm btn-ghost" onClick={onOpenDiff} disabled={c.diffStat === null} title={c.diffStat === null ? 'the worktree is missing' : undefined}>
              Open diff
            </button>
          </div>
          {!merge.enabled && (
            <p className="disabled-reason" id={`${base}-merge-why`}>
              {sameReason ? `${mergeLabel} and Rebase` : mergeLabel} unavailable: {merge.disabledReason}
            </p>
          )}
          {showResolve && !resolve.enabled && (
            <p className="disabled-reason" id={`${base}-resolve-why`}>
              Fix with agent unavailable: {resolve.disabledReason}
            </p>
          )}
          {!rebase.enabled && !sameReason && (
            <p className="disabled-reason" id={`${base}-rebase-why`}>
              Rebase unavailable: {rebase.disabledReason}
            </p>
          )}
        </>
      )}
    </article>
  );
}

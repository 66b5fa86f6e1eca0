// The merge-queue board: Ready (in queue order), Checking, Check failed, Resolving, Blocked, Active,
// Dirty and Conflicted columns of cards with Merge ("Check & merge" where a check is configured),
// Rebase, Fix with agent and Open diff, and Merge all ready. It refreshes every few seconds while
// the window is visible, when sessions change, after every action, and when a check changes state;
// a running check's output arrives live (the `merge_check` engine event).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BoardCard as Card, BoardColumn, BulkMergeOutcome, MergeBoard } from '../../../../src-main/api/ops-board';
import { boardColumns } from '../../../../src-main/api/ops-board';
import { Modal } from '../../components/Modal';
import type { ViewProps } from '../types';
import { BoardCard, type CardResult } from './BoardCard';
import { DiffPanel } from './DiffPanel';
import { useLiveChecks } from './useLiveChecks';
import './board.css';

const POLL_MS = 4000;
/** Session events arrive in bursts (heartbeats, output metrics): refresh at most this often for them. */
const SESSION_DEBOUNCE_MS = 1200;

const COLUMN_INFO: Record<BoardColumn, { title: string; hint: string }> = {
  ready: { title: 'Ready', hint: 'Merge in this order' },
  checking: { title: 'Checking', hint: 'Check running on the merged tree' },
  check_failed: { title: 'Check failed', hint: 'Failed on the merged tree, or needs you' },
  resolving: { title: 'Resolving', hint: 'A resolver agent is at work' },
  blocked: { title: 'Blocked', hint: 'Another branch, or a checkout, first' },
  active: { title: 'Active', hint: 'Session still working' },
  dirty: { title: 'Dirty', hint: 'Uncommitted changes' },
  conflicted: { title: 'Conflicted', hint: 'Conflicts with its base' },
  done: { title: 'Done', hint: 'Merged, or nothing to merge' },
};

function bulkSummary(o: BulkMergeOutcome, checked: boolean): string {
  const parts = [`${checked ? 'landed' : 'merged'} ${o.merged.length}`];
  if (o.rebased.length) parts.push(`rebased ${o.rebased.length}`);
  if (o.checkFailedIds?.length) parts.push(`${o.checkFailedIds.length} check failed`);
  if (o.failures.length) parts.push(`${o.failures.length} failed`);
  const held = (o.checkoutBlocked ?? []).reduce((n, b) => n + b.sessionIds.length, 0);
  if (held) parts.push(`${held} not tried: ${(o.checkoutBlocked ?? []).map((b) => b.problem).join('; ')}`);
  const skipped = o.activeWithWorktreeIds.length + o.conflictedSessionIds.length + o.dirtyWorktreeIds.length + o.nothingToMergeIds.length + o.blockedByQueueSessionIds.length;
  if (skipped) parts.push(`${skipped} skipped`);
  return `${checked ? 'Check & merge all ready' : 'Merge all ready'}: ${parts.join(', ')}.`;
}

const CHECK_COLUMNS: ReadonlySet<BoardColumn> = new Set(['checking', 'check_failed', 'resolving']);


export function MergeBoardView({ client, sessions, now, onOpenSession, onToast }: ViewProps) {
  const [board, setBoard] = useState<MergeBoard | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [results, setResults] = useState<Map<string, CardResult>>(new Map());
  const [merged, setMerged] = useState<Map<string, Card>>(new Map());
  const [busy, setBusy] = useState<Map<string, 'merge' | 'rebase' | 'commit' | 'resolve'>>(new Map());
  const [cleanBusy, setCleanBusy] = useState(false);
  const [bulkBusy, setBulkBusy] = useState(false);
  const [bulkResult, setBulkResult] = useState<CardResult | null>(null);
  const [keepWorktree, setKeepWorktree] = useState(false);
  const [diffOf, setDiffOf] = useState<string | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  const refresh = useCallback(async () => {
    // One request at a time; a refresh asked for meanwhile runs once the current one is back.
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        const r = await client.call('mergeBoard', {});
        if (r.ok) {
          setBoard(r.value);
          setLoadError(null);
          setUpdatedAt(Date.now());
        } else setLoadError(r.error.message);
      } while (again.current);
    } finally {
      inFlight.current = false;
    }
  }, [client]);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && void refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  // A check's progress (its output tail) shows at once; a state change moves the card: refresh.
  const liveChecks = useLiveChecks(client, () => void refresh());

  // Session events (state changes, worktrees added or removed) change the board.
  const sessionKey = useMemo(
    () =>
      sessions
        .map((s) => `${s.id}:${s.state}:${s.worktree?.branch ?? '-'}`)
        .sort()
        .join('|'),
    [sessions],
  );
  const firstKey = useRef(true);
  useEffect(() => {
    if (firstKey.current) {
      firstKey.current = false;
      return;
    }
    const t = setTimeout(() => void refresh(), SESSION_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [sessionKey, refresh]);

  const setResult = (id: string, r: CardResult) => setResults((m) => new Map(m).set(id, r));
  const setCardBusy = (id: string, what: 'merge' | 'rebase' | 'commit' | 'resolve' | null) =>
    setBusy((m) => {
      const next = new Map(m);
      if (what) next.set(id, what);
      else next.delete(id);
      return next;
    });

  const merge = async (card: Card) => {
    setCardBusy(card.sessionId, 'merge');
    const r = await client.call('mergeCard', { id: card.sessionId, keepWorktree });
    setCardBusy(card.sessionId, null);
    const checked = card.checkCommand !== null;
    if (!r.ok) setResult(card.sessionId, { ok: false, text: r.error.message });
    // The card's check shows the log and where it is; the result says what happened in one line.
    else if (!r.value.ok) setResult(card.sessionId, { ok: false, text: `${checked ? 'Not landed' : 'Merge failed'}: ${checked ? r.value.error.split('. Log: ')[0] : r.value.error}` });
    else {
      const o = r.value.result;
      const text = o.alreadyUpToDate
        ? `${o.baseBranch} already had everything on ${o.branch}.`
        : `${checked ? 'Check passed; landed' : 'Merged'} ${o.branch} ${checked ? 'on' : 'into'} ${o.baseBranch}${o.cleanedWorktree ? '; worktree removed' : ''}.${o.keptReason ? ` Note: ${o.keptReason}.` : ''}`;
      setResult(card.sessionId, { ok: true, text });
      if (o.cleanedWorktree) setMerged((m) => new Map(m).set(card.sessionId, card));
      onToast(text);
    }
    await refresh();
  };

  const resolve = async (card: Card) => {
    setCardBusy(card.sessionId, 'resolve');
    const r = await client.call('resolveCard', { id: card.sessionId });
    setCardBusy(card.sessionId, null);
    if (!r.ok) setResult(card.sessionId, { ok: false, text: r.error.message });
    else if (!r.value.ok) setResult(card.sessionId, { ok: false, text: `Fix with agent failed: ${r.value.error}` });
    else {
      const o = r.value.result;
      const text = `Resolver ${o.resolverSessionId} started (${o.kind === 'conflict' ? 'conflict' : 'failed check'}, attempt ${o.attempt}); the branch is checked again when it finishes.`;
      setResult(card.sessionId, { ok: true, text });
      onToast(text);
    }
    await refresh();
  };

  const rebase = async (card: Card) => {
    setCardBusy(card.sessionId, 'rebase');
    const r = await client.call('rebaseCard', { id: card.sessionId });
    setCardBusy(card.sessionId, null);
    if (!r.ok) setResult(card.sessionId, { ok: false, text: r.error.message });
    else if (!r.value.ok) setResult(card.sessionId, { ok: false, text: `Rebase failed: ${r.value.error}` });
    else {
      const o = r.value.result;
      setResult(card.sessionId, { ok: true, text: o.alreadyUpToDate ? `${o.branch} was already up to date with ${o.baseBranch}.` : `Rebased ${o.branch} onto ${o.baseBranch}.` });
    }
    await refresh();
  };

  const commit = async (card: Card, message: string) => {
    setCardBusy(card.sessionId, 'commit');
    const r = await client.call('commitCard', { id: card.sessionId, ...(message.trim() ? { message } : {}) });
    setCardBusy(card.sessionId, null);
    if (!r.ok) setResult(card.sessionId, { ok: false, text: r.error.message });
    else if (!r.value.ok) setResult(card.sessionId, { ok: false, text: `Commit failed: ${r.value.error}` });
    else {
      const o = r.value.result;
      const text = `Committed ${o.files} ${o.files === 1 ? 'file' : 'files'} on ${o.branch} as ${(o.sha ?? '').slice(0, 12)}.${o.note ? ` ${o.note}` : ''}`;
      setResult(card.sessionId, { ok: true, text });
      onToast(text);
    }
    await refresh();
  };

  const cleanUp = async () => {
    setCleanBusy(true);
    const r = await client.call('cleanUpMerged', {});
    setCleanBusy(false);
    if (!r.ok) setBulkResult({ ok: false, text: r.error.message });
    else if (!r.value.ok) setBulkResult({ ok: false, text: `Clean up merged failed: ${r.value.error}` });
    else {
      const o = r.value.result;
      const kept = o.skipped.map((x) => `${x.sessionId}: ${x.reason}`).join('; ');
      setBulkResult({ ok: o.skipped.length === 0, text: `Clean up merged: removed ${o.cleanedSessionIds.length} ${o.cleanedSessionIds.length === 1 ? 'worktree' : 'worktrees'}.${kept ? ` Kept ${kept}.` : ''}` });
    }
    await refresh();
  };

  const mergeAll = async () => {
    const before = board;
    setBulkBusy(true);
    const r = await client.call('mergeAllReady', {});
    setBulkBusy(false);
    if (!r.ok) setBulkResult({ ok: false, text: r.error.message });
    else if (!r.value.ok) setBulkResult({ ok: false, text: `Merge all ready failed: ${r.value.error}` });
    else {
      const o = r.value.result;
      // A failed check is no error of the queue, but it is news: it reads as one.
      setBulkResult({ ok: o.failures.length === 0 && !o.checkFailedIds?.length, text: bulkSummary(o, anyChecked) });
      const all = before ? boardColumns.flatMap((c) => before.columns[c]) : [];
      setResults((m) => {
        const next = new Map(m);
        for (const x of o.merged) next.set(x.sessionId, { ok: true, text: `Merged ${x.branch} into ${x.baseBranch}${x.cleanedWorktree ? '; worktree removed' : ''}.` });
        for (const x of o.rebased) if (!o.merged.some((m2) => m2.sessionId === x.sessionId)) next.set(x.sessionId, { ok: true, text: `Rebased ${x.branch} onto ${x.baseBranch}.` });
        for (const f of o.failures) next.set(f.sessionId, { ok: false, text: `Merge failed: ${f.reason}` });
        return next;
      });
      setMerged((m) => {
        const next = new Map(m);
        for (const x of o.merged) {
          const card = all.find((c) => c.sessionId === x.sessionId);
          if (card && x.cleanedWorktree) next.set(x.sessionId, card);
        }
        return next;
      });
    }
    await refresh();
  };

  const dismiss = (id: string) => {
    setMerged((m) => {
      const next = new Map(m);
      next.delete(id);
      return next;
    });
    setResults((m) => {
      const next = new Map(m);
      next.delete(id);
      return next;
    });
  };

  const live = new Set(board ? boardColumns.flatMap((c) => board.columns[c].map((x) => x.sessionId)) : []);
  const ghosts = [...merged.values()].filter((c) => !live.has(c.sessionId));
  const total = live.size;
  const mergeAllWhy = board && !board.mergeAll.enabled ? board.mergeAll.disabledReason : undefined;
  // Where a check is configured the queue lands each branch only after it passed on the merged tree.
  const anyChecked = board !== null && boardColumns.some((c) => board.columns[c].some((x) => x.checkCommand !== null));
  const mergeAllLabel = anyChecked ? 'Check & merge all ready' : 'Merge all ready';
  const cleanWhy = board && !board.cleanUpMerged.enabled ? board.cleanUpMerged.disabledReason : undefined;

  return (
    <main className="board-view" aria-label="Merge queue">
      <header className="board-head">
        <h1 className="board-title">Merge queue</h1>
        <span className="muted small" role="status">
          {board ? `${total} ${total === 1 ? 'branch' : 'branches'} · ${board.columns.ready.length} ready to merge now` : 'Loading…'}
          {board && board.checkoutBlockers.length > 0 ? ` · ${board.checkoutBlockers.length} ${board.checkoutBlockers.length === 1 ? 'blocker' : 'blockers'} for all` : ''}
          {updatedAt ? ` · updated ${new Date(updatedAt).toLocaleTimeString()}` : ''}
        </span>
        <span className="spacer" />
        <label className="check">
          <input type="checkbox" checked={keepWorktree} onChange={(e) => setKeepWorktree(e.target.checked)} />
          Keep worktrees after merging
        </label>
        <button type="button" className="btn btn-sm" onClick={() => void refresh()}>
          Refresh
        </button>
        <button type="button" className="btn btn-sm" disabled={!board?.cleanUpMerged.enabled || cleanBusy} onClick={() => void cleanUp()} title={cleanWhy ?? 'Remove the worktrees and branches in Done'}>
          {cleanBusy ? 'Cleaning up…' : 'Clean up merged'}
        </button>
        <button
          type="button"
          className="btn btn-sm btn-primary"
          disabled={!board?.mergeAll.enabled || bulkBusy}
          onClick={() => void mergeAll()}
          title={mergeAllWhy}
          aria-describedby={mergeAllWhy ? 'merge-all-why' : undefined}
        >
          {bulkBusy ? (anyChecked ? 'Checking…' : 'Merging…') : mergeAllLabel}
        </button>
      </header>
      {mergeAllWhy && (
        <p className="board-note muted small" id="merge-all-why">
          {mergeAllLabel} unavailable: {mergeAllWhy}
        </p>
      )}
      {board?.checkoutBlockers.map((b) => (
        <div key={`${b.kind}:${b.path ?? b.baseBranch}`} className="reason reason-bad board-note checkout-blocker" role="alert" aria-label={`Blocker for ${b.sessionIds.length} ${b.sessionIds.length === 1 ? 'branch' : 'branches'}`}>
          <strong>
            {b.sessionIds.length} {b.sessionIds.length === 1 ? 'branch waits' : 'branches wait'} for {b.path ?? `branch ${b.baseBranch}`}:
          </strong>{' '}
          {b.problem}.{' '}
          <span className="muted">
            {
              {
                dirty: 'Once it is clean they are ready again.',
                in_progress: 'Once that operation is finished they are ready again.',
                session_running: 'Once that session is idle or stopped they are ready again.',
                not_checked_out: `Once ${b.baseBranch} is checked out they are ready again.`,
              }[b.kind]
            }
          </span>
        </div>
      ))}
      {bulkResult && (
        <p className={`card-result board-note ${bulkResult.ok ? 'ok' : 'bad'}`} role={bulkResult.ok ? 'status' : 'alert'}>
          {bulkResult.text}
        </p>
      )}
      {loadError && (
        <p className="reason reason-bad board-note" role="alert">
          Could not load the merge queue: {loadError}
        </p>
      )}
      {board && total === 0 && ghosts.length === 0 && <p className="muted pad">No session has a worktree with work to merge. Sessions started in a git repository get a branch of their own; it shows here until it is merged.</p>}
      <div className="board-columns">
        {boardColumns.map((col) => {
          const cards = board?.columns[col] ?? [];
          const shownGhosts = col === 'ready' ? ghosts : [];
          // The check's columns take room only while a branch is in them.
          if (CHECK_COLUMNS.has(col) && cards.length === 0) return null;
          return (
            <section key={col} className={`board-column col-${col}`} aria-labelledby={`board-col-${col}`}>
              <h2 className="column-head" id={`board-col-${col}`}>
                <span>{COLUMN_INFO[col].title}</span>
                <span className="count" aria-label={`${cards.length} cards`}>
                  {cards.length}
                </span>
              </h2>
              <p className="column-hint">{COLUMN_INFO[col].hint}</p>
              <div className="column-cards">
                {shownGhosts.map((c) => (
                  <BoardCard key={`merged-${c.sessionId}`} card={c} merged result={results.get(c.sessionId) ?? null} busy={null} onMerge={() => undefined} onRebase={() => undefined} onOpenDiff={() => undefined} onOpenSession={onOpenSession} onDismiss={() => dismiss(c.sessionId)} />
                ))}
                {cards.map((c) => (
                  <BoardCard
                    key={c.sessionId}
                    card={c}
                    result={results.get(c.sessionId) ?? null}
                    busy={busy.get(c.sessionId) ?? (bulkBusy && col === 'ready' ? 'merge' : null)}
                    onMerge={() => void merge(c)}
                    onRebase={() => void rebase(c)}
                    onResolve={() => void resolve(c)}
                    liveCheck={liveChecks.get(c.sessionId) ?? null}
                    now={now}
                    onCommit={(message) => void commit(c, message)}
                    onOpenDiff={() => setDiffOf(c.sessionId)}
                    onOpenSession={onOpenSession}
                  />
                ))}
                {cards.length === 0 && shownGhosts.length === 0 && <p className="column-empty">Nothing here</p>}
              </div>
            </section>
          );
        })}
      </div>
      {diffOf && (
        <Modal title={`Diff of ${diffOf}`} onClose={() => setDiffOf(null)} className="board-diff-modal">
          <DiffPanel client={client} sessionId={diffOf} />
          <div className="form-actions">
            <button type="button" className="btn btn-sm" onClick={() => onOpenSession(diffOf)}>
              Open session
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setDiffOf(null)}>
              Close
            </button>
          </div>
        </Modal>
      )}
    </main>
  );
}

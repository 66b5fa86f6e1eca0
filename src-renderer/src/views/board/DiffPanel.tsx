// A session worktree's diff against its base: the files changed, then the chosen file as a unified
// or side-by-side diff with line numbers (worktreeDiff: committed and uncommitted changes).
import { useCallback, useEffect, useState } from 'react';
import type { DiffFile, DiffLine, WorktreeDiff } from '../../../../src-main/api/ops-board';
import type { ApiClient } from '../../api/client';
import { CommitForm } from './BoardCard';
import { churn, splitRows } from './diff-rows';

type Layout = 'unified' | 'split';
const LAYOUT_KEY = 'switchyard.diffLayout';
/** Lines shown per file before "Show all" (a generated file can have tens of thousands). */
const LINE_CAP = 2000;

const STATUS_LABEL: Record<DiffFile['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
const SIGN: Record<DiffLine['kind'], string> = { add: '+', del: '-', context: ' ' };

function UnifiedTable({ file, cap }: { file: DiffFile; cap: number }) {
  let shown = 0;
  return (
    <table className="diff-table diff-unified" aria-label={`Unified diff of ${file.path}`}>
      <tbody>
        {file.hunks.map((h, hi) => {
          if (shown >= cap) return null;
          const lines = h.lines.slice(0, cap - shown);
          shown += lines.length;
          return [
            <tr key={`h${hi}`} className="diff-hunk">
              <td colSpan={3}>{h.header}</td>
            </tr>,
            ...lines.map((l, li) => (
              <tr key={`${hi}-${li}`} className={`diff-${l.kind}`}>
                <td className="ln" data-old={l.oldNo ?? ''}>
                  {l.oldNo ?? ''}
                </td>
                <td className="ln" data-new={l.newNo ?? ''}>
                  {l.newNo ?? ''}
                </td>
                <td className="code">
                  <span className="sign" aria-hidden="true">
                    {SIGN[l.kind]}
                  </span>
                  {l.text}
                </td>
              </tr>
            )),
          ];
        })}
      </tbody>
    </table>
  );
}

function Side({ line, side }: { line: DiffLine | null; side: 'old' | 'new' }) {
  if (!line) {
    return (
      <>
        <td className="ln diff-blank" />
        <td className="code diff-blank" />
      </>
    );
  }
  const no = side === 'old' ? line.oldNo : line.newNo;
  return (
    <>
      <td className={`ln diff-${line.kind}`} {...(side === 'old' ? { 'data-old': no ?? '' } : { 'data-new': no ?? '' })}>
        {no ?? ''}
      </td>
      <td className={`code diff-${line.kind}`}>{line.text}</td>
    </>
  );
}

function SplitTable({ file, cap }: { file: DiffFile; cap: number }) {
  let shown = 0;
  return (
    <table className="diff-table diff-split" aria-label={`Side-by-side diff of ${file.path}`}>
      <colgroup>
        <col className="ln-col" />
        <col />
        <col className="ln-col" />
        <col />
      </colgroup>
      <tbody>
        {file.hunks.map((h, hi) => {
          if (shown >= cap) return null;
          const rows = splitRows(h.lines).slice(0, cap - shown);
          shown += rows.length;
          return [
            <tr key={`h${hi}`} className="diff-hunk">
              <td colSpan={4}>{h.header}</td>
            </tr>,
            ...rows.map((r, ri) => (
              <tr key={`${hi}-${ri}`}>
                <Side line={r.left} side="old" />
                <Side line={r.right} side="new" />
              </tr>
            )),
          ];
        })}
      </tbody>
    </table>
  );
}

function FileDiff({ file, layout }: { file: DiffFile; layout: Layout }) {
  const [all, setAll] = useState(false);
  const total = file.hunks.reduce((n, h) => n + h.lines.length, 0);
  const cap = all ? Infinity : LINE_CAP;
  if (file.binary) return <p className="muted pad">Binary file — no text diff.</p>;
  if (file.hunks.length === 0) return <p className="muted pad">{file.status === 'renamed' ? `Renamed from ${file.oldPath ?? '?'} with no content change.` : 'No content change (mode only).'}</p>;
  return (
    <>
      {layout === 'split' ? <SplitTable file={file} cap={cap} /> : <UnifiedTable file={file} cap={cap} />}
      {!all && total > LINE_CAP && (
        <button type="button" className="btn btn-sm diff-more" onClick={() => setAll(true)}>
          Show all {total} lines
        </button>
      )}
    </>
  );
}

// The layout choice is shared by every diff panel and remembered.
const layoutListeners = new Set<(l: Layout) => void>();
function useLayout(): [Layout, (l: Layout) => void] {
  const [layout, setLayout] = useState<Layout>(() => (localStorage.getItem(LAYOUT_KEY) === 'split' ? 'split' : 'unified'));
  useEffect(() => {
    layoutListeners.add(setLayout);
    return () => void layoutListeners.delete(setLayout);
  }, []);
  const set = useCallback((l: Layout) => {
    localStorage.setItem(LAYOUT_KEY, l);
    for (const fn of layoutListeners) fn(l);
  }, []);
  return [layout, set];
}

export function DiffPanel({ client, sessionId }: { client: ApiClient; sessionId: string }) {
  const [diff, setDiff] = useState<WorktreeDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [layout, setLayout] = useLayout();
  const [committing, setCommitting] = useState(false);
  const [commitResult, setCommitResult] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    const r = await client.call('worktreeDiff', { id: sessionId });
    setLoading(false);
    if (r.ok) {
      setDiff(r.value);
      setError(null);
      setSelected((s) => (s && r.value.files.some((f) => f.path === s) ? s : (r.value.files[0]?.path ?? null)));
    } else {
      setDiff(null);
      setError(r.error.message);
    }
  }, [client, sessionId]);
  useEffect(() => {
    setSelected(null);
    void load();
  }, [load]);

  const commit = async (message: string) => {
    setCommitting(true);
    const r = await client.call('commitCard', { id: sessionId, ...(message.trim() ? { message } : {}) });
    setCommitting(false);
    if (!r.ok) setCommitResult({ ok: false, text: r.error.message });
    else if (!r.value.ok) setCommitResult({ ok: false, text: `Commit failed: ${r.value.error}` });
    else setCommitResult({ ok: true, text: `Committed ${r.value.result.files} file(s) on ${r.value.result.branch} as ${(r.value.result.sha ?? '').slice(0, 12)}.` });
    await load();
  };

  const file = diff?.files.find((f) => f.path === selected) ?? null;
  const uncommitted = diff?.files.some((f) => f.uncommitted) ?? false;
  const adds = diff?.files.reduce((n, f) => n + f.additions, 0) ?? 0;
  const dels = diff?.files.reduce((n, f) => n + f.deletions, 0) ?? 0;
  return (
    <section className="diff-panel" aria-label={`Diff of session ${sessionId}`}>
      <div className="diff-head">
        {diff ? (
          <span className="diff-summary">
            <span className="mono">
              {diff.branch} → {diff.baseBranch}
            </span>
            <span className="muted" title={`merge base ${diff.mergeBase}`}>
              {diff.files.length} {diff.files.length === 1 ? 'file' : 'files'} changed · <span className="add-n">+{adds}</span> <span className="del-n">−{dels}</span> · since{' '}
              <span className="mono">{diff.mergeBase.slice(0, 8)}</span>
            </span>
          </span>
        ) : (
          <span className="muted">{loading ? 'Loading diff…' : ''}</span>
        )}
        <span className="spacer" />
        <div className="segmented diff-toggle" role="group" aria-label="Diff layout">
          <button type="button" className={layout === 'unified' ? 'on' : ''} aria-pressed={layout === 'unified'} onClick={() => setLayout('unified')}>
            Unified
          </button>
          <button type="button" className={layout === 'split' ? 'on' : ''} aria-pressed={layout === 'split'} onClick={() => setLayout('split')}>
            Side by side
          </button>
        </div>
        <button type="button" className="btn btn-sm" onClick={() => void load()} disabled={loading}>
          {loading ? 'Loading…' : 'Reload'}
        </button>
      </div>
      {error && (
        <p className="reason reason-bad" role="alert">
          {error}
        </p>
      )}
      {uncommitted && (
        <div className="diff-commit">
          <span className="muted small">Some changes are not committed yet: commit them on {diff?.branch} so the merge queue can take them.</span>
          <CommitForm action={{ enabled: true }} busy={committing} disabled={committing} idBase={`diff-${sessionId}`} onCommit={(m) => void commit(m)} />
        </div>
      )}
      {commitResult && (
        <p className={`card-result ${commitResult.ok ? 'ok' : 'bad'}`} role={commitResult.ok ? 'status' : 'alert'}>
          {commitResult.text}
        </p>
      )}
      {diff && diff.files.length === 0 && <p className="muted pad">No changes: the branch matches {diff.baseBranch} at the merge base.</p>}
      {diff && diff.files.length > 0 && (
        <div className="diff-body">
          <nav className="diff-files" aria-label="Files changed">
            <ul>
              {diff.files.map((f) => (
                <li key={f.path}>
                  <button type="button" className={`diff-file ${f.path === selected ? 'on' : ''}`} aria-current={f.path === selected ? 'true' : undefined} onClick={() => setSelected(f.path)} title={f.oldPath ? `${f.oldPath} → ${f.path}` : f.path}>
                    <span className={`file-status st-${f.status}`} aria-label={f.status}>
                      {STATUS_LABEL[f.status]}
                    </span>
                    <span className="file-path mono">{f.path}</span>
                    {f.uncommitted && (
                      <span className="file-flag" title="has changes not committed yet">
                        uncommitted
                      </span>
                    )}
                    <span className="file-churn">{f.binary ? 'bin' : churn(f.additions, f.deletions)}</span>
                  </button>
                </li>
              ))}
            </ul>
            {diff.omittedUntracked.length > 0 && <p className="muted small pad">{diff.omittedUntracked.length} more untracked files not shown.</p>}
          </nav>
          <div className="diff-content">
            {file && (
              <>
                <h3 className="diff-file-title mono">
                  {file.oldPath ? `${file.oldPath} → ` : ''}
                  {file.path}
                </h3>
                <FileDiff key={file.path} file={file} layout={layout} />
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

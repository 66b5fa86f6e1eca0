// Search every session's output.
import { useEffect, useState } from 'react';
import type { SearchHit, SearchPartial } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { Modal } from './Modal';

function highlight(text: string, query: string) {
  const at = text.toLowerCase().indexOf(query.toLowerCase());
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + query.length)}</mark>
      {text.slice(at + query.length)}
    </>
  );
}

const mb = (bytes: number): string => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function SearchPanel({ client, onClose, onOpen }: { client: ApiClient; onClose: () => void; onOpen: (sessionId: string, query: string) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [note, setNote] = useState('Type at least two characters.');
  const [partial, setPartial] = useState<SearchPartial[]>([]);
  useEffect(() => {
    if (query.trim().length < 2) {
      setHits([]);
      setPartial([]);
      setNote('Type at least two characters.');
      return;
    }
    const t = setTimeout(() => {
      void client.call('searchOutput', { query: query.trim(), limit: 300 }).then((r) => {
        if (!r.ok) return setNote(r.error.message);
        setHits(r.value.hits);
        setPartial(r.value.partial);
        setNote(r.value.hits.length === 0 ? 'No matches.' : `${r.value.hits.length}${r.value.truncated ? '+' : ''} matches`);
      });
    }, 200);
    return () => clearTimeout(t);
  }, [client, query]);
  return (
    <Modal title="Search all output" onClose={onClose} wide className="search-modal">
      <input type="search" className="palette-input" aria-label="Search all sessions' output" placeholder="Search every session's output" value={query} onChange={(e) => setQuery(e.target.value)} data-autofocus />
      <p className="muted small" aria-live="polite">
        {note}
      </p>
      {partial.length > 0 && (
        <ul className="search-partial muted small" aria-label="Logs only partly searched">
          {partial.map((p) => (
            <li key={p.sessionId}>
              Only partly searched: session <span className="mono">{p.sessionId}</span> — the first {mb(p.searchedBytes)} of its {mb(p.totalBytes)} log.
            </li>
          ))}
        </ul>
      )}
      <ul className="search-hits" aria-label="Matches">
        {hits.map((h, i) => (
          <li key={`${h.sessionId}-${h.line}-${i}`}>
            <button type="button" className="hit" onClick={() => onOpen(h.sessionId, query.trim())} aria-label={`Open session ${h.sessionId}, line ${h.line}`}>
              <span className="hit-head">
                <span className="mono">{h.sessionId}</span>
                <span className="hit-task" title={h.task}>
                  {h.task.split('\n')[0]}
                </span>
                <span className="muted">line {h.line}</span>
              </span>
              <code className="hit-text">{highlight(h.text, query.trim())}</code>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

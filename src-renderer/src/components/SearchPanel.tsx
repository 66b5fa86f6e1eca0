// Search every session's output.
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../src-main/api';
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

export function SearchPanel({ client, onClose, onOpen }: { client: ApiClient; onClose: () => void; onOpen: (sessionId: string, query: string) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [note, setNote] = useState('Type at least two characters.');
  useEffect(() => {
    if (query.trim().length < 2) {
      setHits([]);
      setNote('Type at least two characters.');
      return;
    }
    const t = setTimeout(() => {
      void client.call('searchOutput', { query: query.trim(), limit: 300 }).then((r) => {
        if (!r.ok) return setNote(r.error.message);
        setHits(r.value.hits);
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
      <ul className="search-hits" aria-label="Matches">
        {hits.map((h, i) => (
          <li key={`${h.sessionId}-${h.line}-${i}`}>
            <button type="button" className="hit" onClick={() => onOpen(h.sessionId, query.trim())} aria-label={`Open session ${h.sessionId}, line ${h.line}`}>
              <span className="hit-head">
                <span className="mono">{h.sessionId}</span>
                <span className="hit-task">{h.task.split('\n')[0]}</span>
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

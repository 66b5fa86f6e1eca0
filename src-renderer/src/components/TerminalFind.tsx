// Find in a terminal's output with @xterm/addon-search: every match highlighted, "2 of 5", next and
// previous, and matches that wrap across rows (the addon searches unwrapped lines).
import { useEffect, useRef, useState } from 'react';
import type { SearchAddon, ISearchOptions } from '@xterm/addon-search';
import type { Terminal } from '@xterm/xterm';
import { Icon } from './Icons';

const DECORATIONS: ISearchOptions['decorations'] = {
  matchBackground: '#6b5b1a',
  matchOverviewRuler: '#d7b84a',
  activeMatchBackground: '#e0a32e',
  activeMatchColorOverviewRuler: '#ff9f1a',
};

interface Props {
  search: SearchAddon;
  term: Terminal;
  onClose: () => void;
}

export function TerminalFind({ search, term, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ index: number; count: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    const sub = search.onDidChangeResults(({ resultIndex, resultCount }) => setResult({ index: resultIndex, count: resultCount }));
    return () => {
      sub.dispose();
      search.clearDecorations();
    };
  }, [search]);

  const find = (text: string, back: boolean, incremental = false) => {
    if (!text) {
      search.clearDecorations();
      setResult(null);
      return;
    }
    const opts: ISearchOptions = { decorations: DECORATIONS, incremental };
    if (back) search.findPrevious(text, opts);
    else search.findNext(text, opts);
  };

  const close = () => {
    search.clearDecorations();
    term.clearSelection();
    onClose();
    term.focus();
  };

  const label = !query || result === null ? '' : result.count === 0 ? 'No matches' : result.index < 0 ? `${result.count}+ matches` : `${result.index + 1} of ${result.count}`;
  return (
    <div className="find" role="search" aria-label="Find in terminal">
      <input
        ref={input}
        type="search"
        aria-label="Find in output"
        placeholder="Find in output"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          find(e.target.value, false, true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(query, e.shiftKey);
          if (e.key === 'Escape') close();
        }}
      />
      <span className="find-result" aria-live="polite" data-testid="find-result">
        {label}
      </span>
      <button type="button" className="icon-btn" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={() => find(query, true)}>
        <Icon name="chevronUp" size={14} />
      </button>
      <button type="button" className="icon-btn" aria-label="Next match" title="Next match (Enter)" onClick={() => find(query, false)}>
        <Icon name="chevronDown" size={14} />
      </button>
      <button type="button" className="icon-btn" aria-label="Close find" onClick={close}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

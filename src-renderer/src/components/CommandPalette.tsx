// The command palette (Ctrl+K): every action and every session, filtered as you type.
import { useMemo, useState } from 'react';
import { Modal } from './Modal';

export interface Command {
  id: string;
  title: string;
  hint?: string;
  group: string;
  run: () => void;
}

export function CommandPalette({ commands, onClose }: { commands: Command[]; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return commands.filter((c) => words.every((w) => `${c.title} ${c.group} ${c.hint ?? ''}`.toLowerCase().includes(w))).slice(0, 60);
  }, [commands, query]);
  const choose = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  return (
    <Modal title="Command palette" onClose={onClose} className="palette">
      <input
        className="palette-input"
        aria-label="Type a command or a session"
        placeholder="Type a command or a session…"
        value={query}
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={list[active] ? `cmd-${list[active].id}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, list.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(list[active]);
          }
        }}
        data-autofocus
      />
      <ul id="palette-list" className="palette-list" role="listbox" aria-label="Commands">
        {list.map((c, i) => (
          <li key={c.id} id={`cmd-${c.id}`} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseEnter={() => setActive(i)} onClick={() => choose(c)}>
            <span className="cmd-group">{c.group}</span>
            <span className="cmd-title" title={c.title}>
              {c.title}
            </span>
            {c.hint && <kbd>{c.hint}</kbd>}
          </li>
        ))}
        {list.length === 0 && <li className="muted pad">Nothing matches.</li>}
      </ul>
    </Modal>
  );
}

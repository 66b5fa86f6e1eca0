// Key names as the config writes them (`pane_navigation`: "ctrl-h", "alt-left", "1"), matched
// against keyboard events. Unknown names never match, so a typo disables one key, not the page.
export interface KeySpec {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}

const NAMED: Record<string, string> = {
  left: 'arrowleft',
  right: 'arrowright',
  up: 'arrowup',
  down: 'arrowdown',
  esc: 'escape',
  escape: 'escape',
  tab: 'tab',
  enter: 'enter',
  space: ' ',
};

export function parseKey(text: string): KeySpec | null {
  const parts = text.trim().toLowerCase().split(/[-+](?=.)/);
  const last = parts.pop();
  if (!last) return null;
  const spec: KeySpec = { ctrl: false, alt: false, shift: false, meta: false, key: NAMED[last] ?? last };
  for (const m of parts) {
    if (m === 'ctrl' || m === 'control') spec.ctrl = true;
    else if (m === 'alt' || m === 'option') spec.alt = true;
    else if (m === 'shift') spec.shift = true;
    else if (m === 'meta' || m === 'cmd' || m === 'super') spec.meta = true;
    else return null;
  }
  if (spec.key.length !== 1 && !Object.values(NAMED).includes(spec.key)) return null;
  return spec;
}

/** The key a keydown is for, independent of layout for letters and digits (Ctrl+H gives "h"). */
function keyOf(e: KeyboardEvent): string {
  if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3).toLowerCase();
  if (/^Digit\d$/.test(e.code)) return e.code.slice(5);
  return e.key.toLowerCase();
}

export function matchesKey(e: KeyboardEvent, spec: KeySpec | null): boolean {
  if (!spec) return false;
  return e.ctrlKey === spec.ctrl && e.altKey === spec.alt && e.shiftKey === spec.shift && e.metaKey === spec.meta && keyOf(e) === spec.key;
}

/** How a key reads in the UI: "Ctrl+H". */
export function keyLabel(text: string): string {
  const spec = parseKey(text);
  if (!spec) return text;
  const name = spec.key === ' ' ? 'Space' : spec.key.length === 1 ? spec.key.toUpperCase() : spec.key.replace(/^arrow/, '').replace(/^./, (c) => c.toUpperCase());
  return [spec.ctrl && 'Ctrl', spec.alt && 'Alt', spec.shift && 'Shift', spec.meta && 'Meta', name].filter(Boolean).join('+');
}

/** The app's own shortcuts (App.tsx); they win over a pane_navigation key that collides with one. */
export function isAppShortcut(e: KeyboardEvent): boolean {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.shiftKey && e.code === 'KeyK') return true;
  if (mod && e.shiftKey && (e.code === 'KeyF' || e.code === 'KeyL')) return true;
  return e.altKey && (e.code === 'KeyN' || e.code === 'ArrowUp' || e.code === 'ArrowDown');
}

/** The text a keydown would type into a field (a focus key like "1" must not steal it). */
export function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** A configured key that isAppShortcut takes first (so it never moves focus). */
export function clashesWithApp(spec: KeySpec | null): boolean {
  if (!spec) return false;
  const code = spec.key.length === 1 && /[a-z]/.test(spec.key) ? `Key${spec.key.toUpperCase()}` : spec.key === 'arrowup' ? 'ArrowUp' : spec.key === 'arrowdown' ? 'ArrowDown' : '';
  return isAppShortcut({ ctrlKey: spec.ctrl, metaKey: spec.meta, shiftKey: spec.shift, altKey: spec.alt, code } as KeyboardEvent);
}

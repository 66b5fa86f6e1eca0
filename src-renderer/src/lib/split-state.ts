// The split view's state for App: which sessions it shows (kept in localStorage, so a reload keeps
// the grid), its layout and sizes from the config (pane_layout, *_pane_size_percent), the layout
// picker saving pane_layout, and pane_navigation's focus keys.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConfigSummary, Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import { inTextField, matchesKey, parseKey } from './pane-keys';

export type PaneLayout = ConfigSummary['panes']['layout'];
export type Panes = ConfigSummary['panes'];
export const MAX_PANES = 4;
const SPLIT_KEY = 'switchyard.split';

/** The engine's defaults, until the config has loaded. */
const DEFAULT_PANES: Panes = {
  layout: 'horizontal',
  linearSizePercent: 35,
  gridSizePercent: 50,
  navigation: { focusSessions: '1', focusOutput: '2', moveLeft: 'ctrl-h', moveDown: 'ctrl-j', moveUp: 'ctrl-k', moveRight: 'ctrl-l' },
};

function savedSplit(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(SPLIT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX_PANES) : [];
  } catch {
    return [];
  }
}

interface Options {
  client: ApiClient;
  config: ConfigSummary | null;
  sessions: Session[];
  loaded: boolean;
  onError: (text: string) => void;
}

export function useSplit({ client, config, sessions, loaded, onError }: Options) {
  const [split, setSplitState] = useState<string[]>(savedSplit);
  const [layoutChoice, setLayoutChoice] = useState<PaneLayout | null>(null);
  const setSplit = useCallback((ids: string[]) => {
    const next = [...new Set(ids)].slice(0, MAX_PANES);
    localStorage.setItem(SPLIT_KEY, JSON.stringify(next));
    setSplitState(next);
  }, []);
  // A deleted session leaves the split view.
  const ids = useMemo(() => (loaded ? split.filter((id) => sessions.some((s) => s.id === id)) : split), [loaded, split, sessions]);
  const panes = useMemo(() => {
    const base = config?.panes ?? DEFAULT_PANES;
    return layoutChoice ? { ...base, layout: layoutChoice } : base;
  }, [config, layoutChoice]);
  // The layout picker saves pane_layout, as ECC2's dashboard does with its layout toggle.
  const chooseLayout = useCallback(
    (layout: PaneLayout) => {
      setLayoutChoice(layout);
      void client.call('setConfigValues', { changes: [{ key: 'pane_layout', value: layout }] }).then((r) => {
        if (!r.ok) onError(r.error.message);
        else if (!r.value.ok) onError(r.value.errors.map((e) => e.message).join('; '));
      });
    },
    [client, onError],
  );
  usePaneFocusKeys(panes.navigation);
  return { ids, setSplit, panes, chooseLayout };
}

/**
 * pane_navigation.focus_sessions / focus_output: focus the session list or the terminal, only where
 * the key would not be typed (a field, a terminal) and not out of an open dialog.
 */
function usePaneFocusKeys(navigation: Panes['navigation']): void {
  useEffect(() => {
    const toSessions = parseKey(navigation.focusSessions);
    const toOutput = parseKey(navigation.focusOutput);
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || inTextField(e.target) || document.querySelector('[role="dialog"]')) return;
      const target = matchesKey(e, toSessions)
        ? document.querySelector<HTMLElement>('.session-item.selected, .session-item')
        : matchesKey(e, toOutput)
          ? document.querySelector<HTMLElement>('.split-pane.focused .xterm-helper-textarea, .session-view .xterm-helper-textarea')
          : null;
      if (!target) return;
      e.preventDefault();
      target.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigation.focusSessions, navigation.focusOutput]);
}

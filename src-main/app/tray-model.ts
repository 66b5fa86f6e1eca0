// The tray menu as plain data, from session counts and the daemon's state. tray.ts turns it into an
// Electron Menu; tests read it directly.
import { sessionNeed } from '../api/attention';
import type { Session } from '../engine/model';

export interface SessionCounts {
  running: number;
  idle: number;
  needsAttention: number;
}

/**
 * Needs attention: every session the shared attention model says needs the operator (waiting for
 * input, a question or conflict addressed to it, stale, paused by a conflict, stopped by a budget,
 * failed, denied actions): the same number as the dock badge and the page's title badge. Every other
 * live session lands in one bucket: running (pending or running) or idle.
 */
export function countSessions(sessions: readonly Session[], unreadApprovals: ReadonlyMap<string, number> = new Map()): SessionCounts {
  const counts: SessionCounts = { running: 0, idle: 0, needsAttention: 0 };
  for (const s of sessions) {
    if (sessionNeed(s, unreadApprovals.get(s.id) ?? 0)) counts.needsAttention += 1;
    else if (s.state === 'idle') counts.idle += 1;
    else if (s.state === 'pending' || s.state === 'running') counts.running += 1;
  }
  return counts;
}

/** What the daemon is doing, as the tray shows it. */
export type DaemonStatus = 'running' | 'paused' | 'elsewhere' | 'unavailable';

export type TrayAction = 'open' | 'new-session' | 'toggle-daemon' | 'quit';

export type TrayItem =
  | { type: 'info'; id: 'running' | 'idle' | 'attention'; label: string }
  | { type: 'separator' }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean };

export interface TrayModel {
  tooltip: string;
  /** The icon variant: `attention` when any session needs the operator. */
  icon: 'normal' | 'attention';
  items: TrayItem[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function trayMenuModel(counts: SessionCounts, daemon: DaemonStatus): TrayModel {
  const daemonItem: TrayItem =
    daemon === 'running'
      ? { type: 'action', action: 'toggle-daemon', label: 'Pause daemon', enabled: true }
      : daemon === 'paused'
        ? { type: 'action', action: 'toggle-daemon', label: 'Resume daemon', enabled: true }
        : {
            type: 'action',
            action: 'toggle-daemon',
            label: daemon === 'elsewhere' ? 'Daemon runs in another process' : 'Daemon unavailable',
            enabled: false,
          };
  const summary = [
    plural(counts.running, 'running', 'running'),
    plural(counts.idle, 'idle', 'idle'),
    `${counts.needsAttention} need${counts.needsAttention === 1 ? 's' : ''} attention`,
  ].join(', ');
  return {
    tooltip: `Switchyard: ${summary}${daemon === 'paused' ? ' (daemon paused)' : ''}`,
    icon: counts.needsAttention > 0 ? 'attention' : 'normal',
    items: [
      { type: 'info', id: 'running', label: `Running: ${counts.running}` },
      { type: 'info', id: 'idle', label: `Idle: ${counts.idle}` },
      { type: 'info', id: 'attention', label: `Needs attention: ${counts.needsAttention}` },
      { type: 'separator' },
      { type: 'action', action: 'open', label: 'Open Switchyard', enabled: true },
      { type: 'action', action: 'new-session', label: 'New session…', enabled: true },
      daemonItem,
      { type: 'separator' },
      { type: 'action', action: 'quit', label: 'Quit Switchyard', enabled: true },
    ],
  };
}

/** Cheap equality so the tray is rebuilt only when what it shows changed. */
export function sameTrayModel(a: TrayModel | null, b: TrayModel): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

// The dock (macOS) / taskbar (Windows, Unity launchers on Linux) badge: the number of sessions that
// need the operator, from the shared attention model via the tray counts. Kept thin: the decision
// (what to show, when to call) is here and tested; main.ts passes Electron's app.setBadgeCount.
import type { SessionCounts } from './tray-model';

export interface BadgePort {
  /** Electron's app.setBadgeCount: false where the platform has no badge. */
  setBadgeCount(count: number): boolean;
}

export interface AppBadge {
  update(counts: SessionCounts): void;
  readonly shown: number | null;
}

/** The count the badge shows (0 clears it). */
export function badgeCount(counts: SessionCounts): number {
  return Math.max(0, Math.floor(counts.needsAttention));
}

/** Calls the port only when the number changes (the tray loop reads the store every 2 s). */
export function createAppBadge(port: BadgePort, log?: (line: string) => void): AppBadge {
  let shown: number | null = null;
  let unsupported = false;
  return {
    update(counts) {
      const next = badgeCount(counts);
      if (unsupported || next === shown) return;
      shown = next;
      try {
        if (!port.setBadgeCount(next)) unsupported = true;
      } catch (error) {
        unsupported = true;
        log?.(`switchyard: no dock badge: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    get shown() {
      return shown;
    },
  };
}

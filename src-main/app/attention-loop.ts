// One timer that reads the store for the tray and the notifications: session states, new engine
// events and unread approvals. Runners, the CLI and other daemons write to the store from other
// processes, so reading it is how the app sees them. No Electron here; main.ts gives it callbacks.
import { toStoredEvent } from '../engine/events';
import type { Store } from '../engine/store';
import { AttentionMonitor } from './attention-monitor';
import type { NotificationTrigger } from './notifications';
import { countSessions, type SessionCounts } from './tray-model';

export interface AttentionLoopOptions {
  store: Store;
  intervalMs?: number;
  onTriggers: (triggers: NotificationTrigger[]) => void;
  onCounts: (counts: SessionCounts) => void;
  log?: (line: string) => void;
}

export interface AttentionLoop {
  /** Reads the store now (also what each timer tick does). */
  poll(): void;
  stop(): void;
}

const EVENT_PAGE = 200;
const APPROVAL_WINDOW = 200;

export function startAttentionLoop(opts: AttentionLoopOptions): AttentionLoop {
  const monitor = new AttentionMonitor(opts.store.latestEventId());
  const poll = () => {
    try {
      const sessions = opts.store.listSessions();
      const events = [];
      let cursor = monitor.afterEventId;
      for (;;) {
        const page = opts.store.listEvents({ afterId: cursor, limit: EVENT_PAGE });
        for (const row of page) events.push(toStoredEvent(row));
        cursor = page[page.length - 1]?.id ?? cursor;
        if (page.length < EVENT_PAGE) break;
      }
      const approvals = opts.store.unreadApprovalQueue(APPROVAL_WINDOW);
      const triggers = monitor.observe({ sessions, events, approvals });
      opts.onCounts(countSessions(sessions, opts.store.unreadApprovalCounts()));
      if (triggers.length > 0) opts.onTriggers(triggers);
    } catch (error) {
      opts.log?.(`switchyard: reading sessions for the tray failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(poll, opts.intervalMs ?? 2000);
  timer.unref?.();
  poll();
  return {
    poll,
    stop: () => clearInterval(timer),
  };
}

// Which happenings become an OS notification, and what it says. Pure: the Electron glue (notifier.ts)
// shows what `routeNotification` returns; the monitor (attention-monitor.ts) produces the triggers.
import type { DesktopNotificationsConfig, QuietHoursConfig } from '../engine/config/types';
import type { StoredEvent } from '../engine/events';

export interface SessionRef {
  id: string;
  task: string;
}

export type NotificationTrigger =
  | { kind: 'session_completed'; session: SessionRef }
  | { kind: 'session_failed'; session: SessionRef; reason: string | null }
  | { kind: 'session_stale'; session: SessionRef; terminated: boolean }
  | { kind: 'needs_input'; session: SessionRef }
  /** An unread `query` or `conflict` message waiting on the operator (ECC2's approval queue). */
  | { kind: 'approval_request'; session: SessionRef; messageId: number; msgType: string; preview: string }
  | { kind: 'engine_event'; event: StoredEvent };

export interface DesktopNotice {
  title: string;
  body: string;
  /** Clicking the notification opens this session (null: just show the window). */
  sessionId: string | null;
  /** Same key = same happening; the notifier replaces rather than stacks. */
  key: string;
}

/** Which `desktop_notifications` switch governs a trigger; null = never notified. */
export function notificationSwitch(trigger: NotificationTrigger): keyof DesktopNotificationsConfig | null {
  switch (trigger.kind) {
    case 'session_completed':
      return 'session_completed';
    case 'session_failed':
      return 'session_failed';
    case 'session_stale':
      // A stale session that the policy terminated is a failure to the user.
      return trigger.terminated ? 'session_failed' : 'session_stale';
    case 'needs_input':
      return 'needs_input';
    case 'approval_request':
      return 'approval_requests';
    case 'engine_event':
      switch (trigger.event.kind) {
        case 'budget_alert':
        case 'budget_stop':
          return 'budget_alerts';
        case 'conflict_detected':
          return 'file_conflicts';
        default:
          return null;
      }
  }
}

/**
 * True when `now` (local time) falls in the quiet window [start_hour, end_hour), which wraps midnight
 * when start > end (22 → 8 is quiet 22:00–07:59). Equal hours make an empty window.
 */
export function inQuietHours(quiet: QuietHoursConfig, now: Date): boolean {
  if (!quiet.enabled || quiet.start_hour === quiet.end_hour) return false;
  const hour = now.getHours();
  if (quiet.start_hour < quiet.end_hour) return hour >= quiet.start_hour && hour < quiet.end_hour;
  return hour >= quiet.start_hour || hour < quiet.end_hour;
}

/** The notice to show for a trigger under these settings at `now`, or null when it stays silent. */
export function routeNotification(trigger: NotificationTrigger, settings: DesktopNotificationsConfig, now: Date): DesktopNotice | null {
  if (!settings.enabled) return null;
  const key = notificationSwitch(trigger);
  // The Switchyard-only switches are optional in hand-built configs: absent means on (their default).
  if (key === null || settings[key] === false) return null;
  if (inQuietHours(settings.quiet_hours, now)) return null;
  return describe(trigger);
}

function short(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function describe(trigger: NotificationTrigger): DesktopNotice | null {
  switch (trigger.kind) {
    case 'session_completed':
      return notice(`Session ${trigger.session.id} completed`, short(trigger.session.task), trigger.session.id, `done:${trigger.session.id}`);
    case 'session_failed':
      return notice(`Session ${trigger.session.id} failed`, short(trigger.reason ?? trigger.session.task), trigger.session.id, `failed:${trigger.session.id}`);
    case 'session_stale':
      return notice(
        trigger.terminated ? `Session ${trigger.session.id} stopped responding and was terminated` : `Session ${trigger.session.id} stopped responding`,
        short(trigger.session.task),
        trigger.session.id,
        `stale:${trigger.session.id}`,
      );
    case 'needs_input':
      return notice(`Session ${trigger.session.id} needs your input`, short(trigger.session.task), trigger.session.id, `input:${trigger.session.id}`);
    case 'approval_request':
      return notice(
        trigger.msgType === 'conflict' ? `Conflict for session ${trigger.session.id}` : `Question for session ${trigger.session.id}`,
        short(trigger.preview),
        trigger.session.id,
        `approval:${trigger.messageId}`,
      );
    case 'engine_event':
      return describeEvent(trigger.event);
  }
}

function describeEvent(event: StoredEvent): DesktopNotice | null {
  switch (event.kind) {
    case 'budget_alert': {
      const p = event.payload;
      const what = p.kind === 'cost' ? `$${p.used.toFixed(2)} of $${p.budget.toFixed(2)}` : `${p.used} of ${p.budget} tokens`;
      const scope = p.scope === 'profile' ? `Profile ${p.profileName ?? ''} budget`.replace('  ', ' ') : 'Budget';
      return notice(`${scope}: ${Math.round(p.percent)} % used`, `${what} (${p.threshold})`, p.sessionId ?? null, `budget:${event.id}`);
    }
    case 'budget_stop': {
      const p = event.payload;
      return notice(`Session ${p.sessionId} stopped by its budget`, short(p.reason), p.sessionId, `budget-stop:${p.sessionId}`);
    }
    case 'conflict_detected': {
      const p = event.payload;
      return notice(`File conflict on ${p.path}`, short(p.summary), p.pausedSessionId, `conflict:${p.conflictKey}`);
    }
    default:
      return null;
  }
}

function notice(title: string, body: string, sessionId: string | null, key: string): DesktopNotice {
  return { title, body, sessionId, key };
}

// Which happenings become an OS notification under the desktop_notifications settings. Pure: what a
// notice says comes from the shared attention model (api/attention.ts), the Electron glue (notifier.ts)
// shows what `routeNotification` returns; the monitor (attention-monitor.ts) produces the triggers.
import type { DesktopNotificationsConfig, QuietHoursConfig } from '../engine/config/types';
import { describeTrigger, type AttentionTrigger, type SessionRef } from '../api/attention';

/** The shared model's happenings (src-main/api/attention.ts): the page tells the same ones. */
export type NotificationTrigger = AttentionTrigger;
export type { SessionRef };

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
    case 'session_denied':
      // Denied actions wait on the operator's decision (allow and re-run) like a question does.
      return 'approval_requests';
    case 'budget_stops':
      return 'budget_alerts';
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

function describe(trigger: NotificationTrigger): DesktopNotice | null {
  const n = describeTrigger(trigger);
  return n ? { title: n.title, body: n.body, sessionId: n.sessionId, key: n.key } : null;
}

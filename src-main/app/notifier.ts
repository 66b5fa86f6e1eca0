// Shows the notices routed by notifications.ts as OS notifications; a click opens that session.
import type { Notification as NotificationType, NotificationConstructorOptions } from 'electron';
import type { DesktopNotice } from './notifications';

export interface NotifierPorts {
  Notification: { new (options: NotificationConstructorOptions): NotificationType; isSupported(): boolean };
  iconPath?: string;
  onClick: (notice: DesktopNotice) => void;
}

export interface Notifier {
  show(notice: DesktopNotice): boolean;
  /** Notifications still referenced (Electron drops click handlers of collected ones). */
  readonly live: number;
}

const MAX_LIVE = 50;

export function createNotifier(ports: NotifierPorts): Notifier {
  const live = new Map<string, NotificationType>();
  return {
    show(notice) {
      if (!ports.Notification.isSupported()) return false;
      live.get(notice.key)?.close();
      const n = new ports.Notification({ title: notice.title, body: notice.body, ...(ports.iconPath ? { icon: ports.iconPath } : {}) });
      const forget = () => {
        if (live.get(notice.key) === n) live.delete(notice.key);
      };
      n.on('click', () => {
        forget();
        ports.onClick(notice);
      });
      n.on('close', forget);
      live.delete(notice.key);
      live.set(notice.key, n);
      // Oldest first: keep the map bounded when nobody clicks or dismisses.
      while (live.size > MAX_LIVE) {
        const oldest = live.keys().next().value;
        if (oldest === undefined) break;
        live.delete(oldest);
      }
      n.show();
      return true;
    },
    get live() {
      return live.size;
    },
  };
}

// The sidebar's attention settings for this browser: Web Notifications (asked for only when the
// operator clicks, as browsers require) and an optional chime. Notices show in the page otherwise.
import type { Attention } from '../lib/attention';

const NOTIFY_TEXT: Record<Attention['notify'], string> = {
  unsupported: 'This browser has no notifications: notices show in the page.',
  ask: '',
  denied: 'Notifications are blocked for this page (site settings): notices show in the page.',
  on: '',
  off: '',
};

export function AttentionControls({ attention, desktop }: { attention: Attention; desktop: boolean }) {
  const { notify } = attention;
  return (
    <div className="attention-controls" aria-label="Attention settings" role="group">
      {!desktop && notify === 'ask' && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={attention.enableNotifications}>
          Enable notifications
        </button>
      )}
      {!desktop && (notify === 'on' || notify === 'off') && (
        <label className="attention-toggle">
          <input type="checkbox" checked={notify === 'on'} onChange={(e) => (e.target.checked ? attention.enableNotifications() : attention.disableNotifications())} />
          Notifications
        </label>
      )}
      <label className="attention-toggle">
        <input type="checkbox" checked={attention.sound} onChange={(e) => attention.setSound(e.target.checked)} />
        Sound
      </label>
      {!desktop && NOTIFY_TEXT[notify] && <p className="attention-note">{NOTIFY_TEXT[notify]}</p>}
    </div>
  );
}

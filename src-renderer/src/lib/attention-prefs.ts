// The page's own attention settings, per browser (localStorage): Web Notifications on or off, and
// the sound (off by default). Whether the browser allows notifications is the browser's to say.

const NOTIFY_KEY = 'switchyard.notifications';
const SOUND_KEY = 'switchyard.sound';

export type NotifyState = 'unsupported' | 'ask' | 'denied' | 'on' | 'off';

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** What the notifications control shows: the browser's permission combined with the operator's choice. */
export function notifyState(): NotifyState {
  if (!notificationsSupported()) return 'unsupported';
  const permission = Notification.permission;
  if (permission === 'denied') return 'denied';
  if (permission === 'default') return 'ask';
  // Granted: on unless the operator turned them off here.
  return localStorage.getItem(NOTIFY_KEY) === 'off' ? 'off' : 'on';
}

export function setNotificationsChoice(on: boolean): void {
  localStorage.setItem(NOTIFY_KEY, on ? 'on' : 'off');
}

export function soundEnabled(): boolean {
  return localStorage.getItem(SOUND_KEY) === 'on';
}

export function setSoundEnabled(on: boolean): void {
  localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
}

let audio: AudioContext | null = null;

/** Creates (or wakes) the audio context: browsers allow that only inside a user gesture. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = null;
  }
}

/** A short two-tone chime; silent when the context could not be created. */
export function chime(): void {
  if (!audio) unlockSound();
  const ctx = audio;
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  for (const [i, freq] of [880, 1320].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + i * 0.12);
    osc.stop(start + i * 0.12 + 0.22);
  }
}

// The page's face of the shared attention model (src-main/api/attention.ts): reads the session list
// and the engine events, tells the operator what happened (a Web Notification in browser mode when
// allowed, else an in-page notice; an optional chime), and keeps the counts the title, the favicon,
// the unread markers and the Attention filter show.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  BudgetStopGroups,
  describeTrigger,
  eventTrigger,
  groupTriggers,
  sessionsNeedingAttention,
  sessionTriggers,
  type AttentionNeed,
  type AttentionNotice,
  type AttentionTrigger,
  type SeenSession,
} from '../../../src-main/api/attention';
import type { EngineEvent, Session } from '../../../src-main/api';
import type { ApiClient } from '../api/client';
import type { Toast, ToastAction } from '../components/Toasts';
import { chime, notifyState, setNotificationsChoice, setSoundEnabled, soundEnabled, unlockSound, type NotifyState } from './attention-prefs';
import { badgedTitle, setFaviconBadge } from './favicon';
import { usePolled } from './hooks';
import { loadSeen, reconcileSeen, saveSeen, type SeenMap } from './unread';

/** Happenings arriving this close together are told together (a budget pass stops many sessions at once). */
const BATCH_MS = 800;
const BASE_TITLE = 'Switchyard';
const APPROVALS_MS = 10_000;

export interface AttentionOptions {
  client: ApiClient;
  kind: 'browser' | 'electron';
  sessions: Session[];
  loaded: boolean;
  selectedId: string | null;
  onOpenSession: (id: string) => void;
  onShowView: (view: string) => void;
  /** A notice with the `key` of one still shown replaces it. */
  toast: (text: string, kind?: Toast['kind'], action?: ToastAction, key?: string) => void;
  /** Engine events that are not attention happenings (schedules, the daemon, recovered sessions). */
  onOtherEvent: (e: EngineEvent) => void;
}

export interface Attention {
  count: number;
  needs: ReadonlyMap<string, AttentionNeed>;
  unread: ReadonlySet<string>;
  notify: NotifyState;
  /** Asks the browser (call it from a click: browsers only ask on a user gesture). */
  enableNotifications: () => void;
  disableNotifications: () => void;
  sound: boolean;
  setSound: (on: boolean) => void;
}

/** Changes of the fields the model reads, so the work runs when they change, not on every render. */
function sessionsKey(sessions: readonly Session[]): string {
  return sessions.map((s) => `${s.id}:${s.state}:${s.attention ?? ''}:${s.stateReason ?? ''}`).join('|');
}

export function useAttention(opts: AttentionOptions): Attention {
  const { client, kind, sessions, loaded, selectedId } = opts;
  const [notify, setNotify] = useState<NotifyState>(() => (kind === 'browser' ? notifyState() : 'unsupported'));
  const [sound, setSoundState] = useState(soundEnabled);
  const [seen, setSeen] = useState<SeenMap>(loadSeen);
  const key = sessionsKey(sessions);

  // The latest options, for callbacks that outlive a render (timers, notification clicks).
  const live = useRef({ opts, notify, sound });
  live.current = { opts, notify, sound };

  const deliver = useCallback((notice: AttentionNotice) => {
    const { opts: o, notify: n, sound: withSound } = live.current;
    const open = () => {
      if (notice.sessionId) o.onOpenSession(notice.sessionId);
      else if (notice.view) o.onShowView(notice.view);
    };
    let shown = false;
    if (n === 'on') {
      try {
        const note = new Notification(notice.title, { body: notice.body, tag: notice.key });
        note.onclick = () => {
          window.focus();
          open();
          note.close();
        };
        shown = true;
      } catch {
        // some browsers allow notifications only from a service worker: fall back to a notice
      }
    }
    if (!shown) {
      const action: ToastAction | undefined = notice.view ? { label: notice.view === 'budgets' ? 'Budgets' : 'Merge queue', run: open } : notice.sessionId ? { label: 'Open', run: open } : undefined;
      const text = notice.view === 'budgets' && notice.title.startsWith('budget stop') ? notice.title : `${notice.title} — ${notice.body}`;
      o.toast(text, notice.level, action, notice.key);
    }
    if (withSound && notice.level !== 'info') chime();
  }, []);

  // Happenings wait a moment so a burst is told once.
  const pending = useRef<AttentionTrigger[]>([]);
  const stopGroups = useRef(new BudgetStopGroups());
  const noticeOf = useCallback((t: AttentionTrigger): AttentionNotice | null => describeTrigger(stopGroups.current.add(t)), []);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const enqueue = useCallback(
    (triggers: AttentionTrigger[]) => {
      if (triggers.length === 0) return;
      pending.current.push(...triggers);
      timer.current ??= setTimeout(() => {
        timer.current = null;
        const batch = groupTriggers(pending.current.splice(0));
        for (const t of batch) {
          const notice = noticeOf(t);
          if (notice) deliver(notice);
        }
      }, BATCH_MS);
    },
    [deliver, noticeOf],
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  // Session changes, from the live list: the first complete list is the baseline.
  const seenStates = useRef<Map<string, SeenSession> | null>(null);
  useEffect(() => {
    if (!loaded) return;
    const { triggers, seen: next } = sessionTriggers(seenStates.current, sessions);
    seenStates.current = next;
    enqueue(triggers);
    // `key` stands for `sessions`: a new array each render, the same content most of the time.
  }, [key, loaded, enqueue]);

  // Engine events (budgets, conflicts) after the page subscribed; resubscribes after a lost connection.
  useEffect(() => {
    let cancel: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const sub = () => {
      cancel = client.subscribe(
        'engine',
        {},
        (e) => {
          const t = eventTrigger(e);
          if (t) enqueue([t]);
          else live.current.opts.onOtherEvent(e);
        },
        () => (retry = setTimeout(sub, 2000)),
      );
    };
    sub();
    return () => {
      cancel?.();
      if (retry) clearTimeout(retry);
    };
  }, [client, enqueue]);

  // Unread markers: kept per browser; the open session is always read.
  const reconciled = useMemo(() => (loaded ? reconcileSeen(seen, sessions, selectedId) : { seen, unread: new Set<string>() }), [seen, key, loaded, selectedId]);
  useEffect(() => {
    if (reconciled.seen === seen) return;
    saveSeen(reconciled.seen);
    setSeen(reconciled.seen);
  }, [reconciled, seen]);

  // Questions and conflicts addressed to a session count too (as in the desktop app's tray).
  const approvals = usePolled<string>(
    async () => {
      const r = await client.call('approvalQueue', {});
      return r.ok ? r.value.messages.map((m) => m.message.toSession).sort().join(' ') : null;
    },
    APPROVALS_MS,
    [client],
  );
  const needs = useMemo(() => {
    const unreadApprovals = new Map<string, number>();
    for (const id of approvals ? approvals.split(' ') : []) unreadApprovals.set(id, (unreadApprovals.get(id) ?? 0) + 1);
    return new Map(sessionsNeedingAttention(sessions, unreadApprovals).map((x) => [x.session.id, x.need]));
  }, [key, approvals]);
  const count = needs.size;

  useEffect(() => {
    document.title = badgedTitle(BASE_TITLE, count);
    if (kind === 'browser') setFaviconBadge(count);
  }, [count, kind]);

  const enableNotifications = useCallback(() => {
    if (!('Notification' in window)) return setNotify('unsupported');
    setNotificationsChoice(true);
    if (Notification.permission === 'granted') return setNotify(notifyState());
    void Notification.requestPermission().then(() => setNotify(notifyState()));
  }, []);
  const disableNotifications = useCallback(() => {
    setNotificationsChoice(false);
    setNotify(notifyState());
  }, []);
  const setSound = useCallback((on: boolean) => {
    if (on) unlockSound();
    setSoundEnabled(on);
    setSoundState(on);
    if (on) chime();
  }, []);

  return { count, needs, unread: reconciled.unread, notify, enableNotifications, disableNotifications, sound, setSound };
}

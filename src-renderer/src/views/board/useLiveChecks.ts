// The board's live view of the merge queue's checks: the latest `merge_check` engine event per
// branch (a running check's output tail and time, between board refreshes), and a refresh of the
// board when a check changes state (the card moves column). Resubscribes after a lost connection.
import { useEffect, useRef, useState } from 'react';
import { mergeCheckEventSchema, type MergeCheckEvent } from '../../../../src-main/api/ops-merge-checks';
import type { ApiClient } from '../../api/client';

/** Events come in bursts (a landing is checking, passed, landed): one refresh for a burst. */
const CHECK_REFRESH_MS = 400;

export function useLiveChecks(client: ApiClient, onStateChange: () => void): Map<string, MergeCheckEvent> {
  const [live, setLive] = useState<Map<string, MergeCheckEvent>>(new Map());
  const states = useRef(new Map<string, string>());
  const changed = useRef(onStateChange);
  changed.current = onStateChange;

  useEffect(() => {
    let cancel: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let pending: ReturnType<typeof setTimeout> | null = null;
    const sub = () => {
      cancel = client.subscribe(
        'engine',
        { kinds: ['merge_check'] },
        (e) => {
          const parsed = mergeCheckEventSchema.safeParse(e.payload);
          if (!parsed.success) return;
          const ev = parsed.data;
          setLive((m) => new Map(m).set(ev.sessionId, ev));
          // Progress (more output, same state) needs no refresh: the card shows the event itself.
          if (states.current.get(ev.sessionId) === ev.state) return;
          states.current.set(ev.sessionId, ev.state);
          if (pending) return;
          pending = setTimeout(() => {
            pending = null;
            changed.current();
          }, CHECK_REFRESH_MS);
        },
        () => (retry = setTimeout(sub, 2000)),
      );
    };
    sub();
    return () => {
      cancel?.();
      if (retry) clearTimeout(retry);
      if (pending) clearTimeout(pending);
    };
  }, [client]);
  return live;
}

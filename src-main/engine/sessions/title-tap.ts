// Terminal titles (OSC 0 / OSC 2) of an interactive agent whose hooks leave something out: Gemini
// fires no hook when a tool approval is refused (the turn is cancelled and it waits at its prompt
// again), so its "◇  Ready" title is what says the session is idle. Titles count only once the
// agent's hooks have reported its start: before that the agent may be at a pre-session prompt
// (folder trust) that the prompt watch reports, and a title must not clear it.
import type { SessionEvent } from '../agents/events';
import type { Store } from '../store';
import { applyAgentEvents } from './agent-events';
import type { SessionDeps } from './deps';

const MAX_PENDING = 4096;

/** The titles set in `text` (OSC 0 or 2, ended by BEL or ST), in order; `rest` is an unfinished one. */
export function scanTitles(text: string): { titles: string[]; rest: string } {
  const titles: string[] = [];
  const re = /\x1b\][02];([^\x07\x1b]*)(\x07|\x1b\\)/g;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text)) !== null) {
    titles.push(m[1] ?? '');
    end = re.lastIndex;
  }
  const open = text.lastIndexOf('\x1b]');
  const tail = open >= end ? text.slice(open) : '';
  const unfinished = tail !== '' && !tail.includes('\x07') && !tail.slice(2).includes('\x1b\\') && tail.length < MAX_PENDING;
  const rest = unfinished ? tail : '';
  return { titles, rest };
}

export interface TitleTap {
  push(chunk: Buffer): void;
}

export function createTitleTap(deps: SessionDeps, sessionId: string, fromTitle: (title: string) => SessionEvent[]): TitleTap {
  const store: Store = deps.store;
  const baseline = store.latestEventId();
  let carry = '';
  let last: string | null = null;
  let started = false;
  let checkedAt = 0;

  const hooksStarted = (): boolean => {
    if (started) return true;
    // One store read a second at most while waiting for the start.
    if (Date.now() - checkedAt < 1000) return false;
    checkedAt = Date.now();
    started = store.listEvents({ afterId: baseline, kinds: ['agent_started'], sessionId, limit: 1 }).length > 0;
    return started;
  };

  return {
    push(chunk) {
      const { titles, rest } = scanTitles(carry + chunk.toString('latin1'));
      carry = rest;
      let changed: string | null = null;
      for (const raw of titles) {
        const title = Buffer.from(raw, 'latin1').toString('utf8');
        if (title !== last) changed = last = title;
      }
      // Titles set before the start say nothing the hooks will not (and may sit over a trust prompt).
      if (changed === null || !hooksStarted()) return;
      const events = fromTitle(changed);
      if (events.length > 0) applyAgentEvents(deps, sessionId, events);
    },
  };
}

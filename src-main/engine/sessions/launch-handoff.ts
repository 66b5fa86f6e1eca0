// The handoff that created a delegate reaches its agent on the command line. It stays unread while the
// agent works on it (the delegate is busy), is never routed onward from the delegate's own inbox, and
// is marked read once the agent finishes that turn (idle) or exits.
import { parseTaskHandoffTask } from '../comms';
import type { SessionMessage } from '../model';
import type { Store } from '../store';

export function isLaunchHandoff(message: SessionMessage, session: { id: string; task: string }): boolean {
  return message.toSession === session.id && (parseTaskHandoffTask(message.content) ?? message.content) === session.task;
}

export function markLaunchHandoffRead(store: Store, session: { id: string; task: string }): void {
  for (const message of store.unreadTaskHandoffsForSession(session.id, 50)) {
    if (isLaunchHandoff(message, session)) store.markMessageRead(message.id);
  }
}

// Handing a task to an existing delegate: the handoff message, and, for an idle interactive delegate
// whose runner is live, the task typed into its terminal so reusing it really starts the work.
import { encodeMessage } from '../comms';
import type { Session, SessionMessage } from '../model';
import { connectRunner } from '../runner';
import type { RunnerClient } from '../runner';
import { handoffContext } from '../sessions/create';
import type { DelegationDeps, HandoffDelivery } from './types';

const DEFAULT_CONFIRM_MS = 1000;

/** Stores lead -> delegate `task_handoff` with ECC2's context text ("Assigned by ... | {reason}"), priority normal. */
export function sendTaskHandoff(deps: DelegationDeps, lead: Session, toSession: string, task: string, reason: string): SessionMessage {
  const { content, msgType } = encodeMessage({ kind: 'task_handoff', task, context: handoffContext(lead, reason), priority: 'normal' });
  return deps.store.sendMessage(lead.id, toSession, content, msgType);
}

/** A line break would submit a partial prompt, so the task is typed as one line and submitted with Enter. */
export function terminalInputFor(task: string): string {
  return `${task.replace(/\r\n|\r|\n/g, ' ')}\r`;
}

/**
 * Types `task` into the session's terminal. Resolves true once the input was written and the runner
 * either echoed output or the confirmation window passed; false when no live runner answers.
 */
export async function typeIntoTerminal(deps: DelegationDeps, session: Session, task: string): Promise<boolean> {
  const socketPath = deps.store.getOutputLog(session.id)?.socketPath;
  if (!socketPath) return false;
  let client: RunnerClient;
  try {
    client = await (deps.connectRunner ?? connectRunner)(socketPath);
  } catch {
    return false; // The runner is gone (stale socket): the handoff stays in the inbox.
  }
  try {
    if (client.hello.exited) return false;
    // Attaching at the current end lets us see the terminal react, which also means our bytes were flushed.
    const reacted = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, deps.deliveryConfirmMs ?? DEFAULT_CONFIRM_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      client.attach(client.hello.bytes, () => done(), () => done());
      void client.closed.then(done);
    });
    client.input(terminalInputFor(task));
    await reacted;
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

/**
 * Sends the handoff and, when the delegate is idle in interactive mode, types the task into it. A task
 * typed into the terminal has been delivered: its handoff is marked read and the delegate is marked
 * running (what its hooks report once the prompt is submitted), so the next routing does not pick it
 * again as idle. A headless delegate cannot take input: the handoff waits in its inbox.
 */
export async function deliverToDelegate(
  deps: DelegationDeps,
  lead: Session,
  delegate: Session,
  task: string,
  reason: string,
): Promise<{ message: SessionMessage; delivery: HandoffDelivery }> {
  const message = sendTaskHandoff(deps, lead, delegate.id, task, reason);
  if (delegate.state !== 'idle' || delegate.mode !== 'interactive') return { message, delivery: 'inbox' };
  if (!(await typeIntoTerminal(deps, delegate, task))) return { message, delivery: 'inbox' };
  deps.store.markMessageRead(message.id);
  const now = deps.store.getSession(delegate.id);
  if (now?.state === 'idle') deps.store.updateState(delegate.id, 'running');
  return { message, delivery: 'terminal' };
}

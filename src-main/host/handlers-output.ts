// The session view's output: conversation, last screen or terminal (engine/transcript).
import type { LastScreen as ApiLastScreen, TranscriptEntry as ApiTranscriptEntry } from '../api';
import type { LastScreen, TranscriptEntry } from '../engine/transcript';
import { readOutputView } from '../engine/transcript';
import { SessionError } from '../engine/sessions/errors';
import type { HandlerContext, HandlersFor } from './handlers';

// The contract's schemas and the engine's types must say the same thing, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const entriesAgree: Same<TranscriptEntry, ApiTranscriptEntry> = true;
const screensAgree: Same<LastScreen, ApiLastScreen> = true;
void entriesAgree;
void screensAgree;

export function outputHandlers(ctx: HandlerContext): HandlersFor<'sessionOutputView'> {
  return {
    sessionOutputView: async ({ id }) => {
      const s = ctx.deps.store.getSession(id);
      if (!s) throw new SessionError(`Session not found: ${id}`);
      const log = ctx.deps.store.getOutputLog(s.id);
      if (!log) return { kind: 'terminal', logBytes: 0 };
      return readOutputView(s, log.logPath);
    },
  };
}

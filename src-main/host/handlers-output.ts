// The session view's output: conversation, last screen or terminal (engine/transcript).
import { stat as fsStat } from 'node:fs/promises';
import type { LastScreen as ApiLastScreen, OutputView, TranscriptEntry as ApiTranscriptEntry } from '../api';
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

/** Views of the last few sessions asked, by log size: a view the UI polls is read again only when the log grew. */
const CACHE_SIZE = 8;

export function outputHandlers(ctx: HandlerContext): HandlersFor<'sessionOutputView'> {
  const cache = new Map<string, { bytes: number; mtimeMs: number; view: OutputView }>();
  return {
    sessionOutputView: async ({ id }) => {
      const s = ctx.deps.store.getSession(id);
      if (!s) throw new SessionError(`Session not found: ${id}`);
      const log = ctx.deps.store.getOutputLog(s.id);
      if (!log) return { kind: 'terminal', logBytes: 0 };
      const stat = await fsStat(log.logPath).catch(() => null);
      const hit = cache.get(s.id);
      if (stat && hit && hit.bytes === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.view;
      const view = await readOutputView(s, log.logPath);
      cache.delete(s.id);
      if (stat) cache.set(s.id, { bytes: stat.size, mtimeMs: stat.mtimeMs, view });
      while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return view;
    },
  };
}

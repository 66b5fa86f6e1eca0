// Which adapter reads a session's output stream. The metrics tap reads Claude headless with
// metrics/claude-stream.ts directly (sessions/metrics-tap.ts); Claude's adapter here wraps that
// parser for transcripts (`switchyard logs`, the conversation view).
import type { HarnessKind } from '../harness/kinds';
import type { SessionMode } from '../model';
import { createClaudeStreamAdapter } from './claude/stream';
import { createCodexStreamAdapter } from './codex/stream';
import type { StreamAdapter } from './events';
import { createGeminiStreamAdapter } from './gemini/stream';
import { createOpencodeStreamAdapter } from './opencode/stream';

/** What an adapter may need to know about its session: relative paths are resolved against workingDir. */
export interface StreamAdapterContext {
  workingDir: string;
  /** The model the agent was launched with, when known (profile or agent config): for pricing. */
  model?: string | null;
}

type Factory = (ctx: StreamAdapterContext) => StreamAdapter;

/** Headless stream adapters by agent. */
const HEADLESS: Partial<Record<HarnessKind, Factory>> = {
  claude: () => createClaudeStreamAdapter(),
  codex: (ctx) => createCodexStreamAdapter({ cwd: ctx.workingDir, model: ctx.model }),
  gemini: (ctx) => createGeminiStreamAdapter({ model: ctx.model }),
  opencode: () => createOpencodeStreamAdapter(),
};

export function streamAdapterFor(harness: HarnessKind, mode: SessionMode, ctx: StreamAdapterContext): StreamAdapter | null {
  if (mode !== 'headless') return null;
  const make = HEADLESS[harness];
  return make ? make(ctx) : null;
}

// A headless session's output log as a conversation: the agent's stream adapter (agents/registry.ts)
// turns its JSON lines into session events, and this folds them into entries people read —
// assistant text, one entry per tool call with its target and result, the final result with
// tokens and cost. Lines that are not JSON (warnings printed through the PTY) are kept as notes.
import { parseJsonObjectLine, stripTerminalNoise } from '../metrics/json-lines';
import type { SessionEvent, StreamAdapter } from '../agents/events';
import { StringDecoder } from 'node:string_decoder';

export interface TranscriptUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

export type TranscriptEntry =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; id: string; tool: string; target: string | null; status: 'pending' | 'ok' | 'error' | 'denied'; output: string | null }
  /** A line of output that was not part of the agent's JSON stream (a warning, a stray message). */
  | { kind: 'note'; text: string }
  | { kind: 'error'; message: string }
  | {
      kind: 'result';
      /** False for the figures shown at the end of a run that stopped before its result. */
      reported: boolean;
      text: string | null;
      isError: boolean;
      usage: TranscriptUsage;
      /** USD as the agent reported it; null when it reports none. */
      costUsd: number | null;
      toolCalls: number;
      filesChanged: number;
    };

export interface TranscriptReader {
  /** Feeds log bytes; the entries so far (the last ones may still change: a pending tool, streamed text). */
  push(chunk: Buffer): void;
  end(): void;
  readonly entries: readonly TranscriptEntry[];
}

const zero = (): TranscriptUsage => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 });
/** One unterminated line longer than this is taken as it is (bounded memory). */
const MAX_LINE = 1024 * 1024;

export function createTranscriptReader(adapter: StreamAdapter): TranscriptReader {
  const entries: TranscriptEntry[] = [];
  const tools = new Map<string, Extract<TranscriptEntry, { kind: 'tool' }>>();
  const decoder = new StringDecoder('utf8');
  let pending = '';
  // Summed step counts and the latest running total, as the event tap counts them.
  const summed = zero();
  let latest: TranscriptUsage | null = null;
  let costSum: number | null = null;
  let costLatest: number | null = null;
  let toolCalls = 0;
  const files = new Set<string>();

  const usage = (): TranscriptUsage => {
    if (!latest) return { ...summed };
    const l = latest;
    return { input: Math.max(l.input, summed.input), output: Math.max(l.output, summed.output), cacheRead: Math.max(l.cacheRead, summed.cacheRead), cacheWrite: Math.max(l.cacheWrite, summed.cacheWrite), reasoning: Math.max(l.reasoning, summed.reasoning) };
  };
  const cost = (): number | null => costLatest ?? costSum;

  const onEvent = (e: SessionEvent): void => {
    switch (e.kind) {
      case 'text': {
        const last = entries.at(-1);
        if (e.delta && last?.kind === 'text') last.text += e.text;
        else entries.push({ kind: 'text', text: e.text });
        break;
      }
      case 'tool_call': {
        toolCalls += 1;
        const entry = { kind: 'tool' as const, id: e.id, tool: e.tool, target: e.target, status: 'pending' as const, output: null };
        tools.set(e.id, entry);
        entries.push(entry);
        break;
      }
      case 'tool_result': {
        const entry = tools.get(e.id);
        if (!entry) break;
        entry.status = e.status;
        if (e.output !== undefined) entry.output = e.output;
        break;
      }
      case 'denied': {
        const entry = e.callId ? tools.get(e.callId) : undefined;
        if (entry) entry.status = 'denied';
        else entries.push({ kind: 'tool', id: e.callId ?? `denied-${entries.length}`, tool: e.tool, target: null, status: 'denied', output: 'denied by the permission rules' });
        break;
      }
      case 'file':
        files.add(e.path);
        break;
      case 'usage': {
        const t = { input: e.input, output: e.output, cacheRead: e.cacheRead, cacheWrite: e.cacheWrite, reasoning: e.reasoning };
        if (e.cumulative) latest = t;
        else for (const k of Object.keys(summed) as (keyof TranscriptUsage)[]) summed[k] += t[k];
        refreshResult();
        break;
      }
      case 'cost':
        if (e.cumulative) costLatest = e.usd;
        else costSum = (costSum ?? 0) + e.usd;
        refreshResult();
        break;
      case 'error':
        entries.push({ kind: 'error', message: e.message });
        break;
      case 'result':
        entries.push({ kind: 'result', reported: true, text: e.text, isError: e.isError, usage: usage(), costUsd: cost(), toolCalls, filesChanged: files.size });
        break;
      default:
        break;
    }
  };

  /** Figures that arrive just after the result (a turn's usage line) belong to it. */
  function refreshResult(): void {
    const last = entries.at(-1);
    if (last?.kind === 'result') Object.assign(last, { usage: usage(), costUsd: cost(), toolCalls, filesChanged: files.size });
  }

  const onLine = (raw: string): void => {
    if (raw.trim() === '') return;
    if (parseJsonObjectLine(raw)) {
      for (const e of adapter.push(Buffer.from(`${raw}\n`))) onEvent(e);
      return;
    }
    const text = stripTerminalNoise(raw).trimEnd();
    if (text.trim() !== '') entries.push({ kind: 'note', text });
  };

  const take = (text: string): void => {
    pending += text;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
    if (pending.length > MAX_LINE) {
      onLine(pending);
      pending = '';
    }
  };

  return {
    entries,
    push: (chunk) => take(decoder.write(chunk)),
    end: () => {
      take(decoder.end());
      if (pending) onLine(pending);
      pending = '';
      for (const e of adapter.end()) onEvent(e);
      // A run that stopped before its result still says what it used.
      const hasResult = entries.some((e) => e.kind === 'result');
      const u = usage();
      if (!hasResult && (toolCalls > 0 || cost() !== null || Object.values(u).some((n) => n > 0))) {
        entries.push({ kind: 'result', reported: false, text: null, isError: false, usage: u, costUsd: cost(), toolCalls, filesChanged: files.size });
      }
    },
  };
}

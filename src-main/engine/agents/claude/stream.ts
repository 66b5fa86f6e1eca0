// Headless Claude (`-p --output-format stream-json --verbose`) as a stream adapter: the metrics
// parser (metrics/claude-stream.ts) still reads usage, cost, tool calls, files and the session id,
// and this adds what it leaves out — assistant text and what each tool returned — so one renderer
// reads every agent. The metrics tap keeps using the parser directly (sessions/metrics-tap.ts).
import { ClaudeStreamParser } from '../../metrics/claude-stream';
import type { ClaudeStreamEvent } from '../../metrics/claude-stream';
import { JsonLineSplitter } from '../../metrics/json-lines';
import type { SessionEvent, StreamAdapter } from '../events';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** What a call is about: the file, the command, the pattern or the URL. */
function targetOf(input: Json): string | null {
  for (const key of ['file_path', 'notebook_path', 'command', 'path', 'pattern', 'url', 'query', 'description']) {
    const v = str(input[key]);
    if (v) return v;
  }
  return null;
}

/** A tool_result block's content: a string, or text blocks. */
function resultText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.filter(isObject).map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).filter((t) => t !== '');
  return texts.length ? texts.join('\n') : undefined;
}

export function createClaudeStreamAdapter(): StreamAdapter {
  const lines = new JsonLineSplitter();
  const parser = new ClaudeStreamParser();
  const outputs = new Map<string, string>();

  const fromParser = (e: ClaudeStreamEvent): SessionEvent[] => {
    switch (e.kind) {
      case 'init':
        return [{ kind: 'session_id', id: e.sessionId }, { kind: 'turn_started' }];
      case 'usage': {
        const t = e.totals;
        const usage: SessionEvent = { kind: 'usage', input: t.inputTokens, output: t.outputTokens, cacheRead: t.cacheReadTokens, cacheWrite: t.cacheCreationTokens, reasoning: 0, cumulative: true };
        return e.costUsd === null ? [usage] : [usage, { kind: 'cost', usd: e.costUsd, cumulative: true }];
      }
      case 'tool_call':
        return [{ kind: 'tool_call', id: e.call.id, tool: e.call.name, input: e.call.input, target: targetOf(e.call.input) }];
      case 'tool_result': {
        const output = outputs.get(e.id);
        outputs.delete(e.id);
        return [{ kind: 'tool_result', id: e.id, status: e.isError ? 'error' : 'ok', ...(output !== undefined ? { output } : {}) }];
      }
      case 'file':
        return [{ kind: 'file', path: e.event.path, action: e.event.action, tool: e.event.toolName, callId: e.event.toolUseId }];
      case 'result': {
        const denied: SessionEvent[] = e.result.permissionDenials.map((d) => ({ kind: 'denied', tool: d.toolName, input: d.input, callId: d.toolUseId }));
        return [...denied, { kind: 'result', text: e.result.text, isError: e.result.isError }, { kind: 'turn_ended' }];
      }
    }
  };

  const onRecord = (rec: Json): SessionEvent[] => {
    const out: SessionEvent[] = [];
    const message = isObject(rec.message) ? rec.message : null;
    const blocks = message && Array.isArray(message.content) ? message.content.filter(isObject) : [];
    if (rec.type === 'assistant') {
      for (const b of blocks) if (b.type === 'text' && str(b.text)) out.push({ kind: 'text', text: b.text as string });
    } else if (rec.type === 'user') {
      for (const b of blocks) {
        const id = str(b.tool_use_id);
        const text = b.type === 'tool_result' ? resultText(b.content) : undefined;
        if (id && text !== undefined) outputs.set(id, text);
      }
    }
    // The parser gets the record back as one line: it keeps its own state (message ids, calls).
    for (const e of parser.push(`${JSON.stringify(rec)}\n`)) out.push(...fromParser(e));
    return out;
  };

  return {
    push: (chunk) => lines.push(chunk).flatMap(onRecord),
    end: () => [...lines.end().flatMap(onRecord), ...parser.end().flatMap(fromParser)],
  };
}

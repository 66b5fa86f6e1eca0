// Reads `opencode run --format json` (OpenCode 1.18.33): one `{type, timestamp, sessionID, part}`
// object a line — step_start, tool_use, text, step_finish — or a top-level `error`. Each
// step_finish carries that step's tokens and USD cost (not running totals), so they are reported
// with cumulative:false and the event tap adds them up.
import { JsonLineSplitter } from '../../metrics/json-lines';
import type { SessionEvent, StreamAdapter } from '../events';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Tools that write the file named by `filePath`. */
const WRITING_TOOLS = new Set(['write', 'edit']);

/**
 * OpenCode's wording when its permission rules (or the user) refuse a call, e.g. a write outside
 * its directory in `run`: "The user rejected permission to use this specific tool call."
 */
const REJECTED = /rejected permission|permission (?:denied|rejected)/i;

/** What a call is about, for the tool log: the file, the command, the pattern or URL. */
function targetOf(tool: string, input: Obj): string | null {
  if (tool === 'bash') return str(input.command);
  return str(input.filePath) ?? str(input.path) ?? str(input.pattern) ?? str(input.url);
}

export class OpencodeStreamAdapter implements StreamAdapter {
  private readonly lines = new JsonLineSplitter();
  private sessionId: string | null = null;
  /** Calls already reported, so a call seen in more than one state is counted once. */
  private readonly called = new Set<string>();
  private readonly finished = new Set<string>();
  private lastText: string | null = null;
  private failed = false;

  push(chunk: Buffer): SessionEvent[] {
    return this.lines.push(chunk).flatMap((line) => this.read(line));
  }

  end(): SessionEvent[] {
    const events = this.lines.end().flatMap((line) => this.read(line));
    // The last text OpenCode printed is its answer (the commit message body).
    if (this.lastText !== null || this.failed) events.push({ kind: 'result', text: this.lastText, isError: this.failed });
    return events;
  }

  private read(line: Obj): SessionEvent[] {
    const out: SessionEvent[] = [];
    const id = str(line.sessionID);
    if (id && id !== this.sessionId) {
      this.sessionId = id;
      out.push({ kind: 'session_id', id });
    }
    const part = obj(line.part) ?? {};
    switch (line.type) {
      case 'step_start':
        out.push({ kind: 'turn_started' });
        break;
      case 'text': {
        const text = typeof part.text === 'string' ? part.text : '';
        if (text.trim() !== '') {
          out.push({ kind: 'text', text });
          this.lastText = text;
        }
        break;
      }
      case 'tool_use':
        out.push(...this.tool(part));
        break;
      case 'step_finish': {
        const tokens = obj(part.tokens) ?? {};
        const cache = obj(tokens.cache) ?? {};
        out.push({
          kind: 'usage',
          // tokens.input already excludes cached tokens, which come under cache.read.
          input: num(tokens.input),
          output: num(tokens.output),
          reasoning: num(tokens.reasoning),
          cacheRead: num(cache.read),
          cacheWrite: num(cache.write),
          cumulative: false,
        });
        out.push({ kind: 'cost', usd: num(part.cost), cumulative: false });
        break;
      }
      case 'error': {
        const error = obj(line.error) ?? {};
        const message = str(obj(error.data)?.message) ?? str(error.name) ?? 'OpenCode reported an error';
        this.failed = true;
        out.push({ kind: 'error', message });
        break;
      }
      default:
        break;
    }
    return out;
  }

  private tool(part: Obj): SessionEvent[] {
    const tool = str(part.tool) ?? 'unknown';
    const callId = str(part.callID) ?? str(part.id) ?? `${tool}-${this.called.size}`;
    const state = obj(part.state) ?? {};
    const input = obj(state.input) ?? {};
    const out: SessionEvent[] = [];
    if (!this.called.has(callId)) {
      this.called.add(callId);
      out.push({ kind: 'tool_call', id: callId, tool, input, target: targetOf(tool, input) });
    }
    const status = state.status;
    if ((status !== 'completed' && status !== 'error') || this.finished.has(callId)) return out;
    this.finished.add(callId);
    if (status === 'error') {
      const denied = REJECTED.test(typeof state.error === 'string' ? state.error : '');
      const error = str(state.error);
      out.push({ kind: 'tool_result', id: callId, status: denied ? 'denied' : 'error', ...(error ? { output: error } : {}) });
      if (denied) out.push({ kind: 'denied', tool, input, callId });
      return out;
    }
    const output = str(state.output);
    out.push({ kind: 'tool_result', id: callId, status: 'ok', ...(output ? { output } : {}) });
    const metadata = obj(state.metadata) ?? {};
    const path = str(metadata.filepath) ?? str(input.filePath);
    if (WRITING_TOOLS.has(tool) && path) {
      // write says whether the file was there before; edit only changes existing files.
      out.push({ kind: 'file', path, action: tool === 'write' && metadata.exists === false ? 'create' : 'modify', tool, callId });
    }
    return out;
  }
}

export function createOpencodeStreamAdapter(): StreamAdapter {
  return new OpencodeStreamAdapter();
}

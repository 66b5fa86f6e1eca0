// Incremental parser for `claude -p --output-format stream-json --verbose` stdout.
//
// Output shape: `push(chunk)` returns the events that chunk completed (for live updates), and
// `snapshot()` is the running state (for storing). Line kinds, as the CLI (2.1.x) prints them:
//   system/init  -> session_id (Claude's own session id, used to resume), model, cwd
//   assistant    -> one line per content block; every line of one API message repeats that
//                   message's id and usage, so usage is counted once per message id
//   user         -> tool_result blocks; `tool_use_result` carries the structured outcome
//                   (Write: type "create" | "update")
//   result       -> final cumulative usage, total_cost_usd, duration_ms, num_turns
// Until a result line arrives, token totals are an estimate (the assistant lines carry the usage
// from the start of each message); the result's totals then replace them.
//
// File events: one per successful Write/Edit/MultiEdit/NotebookEdit, emitted when its tool
// result comes back (a denied or failed call changed nothing). Action: "create" when the CLI
// reports it created the file (Write's tool_use_result.type "create"), otherwise "modify".
import type { FileAction } from '../model';
import { JsonLineSplitter } from './json-lines';

export interface ClaudeUsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

export interface ClaudeToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** pending until its tool_result line arrives. */
  status: 'pending' | 'ok' | 'error';
  /** Set for calls made inside a subagent (the Task tool call that spawned it). */
  parentToolUseId: string | null;
}

export interface ClaudeFileEvent {
  path: string;
  action: Extract<FileAction, 'create' | 'modify'>;
  toolName: string;
  toolUseId: string;
}

export interface ClaudeDenial {
  toolName: string;
  toolUseId: string | null;
  input: Record<string, unknown>;
}

export interface ClaudeResult {
  subtype: string;
  isError: boolean;
  /** The final answer text (`result`), when the run succeeded. */
  text: string | null;
  /** Tool calls the permission mode refused (`permission_denials`); the run still "succeeds". */
  permissionDenials: ClaudeDenial[];
}

function denialsOf(value: unknown): ClaudeDenial[] {
  if (!Array.isArray(value)) return [];
  const out: ClaudeDenial[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.tool_name !== 'string') continue;
    out.push({
      toolName: item.tool_name,
      toolUseId: typeof item.tool_use_id === 'string' ? item.tool_use_id : null,
      input: isObject(item.tool_input) ? item.tool_input : {},
    });
  }
  return out;
}

export interface ClaudeStreamSnapshot extends ClaudeUsageTotals {
  harnessSessionId: string | null;
  model: string | null;
  /** total_cost_usd of the latest result line; null until one arrives. */
  costUsd: number | null;
  durationMs: number | null;
  numTurns: number | null;
  /** True once token totals come from a result line rather than the running estimate. */
  usageFinal: boolean;
  toolCalls: ClaudeToolCall[];
  fileEvents: ClaudeFileEvent[];
  /** Distinct paths written or edited. */
  filesChanged: string[];
  result: ClaudeResult | null;
}

export type ClaudeStreamEvent =
  | { kind: 'init'; sessionId: string; model: string | null; cwd: string | null }
  | { kind: 'usage'; totals: ClaudeUsageTotals; costUsd: number | null; final: boolean }
  | { kind: 'tool_call'; call: ClaudeToolCall }
  | { kind: 'tool_result'; id: string; isError: boolean }
  | { kind: 'file'; event: ClaudeFileEvent }
  | { kind: 'result'; result: ClaudeResult; costUsd: number | null; durationMs: number | null };

export const FILE_WRITING_TOOLS: ReadonlySet<string> = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

const ZERO: ClaudeUsageTotals = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0 };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function usageFromApi(usage: unknown): ClaudeUsageTotals {
  if (!isObject(usage)) return { ...ZERO };
  return {
    inputTokens: num(usage.input_tokens),
    outputTokens: num(usage.output_tokens),
    cacheReadTokens: num(usage.cache_read_input_tokens),
    cacheCreationTokens: num(usage.cache_creation_input_tokens),
  };
}

function addUsage(a: ClaudeUsageTotals, b: ClaudeUsageTotals): ClaudeUsageTotals {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheCreationTokens: a.cacheCreationTokens + b.cacheCreationTokens,
  };
}

const sameUsage = (a: ClaudeUsageTotals, b: ClaudeUsageTotals): boolean =>
  a.inputTokens === b.inputTokens &&
  a.outputTokens === b.outputTokens &&
  a.cacheReadTokens === b.cacheReadTokens &&
  a.cacheCreationTokens === b.cacheCreationTokens;

/** The file a writing tool targets (NotebookEdit names it notebook_path). */
export function writtenPath(toolName: string, input: Json): string | null {
  if (!FILE_WRITING_TOOLS.has(toolName)) return null;
  return str(input.file_path) ?? str(input.notebook_path);
}

export class ClaudeStreamParser {
  private readonly lines = new JsonLineSplitter();
  private sessionId: string | null = null;
  private model: string | null = null;
  /** Totals of the latest result line (cumulative for the CLI session). */
  private resultUsage: ClaudeUsageTotals = { ...ZERO };
  /** Usage per API message id seen since the latest result line. */
  private readonly messageUsage = new Map<string, ClaudeUsageTotals>();
  private lastTotals: ClaudeUsageTotals = { ...ZERO };
  private usageFinal = false;
  private costUsd: number | null = null;
  private durationMs: number | null = null;
  private numTurns: number | null = null;
  private readonly calls = new Map<string, ClaudeToolCall>();
  private readonly files: ClaudeFileEvent[] = [];
  private result: ClaudeResult | null = null;

  push(chunk: Buffer | Uint8Array | string): ClaudeStreamEvent[] {
    return this.handle(this.lines.push(chunk));
  }

  end(): ClaudeStreamEvent[] {
    return this.handle(this.lines.end());
  }

  /** Lines skipped as non-JSON (noise, warnings). */
  get skippedLines(): number {
    return this.lines.skippedLines;
  }

  snapshot(): ClaudeStreamSnapshot {
    return {
      harnessSessionId: this.sessionId,
      model: this.model,
      ...this.totals(),
      costUsd: this.costUsd,
      durationMs: this.durationMs,
      numTurns: this.numTurns,
      usageFinal: this.usageFinal,
      toolCalls: [...this.calls.values()].map((c) => ({ ...c })),
      fileEvents: this.files.map((f) => ({ ...f })),
      filesChanged: [...new Set(this.files.map((f) => f.path))],
      result: this.result ? { ...this.result, permissionDenials: [...this.result.permissionDenials] } : null,
    };
  }

  private totals(): ClaudeUsageTotals {
    let totals = this.resultUsage;
    for (const u of this.messageUsage.values()) totals = addUsage(totals, u);
    return totals;
  }

  private handle(objects: Json[]): ClaudeStreamEvent[] {
    const events: ClaudeStreamEvent[] = [];
    for (const obj of objects) {
      switch (obj.type) {
        case 'system':
          this.onSystem(obj, events);
          break;
        case 'assistant':
          this.onAssistant(obj, events);
          break;
        case 'user':
          this.onUser(obj, events);
          break;
        case 'result':
          this.onResult(obj, events);
          break;
        default:
          break;
      }
    }
    return events;
  }

  private onSystem(obj: Json, events: ClaudeStreamEvent[]): void {
    const sessionId = str(obj.session_id);
    if (obj.subtype !== 'init' || !sessionId) return;
    this.sessionId = sessionId;
    this.model = str(obj.model) ?? this.model;
    events.push({ kind: 'init', sessionId, model: this.model, cwd: str(obj.cwd) });
  }

  private onAssistant(obj: Json, events: ClaudeStreamEvent[]): void {
    if (!this.sessionId && str(obj.session_id)) this.sessionId = str(obj.session_id);
    const message = obj.message;
    if (!isObject(message)) return;
    const messageId = str(message.id);
    if (messageId && isObject(message.usage)) {
      // Same message, later line: keep the larger figures (output grows as the message streams).
      const seen = this.messageUsage.get(messageId) ?? ZERO;
      const now = usageFromApi(message.usage);
      this.messageUsage.set(messageId, {
        inputTokens: Math.max(seen.inputTokens, now.inputTokens),
        outputTokens: Math.max(seen.outputTokens, now.outputTokens),
        cacheReadTokens: Math.max(seen.cacheReadTokens, now.cacheReadTokens),
        cacheCreationTokens: Math.max(seen.cacheCreationTokens, now.cacheCreationTokens),
      });
      this.usageFinal = false;
      this.emitUsage(events);
    }
    const content = Array.isArray(message.content) ? message.content : [];
    for (const block of content) {
      if (!isObject(block) || block.type !== 'tool_use') continue;
      const id = str(block.id);
      const name = str(block.name);
      if (!id || !name || this.calls.has(id)) continue;
      const call: ClaudeToolCall = {
        id,
        name,
        input: isObject(block.input) ? block.input : {},
        status: 'pending',
        parentToolUseId: str(obj.parent_tool_use_id),
      };
      this.calls.set(id, call);
      events.push({ kind: 'tool_call', call: { ...call } });
    }
  }

  private onUser(obj: Json, events: ClaudeStreamEvent[]): void {
    const message = obj.message;
    if (!isObject(message) || !Array.isArray(message.content)) return;
    const structured = isObject(obj.tool_use_result) ? obj.tool_use_result : null;
    for (const block of message.content) {
      if (!isObject(block) || block.type !== 'tool_result') continue;
      const id = str(block.tool_use_id);
      const call = id ? this.calls.get(id) : undefined;
      if (!id || !call || call.status !== 'pending') continue;
      const isError = block.is_error === true;
      call.status = isError ? 'error' : 'ok';
      events.push({ kind: 'tool_result', id, isError });
      const path = writtenPath(call.name, call.input);
      if (isError || !path) continue;
      // The structured result belongs to this line's single tool result (the CLI prints one per line).
      const action = structured?.type === 'create' ? 'create' : 'modify';
      const event: ClaudeFileEvent = { path, action, toolName: call.name, toolUseId: id };
      this.files.push(event);
      events.push({ kind: 'file', event: { ...event } });
    }
  }

  private onResult(obj: Json, events: ClaudeStreamEvent[]): void {
    if (isObject(obj.usage)) {
      // The result's usage is the CLI's own cumulative total: it supersedes the estimate.
      this.resultUsage = usageFromApi(obj.usage);
      this.messageUsage.clear();
      this.usageFinal = true;
    }
    this.costUsd = numOrNull(obj.total_cost_usd) ?? this.costUsd;
    this.durationMs = numOrNull(obj.duration_ms) ?? this.durationMs;
    this.numTurns = numOrNull(obj.num_turns) ?? this.numTurns;
    if (!this.sessionId && str(obj.session_id)) this.sessionId = str(obj.session_id);
    this.result = {
      subtype: str(obj.subtype) ?? 'unknown',
      isError: obj.is_error === true,
      text: str(obj.result),
      permissionDenials: denialsOf(obj.permission_denials),
    };
    this.emitUsage(events, true);
    events.push({ kind: 'result', result: { ...this.result }, costUsd: this.costUsd, durationMs: this.durationMs });
  }

  private emitUsage(events: ClaudeStreamEvent[], force = false): void {
    const totals = this.totals();
    if (!force && sameUsage(totals, this.lastTotals)) return;
    this.lastTotals = totals;
    events.push({ kind: 'usage', totals, costUsd: this.costUsd, final: this.usageFinal });
  }
}

/** Parses a whole captured stream at once. */
export function parseClaudeStream(text: string | Buffer): ClaudeStreamSnapshot {
  const parser = new ClaudeStreamParser();
  parser.push(text);
  parser.end();
  return parser.snapshot();
}

// Parsers for the metric files ECC's Claude Code hooks write (ecc2-upstream §4, seed §1.12):
//   metrics/costs.jsonl       (Stop hook)        one cumulative row per Stop, per session
//   metrics/tool-usage.jsonl  (PostToolUse hook) one row per tool call, with an `id`
//
// Costs: the hook re-sums the session's whole transcript on every Stop, so each row already is
// the session's running total. ECC2 sums the rows per session, which counts every early turn
// again at each later Stop; we take the LATEST row per session instead (the hook's own docs say
// the last row is the total).
import { createHash } from 'node:crypto';
import type { FileAction, FileEvent } from '../model';
import { JsonlTail, type TailCursor } from './jsonl-tail';
import { redactSecrets } from './redact';
import { riskScore } from './risk';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function parseLine(line: string): Json | null {
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// costs.jsonl

export interface CostRow {
  sessionId: string;
  timestamp: string | null;
  model: string | null;
  transcriptPath: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export function parseCostRow(line: string): CostRow | null {
  const row = parseLine(line);
  const sessionId = row ? str(row.session_id) : null;
  if (!row || !sessionId) return null;
  return {
    sessionId,
    timestamp: str(row.timestamp),
    model: str(row.model),
    transcriptPath: str(row.transcript_path),
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    cacheWriteTokens: num(row.cache_write_tokens),
    cacheReadTokens: num(row.cache_read_tokens),
    costUsd: num(row.estimated_cost_usd),
  };
}

/**
 * True when `next` supersedes `current`: a later timestamp, or (timestamps equal or unreadable)
 * later in the file, since the hook appends in order.
 */
function supersedes(next: CostRow, current: CostRow | undefined): boolean {
  if (!current) return true;
  const a = current.timestamp ? Date.parse(current.timestamp) : NaN;
  const b = next.timestamp ? Date.parse(next.timestamp) : NaN;
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return b >= a;
}

/** Latest row per session, in the order sessions first appear. */
export function latestCostsBySession(lines: Iterable<string>, into = new Map<string, CostRow>()): Map<string, CostRow> {
  for (const line of lines) {
    const row = parseCostRow(line);
    if (row && supersedes(row, into.get(row.sessionId))) into.set(row.sessionId, row);
  }
  return into;
}

export class CostsReader {
  private readonly tail: JsonlTail;
  private readonly latest = new Map<string, CostRow>();

  constructor(path: string, cursor?: TailCursor) {
    this.tail = new JsonlTail(path, cursor);
  }

  /** Reads appended rows; returns the sessions whose latest row changed. */
  read(): CostRow[] {
    const { lines } = this.tail.readNew();
    const changed = new Map<string, CostRow>();
    for (const line of lines) {
      const row = parseCostRow(line);
      if (!row || !supersedes(row, this.latest.get(row.sessionId))) continue;
      this.latest.set(row.sessionId, row);
      changed.set(row.sessionId, row);
    }
    return [...changed.values()];
  }

  get(sessionId: string): CostRow | undefined {
    return this.latest.get(sessionId);
  }

  all(): CostRow[] {
    return [...this.latest.values()];
  }

  position(): TailCursor {
    return this.tail.position();
  }
}

// ---------------------------------------------------------------------------------------------
// tool-usage.jsonl

/** Normalises a hook's action string; null when missing or unknown (then infer from the tool). */
export function normalizeFileAction(action: unknown): FileAction | null {
  if (typeof action !== 'string') return null;
  switch (action.trim().toLowerCase()) {
    case 'modify':
    case 'edit':
    case 'write':
      return 'modify';
    case 'create':
      return 'create';
    case 'read':
      return 'read';
    case 'move':
    case 'rename':
      return 'move';
    case 'delete':
    case 'remove':
      return 'delete';
    case 'touch':
      return 'touch';
    default:
      return null;
  }
}

export function inferFileAction(toolName: string): FileAction {
  const tool = toolName.toLowerCase();
  if (tool.includes('read')) return 'read';
  if (tool.includes('write')) return 'create';
  if (tool.includes('edit')) return 'modify';
  if (tool.includes('delete') || tool.includes('remove')) return 'delete';
  if (tool.includes('move') || tool.includes('rename')) return 'move';
  return 'touch';
}

export interface ToolUsageRecord {
  /** The row's `id`, or `line:<sha1>` of the raw line when the hook gave none (still dedupable). */
  hookEventId: string;
  sessionId: string;
  toolName: string;
  inputSummary: string;
  inputParamsJson: string;
  outputSummary: string;
  durationMs: number;
  timestamp: string | null;
  filePaths: string[];
  fileEvents: FileEvent[];
  riskScore: number;
}

function optionalText(v: unknown): string | null {
  return typeof v === 'string' ? redactSecrets(v) : null;
}

function fileEventsOf(row: Json, toolName: string): FileEvent[] {
  const events: FileEvent[] = [];
  if (Array.isArray(row.file_events)) {
    for (const e of row.file_events) {
      const path = isObject(e) ? str(e.path) : null;
      if (!isObject(e) || !path) continue;
      const event: FileEvent = { path, action: normalizeFileAction(e.action) ?? inferFileAction(toolName) };
      const diff = optionalText(e.diff_preview);
      const patch = optionalText(e.patch_preview);
      if (diff !== null) event.diffPreview = diff;
      if (patch !== null) event.patchPreview = patch;
      events.push(event);
    }
  }
  if (events.length === 0 && Array.isArray(row.file_paths)) {
    // Older hook rows list paths only: their action comes from the tool name.
    for (const p of row.file_paths) if (typeof p === 'string' && p) events.push({ path: p, action: inferFileAction(toolName) });
  }
  return events;
}

/** One row, with summaries redacted; null when it is not a tool-usage row. */
export function parseToolUsageRow(line: string): ToolUsageRecord | null {
  const row = parseLine(line);
  if (!row) return null;
  const sessionId = str(row.session_id);
  const toolName = str(row.tool_name);
  if (!sessionId || !toolName) return null;
  const rawId = row.id;
  const hookEventId =
    typeof rawId === 'string' && rawId !== ''
      ? rawId
      : typeof rawId === 'number'
        ? String(rawId)
        : `line:${createHash('sha1').update(line.trim()).digest('hex')}`;
  const inputSummary = redactSecrets(str(row.input_summary) ?? '');
  const params = row.input_params_json;
  const inputParamsJson = redactSecrets(typeof params === 'string' ? params : isObject(params) ? JSON.stringify(params) : '{}');
  const fileEvents = fileEventsOf(row, toolName);
  const filePaths = new Set<string>();
  if (Array.isArray(row.file_paths)) for (const p of row.file_paths) if (typeof p === 'string' && p) filePaths.add(p);
  for (const e of fileEvents) filePaths.add(e.path);
  return {
    hookEventId,
    sessionId,
    toolName,
    inputSummary,
    inputParamsJson,
    outputSummary: redactSecrets(str(row.output_summary) ?? ''),
    durationMs: num(row.duration_ms),
    timestamp: str(row.timestamp),
    filePaths: [...filePaths],
    fileEvents,
    riskScore: riskScore(toolName, inputSummary),
  };
}

/** Rows de-duplicated by id (the first occurrence wins: a hook that fired twice wrote the same call). */
export function parseToolUsage(lines: Iterable<string>, seen = new Set<string>()): ToolUsageRecord[] {
  const out: ToolUsageRecord[] = [];
  for (const line of lines) {
    const record = parseToolUsageRow(line);
    if (!record || seen.has(record.hookEventId)) continue;
    seen.add(record.hookEventId);
    out.push(record);
  }
  return out;
}

export class ToolUsageReader {
  private readonly tail: JsonlTail;
  private readonly seen: Set<string>;

  /** `knownIds`: ids already stored (e.g. loaded from the database) so they are not returned again. */
  constructor(path: string, opts: { cursor?: TailCursor; knownIds?: Iterable<string> } = {}) {
    this.tail = new JsonlTail(path, opts.cursor);
    this.seen = new Set(opts.knownIds ?? []);
  }

  /** The records appended since the last read, minus ids already seen. */
  read(): ToolUsageRecord[] {
    return parseToolUsage(this.tail.readNew().lines, this.seen);
  }

  position(): TailCursor {
    return this.tail.position();
  }
}

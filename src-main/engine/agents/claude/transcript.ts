// Token counts (and, once the CLI exits, its own cost) from interactive Claude's transcript: the
// JSONL file each hook payload names (`transcript_path`). Assistant lines carry `message.usage`;
// one API message is written as several lines (one per content block) with the same `message.id`,
// so each message is counted once (its last line wins). Claude 2.1.330 appends a `cost-state` line
// (`totalCostUSD`) only when it exits.
//
// Transcripts grow large (every request body is logged), and every hook is a fresh process, so the
// reading is incremental: the offset reached and the totals so far are kept in a small state file
// in the session's private folder, and one call reads at most READ_BUDGET bytes (the rest on the
// next hook). Without a state folder a call reads only the first READ_BUDGET bytes.
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { mkdirPrivate } from '../../private-fs';
import type { SessionEvent } from '../events';

const READ_BUDGET = 16 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** A longer line is a logged request body, never a usage line: skipped without being kept whole. */
const MAX_LINE = 4 * 1024 * 1024;
/** Message ids remembered per file for de-duplication (a message's lines are written together). */
const RECENT_IDS = 64;
const STATE_FILE = 'claude-transcript.json';

interface Counts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

interface FileState extends Counts {
  offset: number;
  /** Inside an over-long line: discard up to the next newline. */
  skipping: boolean;
  /** Output tokens per model, to name the model that did the work. */
  models: Record<string, number>;
  recent: Array<{ id: string; counts: Counts; model: string | null }>;
  /** Recent tool calls, to name the call a permission rule refused. */
  tools: Array<{ id: string; name: string; input: Record<string, unknown> }>;
  costUsd: number | null;
}

export type Denial = Extract<SessionEvent, { kind: 'denied' }>;

interface TranscriptState {
  files: Record<string, FileState>;
}

const zero = (): Counts => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
const freshFile = (): FileState => ({ ...zero(), offset: 0, skipping: false, models: {}, recent: [], tools: [], costUsd: null });

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

function countsOf(usage: Record<string, unknown>): Counts {
  // output_tokens already includes thinking tokens (output_tokens_details.thinking_tokens is a part of it).
  return {
    input: num(usage.input_tokens),
    output: num(usage.output_tokens),
    cacheRead: num(usage.cache_read_input_tokens),
    cacheWrite: num(usage.cache_creation_input_tokens),
  };
}

function addCounts(f: FileState, c: Counts, model: string | null, sign: 1 | -1): void {
  f.input += sign * c.input;
  f.output += sign * c.output;
  f.cacheRead += sign * c.cacheRead;
  f.cacheWrite += sign * c.cacheWrite;
  if (model) f.models[model] = (f.models[model] ?? 0) + sign * (c.output + c.input);
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function rememberTools(f: FileState, content: unknown): void {
  if (!Array.isArray(content)) return;
  for (const block of content) {
    const b = record(block);
    if (b?.type !== 'tool_use' || typeof b.id !== 'string' || typeof b.name !== 'string') continue;
    // Only enough of the input to name the call (a Write's content can be huge).
    const input = Object.fromEntries(Object.entries(record(b.input) ?? {}).map(([k, v]) => [k, typeof v === 'string' && v.length > 500 ? `${v.slice(0, 500)}…` : v]));
    f.tools.push({ id: b.id, name: b.name, input });
    if (f.tools.length > RECENT_IDS) f.tools.shift();
  }
}

/** A call refused by a permission rule (Claude marks its result `toolDenialKind: "permission-rule"`). */
function ruleDenials(f: FileState, o: Record<string, unknown>, out: Denial[]): void {
  const content = record(o.message)?.content;
  if (!Array.isArray(content)) return;
  for (const block of content) {
    const b = record(block);
    if (b?.type !== 'tool_result' || typeof b.tool_use_id !== 'string') continue;
    const call = f.tools.find((t) => t.id === b.tool_use_id);
    if (call) out.push({ kind: 'denied', tool: call.name, input: call.input, callId: call.id });
  }
}

/** Applies one transcript line to the file's totals; calls a permission rule refused go to `denials`. */
export function applyTranscriptLine(f: FileState, line: string, denials: Denial[] = []): void {
  // Cheap filter first: most lines (request blobs, attachments, tool results) carry no usage.
  const usageLine = line.includes('"usage"') && line.includes('"assistant"');
  const costLine = line.includes('"cost-state"');
  const deniedLine = line.includes('"toolDenialKind":"permission-rule"');
  if (!usageLine && !costLine && !deniedLine) return;
  let o: Record<string, unknown> | null;
  try {
    o = record(JSON.parse(line));
  } catch {
    return;
  }
  if (!o) return;
  if (o.type === 'cost-state') {
    if (typeof o.totalCostUSD === 'number' && Number.isFinite(o.totalCostUSD)) f.costUsd = o.totalCostUSD;
    return;
  }
  if (o.type === 'user' && o.toolDenialKind === 'permission-rule') return ruleDenials(f, o, denials);
  if (o.type !== 'assistant') return;
  const message = record(o.message);
  rememberTools(f, message?.content);
  const usage = record(message?.usage);
  if (!message || !usage) return;
  const rawModel = typeof message.model === 'string' ? message.model : null;
  // Claude's own placeholder for messages it made up itself (errors, interruptions): no API use.
  const model = rawModel && rawModel !== '<synthetic>' ? rawModel : null;
  const counts = countsOf(usage);
  const id = typeof message.id === 'string' && message.id ? message.id : typeof o.uuid === 'string' ? o.uuid : null;
  const seen = id ? f.recent.find((r) => r.id === id) : undefined;
  if (seen) {
    addCounts(f, seen.counts, seen.model, -1);
    seen.counts = counts;
    seen.model = model;
  } else if (id) {
    f.recent.push({ id, counts, model });
    if (f.recent.length > RECENT_IDS) f.recent.shift();
  }
  addCounts(f, counts, model, 1);
}

/** Reads the file from `f.offset` (at most READ_BUDGET bytes, whole lines only) into `f`. */
function advance(path: string, f: FileState, denials: Denial[]): void {
  const size = statSync(path).size;
  if (size < f.offset) Object.assign(f, freshFile()); // rewritten: count it again from the start
  if (size === f.offset) return;
  const fd = openSync(path, 'r');
  try {
    let pos = f.offset;
    let pending = Buffer.alloc(0);
    const end = Math.min(size, f.offset + READ_BUDGET);
    while (pos < end) {
      const buf = Buffer.alloc(Math.min(CHUNK, end - pos));
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      let data = pending.length ? Buffer.concat([pending, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        if (f.skipping) f.skipping = false;
        else applyTranscriptLine(f, data.subarray(start, nl).toString('utf8'), denials);
        start = nl + 1;
      }
      data = data.subarray(start);
      if (f.skipping || data.length > MAX_LINE) {
        f.skipping = true;
        data = Buffer.alloc(0);
      }
      pending = Buffer.from(data);
      // Everything up to the last newline (or skipped) is consumed; a partial last line is read again.
      f.offset = pos - pending.length;
    }
  } finally {
    closeSync(fd);
  }
}

function loadState(stateDir: string | undefined): TranscriptState {
  if (!stateDir) return { files: {} };
  try {
    const parsed = JSON.parse(readFileSync(join(stateDir, STATE_FILE), 'utf8')) as TranscriptState;
    return parsed && typeof parsed.files === 'object' && parsed.files !== null ? parsed : { files: {} };
  } catch {
    return { files: {} };
  }
}

function saveState(stateDir: string, state: TranscriptState): void {
  mkdirPrivate(stateDir);
  const file = join(stateDir, STATE_FILE);
  // Hooks can run at the same time (parallel tool calls): write whole files, never a torn one.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * The session's cumulative usage (and cost, once Claude wrote it) over every transcript it has
 * named so far: a resumed or cleared conversation gets a new file, and the totals carry on. Also the
 * calls a permission rule refused since the last read (no hook reports those).
 */
export function transcriptEvents(transcriptPath: unknown, stateDir: string | undefined): SessionEvent[] {
  if (typeof transcriptPath !== 'string' || !isAbsolute(transcriptPath) || !transcriptPath.endsWith('.jsonl')) return [];
  const state = loadState(stateDir);
  const denials: Denial[] = [];
  if (existsSync(transcriptPath)) {
    const f = state.files[transcriptPath] ?? freshFile();
    try {
      advance(transcriptPath, f, denials);
      state.files[transcriptPath] = f;
    } catch {
      // Unreadable right now: the next hook tries again.
    }
    if (stateDir) saveState(stateDir, state);
  }
  const files = Object.values(state.files);
  if (files.length === 0) return [];
  const total = zero();
  const models: Record<string, number> = {};
  let cost: number | null = null;
  for (const f of files) {
    total.input += f.input;
    total.output += f.output;
    total.cacheRead += f.cacheRead;
    total.cacheWrite += f.cacheWrite;
    for (const [m, n] of Object.entries(f.models)) models[m] = (models[m] ?? 0) + n;
    if (f.costUsd !== null) cost = (cost ?? 0) + f.costUsd;
  }
  const events: SessionEvent[] = [...denials];
  if (total.input + total.output + total.cacheRead + total.cacheWrite > 0) {
    const model = Object.entries(models).sort((a, b) => b[1] - a[1])[0]?.[0];
    events.push({
      kind: 'usage',
      input: total.input,
      output: total.output,
      cacheRead: total.cacheRead,
      cacheWrite: total.cacheWrite,
      reasoning: 0,
      cumulative: true,
      ...(model ? { model } : {}),
    });
  }
  if (cost !== null) events.push({ kind: 'cost', usd: cost, cumulative: true });
  return events;
}

/**
 * Waits (blocking: this runs in a short-lived background process) until the file is longer than
 * `fromSize` and then quiet for `quietMs`, or `maxMs` passed.
 */
export function waitForTranscriptGrowth(path: unknown, fromSize: number, quietMs = 300, maxMs = 5000): void {
  if (typeof path !== 'string' || !isAbsolute(path) || !existsSync(path)) return;
  const size = () => {
    try {
      return statSync(path).size;
    } catch {
      return -1;
    }
  };
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const started = Date.now();
  let last = size();
  let since = Date.now();
  while (Date.now() - started < maxMs) {
    Atomics.wait(sleeper, 0, 0, 50);
    const now = size();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (now > fromSize && Date.now() - since >= quietMs) return;
  }
}

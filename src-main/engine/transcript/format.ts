// Transcript entries as plain text for `switchyard logs`: assistant text as paragraphs, one line per
// tool call (tool, target, status, the first line of its result), the final result with its figures.
import type { TranscriptEntry, TranscriptUsage } from './reader';

const RESULT_CHARS = 100;

export interface FormatOptions {
  /** Paths under this folder are shown relative to it. */
  workingDir?: string;
  /** Cost to show when the stream reports none (priced from tokens by Switchyard), with its source. */
  pricedCostUsd?: number | null;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The first line of a tool's result, clipped, and how many lines were left out. */
export function abbreviate(output: string, max = RESULT_CHARS): string {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return '(no output)';
  let first = oneLine(lines[0]!);
  if (first.length > max) first = `${first.slice(0, max - 1)}…`;
  return lines.length > 1 ? `${first} (+${lines.length - 1} lines)` : first;
}

export function relativeTarget(target: string, workingDir?: string): string {
  if (!workingDir) return target;
  const base = workingDir.endsWith('/') ? workingDir : `${workingDir}/`;
  const parts = target.split(', ');
  // Only plain paths (a list of them for a patch): a command keeps its words as the agent ran them.
  if (!parts.every((p) => p.startsWith(base) && !/\s/.test(p))) return target;
  return parts.map((p) => p.slice(base.length)).join(', ');
}

const n = (v: number): string => v.toLocaleString('en-US');

export function formatUsage(u: TranscriptUsage): string {
  const total = u.input + u.output + u.reasoning;
  const parts = [`in ${n(u.input)}`, `out ${n(u.output)}`];
  if (u.reasoning) parts.push(`reasoning ${n(u.reasoning)}`);
  if (u.cacheRead) parts.push(`cache read ${n(u.cacheRead)}`);
  if (u.cacheWrite) parts.push(`cache write ${n(u.cacheWrite)}`);
  return `${n(total)} tokens (${parts.join(', ')})`;
}

export function formatCost(reported: number | null, priced?: number | null): string {
  if (reported !== null) return `$${reported.toFixed(4)}`;
  if (priced !== undefined && priced !== null && priced > 0) return `$${priced.toFixed(4)} (priced from tokens)`;
  return 'cost not reported';
}

const STATUS: Record<Extract<TranscriptEntry, { kind: 'tool' }>['status'], string> = { pending: '…', ok: 'ok', error: 'failed', denied: 'denied' };

/** One entry as text lines (no trailing newline). */
export function formatEntry(e: TranscriptEntry, opts: FormatOptions & { lastText?: string } = {}): string {
  switch (e.kind) {
    case 'text':
      return e.text.trim();
    case 'tool': {
      const target = e.target ? ` ${oneLine(relativeTarget(e.target, opts.workingDir))}` : '';
      const output = e.output !== null && e.output.trim() !== '' ? `: ${abbreviate(e.output)}` : '';
      return `  → ${e.tool}${target}  [${STATUS[e.status]}]${output}`;
    }
    case 'note':
      return `  | ${e.text}`;
    case 'error':
      return `  ✗ error: ${oneLine(e.message)}`;
    case 'result': {
      const head = !e.reported ? '── ended without a final result' : e.isError ? '── result: failed' : '── result: completed';
      const calls = `${e.toolCalls} tool call${e.toolCalls === 1 ? '' : 's'}`;
      const files = `${e.filesChanged} file${e.filesChanged === 1 ? '' : 's'} changed`;
      const figures = `   ${formatUsage(e.usage)} · ${formatCost(e.costUsd, opts.pricedCostUsd)} · ${calls} · ${files}`;
      // The answer is usually the agent's last message, already shown just above.
      const answer = e.text && e.text.trim() !== opts.lastText?.trim() ? `\n${e.text.trim()}` : '';
      return `${head}\n${figures}${answer}`;
    }
  }
}

/** Blank lines between paragraphs of text, none between consecutive tool lines. */
export function formatTranscript(entries: readonly TranscriptEntry[], opts: FormatOptions = {}): string {
  const out = new TranscriptPrinter(opts).take(entries, true);
  return out ? `${out}\n` : '';
}

/**
 * Prints a growing transcript (`logs --follow`): each call returns the text of the entries that
 * can no longer change. A pending tool call holds back what follows it, so lines stay in order.
 */
export class TranscriptPrinter {
  private printed = 0;
  private prev: TranscriptEntry['kind'] | null = null;
  private lastText: string | undefined;

  constructor(private readonly opts: FormatOptions = {}) {}

  take(entries: readonly TranscriptEntry[], final: boolean): string {
    let settled = entries.length;
    if (!final) {
      const pendingAt = entries.findIndex((e, i) => i >= this.printed && e.kind === 'tool' && e.status === 'pending');
      if (pendingAt >= 0) settled = pendingAt;
      else if (entries.length > 0 && (entries.at(-1)!.kind === 'text' || entries.at(-1)!.kind === 'result')) settled = entries.length - 1;
    }
    let out = '';
    for (; this.printed < settled; this.printed++) {
      const e = entries[this.printed]!;
      const compact = (k: string | null) => k === 'tool' || k === 'note' || k === 'error';
      if (this.prev !== null) out += compact(this.prev) && compact(e.kind) ? '\n' : '\n\n';
      out += formatEntry(e, this.lastText === undefined ? this.opts : { ...this.opts, lastText: this.lastText });
      this.prev = e.kind;
      if (e.kind === 'text') this.lastText = e.text;
    }
    return out;
  }
}

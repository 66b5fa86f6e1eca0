// Gemini CLI 0.61's conversation file (the hooks' `transcript_path`, under
// ~/.gemini/tmp/<project>/chats/session-*.jsonl): one JSON record a line — a metadata line, message
// records `{id, type: "user"|"gemini", content, tokens{input, output, cached, thoughts, tool},
// model, toolCalls}` (written again under the same id when updated), `{$set: {...}}` metadata (its
// `messages` replace the list, e.g. on resume) and `{$rewindTo: id}`. Interactive Gemini reports
// token counts nowhere else, so usage is summed here; older single-JSON files are read too.
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export interface GeminiTranscript {
  /** Token totals over every model answer recorded (a rewind does not give spent tokens back). */
  tokens: { input: number; output: number; cached: number; thoughts: number; tool: number };
  /** The model of the last answer that named one. */
  model: string | null;
  /** The model has answered at least once: Gemini can `--resume` this conversation. */
  answered: boolean;
  /** The text of the last model answer that had text. */
  lastAnswer: string | null;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
}

function records(raw: string): Json[] {
  // The pre-JSONL format: one object with a messages array (a JSONL file fails this at its second line).
  try {
    const whole: unknown = JSON.parse(raw);
    if (isObject(whole)) return Array.isArray(whole.messages) ? whole.messages.filter(isObject) : [whole];
  } catch {
    // JSONL
  }
  const out: Json[] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    try {
      const rec: unknown = JSON.parse(line);
      if (!isObject(rec)) continue;
      // Messages repeated inside a metadata update (the list as of a resume) count like any other.
      const set = isObject(rec.$set) ? rec.$set : null;
      if (set && Array.isArray(set.messages)) out.push(...set.messages.filter(isObject));
      else if (Array.isArray(rec.messages)) out.push(...rec.messages.filter(isObject));
      out.push(rec);
    } catch {
      // A line being written as we read: the next hook reads it whole.
    }
  }
  return out;
}

/** Reads the conversation file; null when it cannot be read (missing, not yet written). */
export function readGeminiTranscript(path: string): GeminiTranscript | null {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  // Latest version of each model answer, in the order the answers first appeared.
  const answers = new Map<string, Json>();
  for (const rec of records(raw)) {
    if (rec.type === 'gemini' && typeof rec.id === 'string') answers.set(rec.id, rec);
  }
  const t: GeminiTranscript = { tokens: { input: 0, output: 0, cached: 0, thoughts: 0, tool: 0 }, model: null, answered: false, lastAnswer: null };
  for (const msg of answers.values()) {
    const tokens = isObject(msg.tokens) ? msg.tokens : {};
    t.tokens.input += num(tokens.input);
    t.tokens.output += num(tokens.output);
    t.tokens.cached += num(tokens.cached);
    t.tokens.thoughts += num(tokens.thoughts);
    t.tokens.tool += num(tokens.tool);
    if (typeof msg.model === 'string' && msg.model) t.model = msg.model;
    const text = textOf(msg.content).trim();
    if (text || (Array.isArray(msg.toolCalls) && msg.toolCalls.length > 0)) t.answered = true;
    if (text) t.lastAnswer = text;
  }
  return t;
}

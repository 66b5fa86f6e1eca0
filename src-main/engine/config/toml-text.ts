// The TOML text of a config file as the settings editor sees it: where each table header and each
// `key = value` statement sits (offsets), and values and keys written back as TOML text.
import { isTable } from './errors';


export interface Header {
  path: string[];
  array: boolean;
  start: number;
  /** Offset after the header line's newline. */
  end: number;
}

export interface Statement {
  /** Table path + key path. */
  path: string[];
  table: string[];
  inArrayTable: boolean;
  start: number;
  valueStart: number;
  valueEnd: number;
  /** Offset after the statement's last newline. */
  end: number;
  indent: string;
}

export interface Scan {
  headers: Header[];
  statements: Statement[];
}

const BARE = /^[A-Za-z0-9_-]+$/;

/** Reads a dotted key at `i`; returns the segments and the offset after it (whitespace skipped). */
export function readKey(s: string, i: number, stop: string): { path: string[]; next: number } {
  const path: string[] = [];
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    const c = s[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c && s[j] !== '\n') j += c === '"' && s[j] === '\\' ? 2 : 1;
      const raw = s.slice(i, j + 1);
      path.push(c === '"' ? unquoteBasic(raw) : raw.slice(1, -1));
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && /[A-Za-z0-9_-]/.test(s[j] ?? '')) j++;
      if (j === i) throw new Error(`unexpected character ${JSON.stringify(c ?? 'end of file')}`);
      path.push(s.slice(i, j));
      i = j;
    }
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] === '.') {
      i++;
      continue;
    }
    if (!stop.includes(s[i] ?? '')) throw new Error(`expected ${stop}`);
    return { path, next: i };
  }
}

function unquoteBasic(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** Skips one value starting at `i`; returns the offset just after its last character. */
function skipValue(s: string, i: number): number {
  let depth = 0;
  let lastEnd = i;
  while (i < s.length) {
    const c = s[i] as string;
    if (s.startsWith('"""', i) || s.startsWith("'''", i)) {
      const q = s.slice(i, i + 3);
      let j = i + 3;
      while (j < s.length && !s.startsWith(q, j)) j += q === '"""' && s[j] === '\\' ? 2 : 1;
      while (s[j + 3] === q[0]) j++; // up to two quotes may end the content
      i = lastEnd = j + 3;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c && s[j] !== '\n') j += c === '"' && s[j] === '\\' ? 2 : 1;
      i = lastEnd = j + 1;
    } else if (c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (c === '\n') {
      if (depth <= 0) return lastEnd;
      i++;
    } else {
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth--;
      i++;
      if (c !== ' ' && c !== '\t' && c !== '\r') lastEnd = i;
    }
  }
  return lastEnd;
}

function lineEnd(s: string, i: number): number {
  const nl = s.indexOf('\n', i);
  return nl === -1 ? s.length : nl + 1;
}

export function scan(s: string): Scan {
  const headers: Header[] = [];
  const statements: Statement[] = [];
  let table: string[] = [];
  let inArrayTable = false;
  let i = 0;
  while (i < s.length) {
    const start = i;
    while (s[i] === ' ' || s[i] === '\t') i++;
    const c = s[i];
    if (c === undefined || c === '\n' || c === '\r' || c === '#') {
      i = lineEnd(s, i);
      continue;
    }
    if (c === '[') {
      const array = s[i + 1] === '[';
      const { path, next } = readKey(s, i + (array ? 2 : 1), ']');
      const end = lineEnd(s, next);
      headers.push({ path, array, start, end });
      table = path;
      inArrayTable = array;
      i = end;
      continue;
    }
    const indent = s.slice(start, i);
    const { path, next } = readKey(s, i, '=');
    let valueStart = next + 1;
    while (s[valueStart] === ' ' || s[valueStart] === '\t') valueStart++;
    const valueEnd = skipValue(s, valueStart);
    const end = lineEnd(s, valueEnd);
    statements.push({ path: [...table, ...path], table, inArrayTable, start, valueStart, valueEnd, end, indent });
    i = end;
  }
  return { headers, statements };
}

// ---------------------------------------------------------------------------------------------
// Values and keys as TOML text.

export function keySegment(name: string): string {
  return BARE.test(name) ? name : JSON.stringify(name);
}

/** Parses a dotted key the way config show prints it (bare and "quoted" segments). */
export function parseDottedKey(key: string): string[] {
  try {
    const { path, next } = readKey(`${key}\n`, 0, '\n');
    if (next !== key.length) throw new Error('trailing characters');
    return path;
  } catch (error) {
    throw new Error(`invalid setting key ${JSON.stringify(key)}: ${(error as Error).message} (use dotted names such as conflict_resolution.strategy)`);
  }
}

export function formatTomlText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value).replace(/\u007f/g, '\\u007f').replace(/[\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(formatTomlText).join(', ')}]`;
  if (isTable(value)) {
    const inner = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${keySegment(k)} = ${formatTomlText(v)}`);
    return inner.length === 0 ? '{}' : `{ ${inner.join(', ')} }`;
  }
  throw new Error(`cannot write ${typeof value} as a TOML value`);
}


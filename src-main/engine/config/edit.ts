// Editing the user config file from the settings view: the TOML text is changed surgically (one
// value, one line, one table at a time) so the user's comments, blank lines and key order survive,
// and the result is validated by loadConfig itself before it replaces the file.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, parse as parsePath, resolve } from 'node:path';
import { parse } from 'smol-toml';
import { ConfigError, isTable } from './errors';
import { loadConfig } from './load';
import { formatTomlText, keySegment, parseDottedKey, scan, type Header, type Scan, type Statement } from './toml-text';
import type { ConfigWarning } from './types';

export interface ConfigChange {
  /** Dotted key as `config show` prints it: `conflict_resolution.strategy`, `agent_profiles."my.p".model`. */
  key: string;
  /** The new value; undefined deletes the key (or the whole table). */
  value: unknown;
}

export interface ConfigFieldError {
  /** The dotted key the problem is about ('' for a problem of the file as a whole, e.g. TOML syntax). */
  key: string;
  /** loadConfig's message, naming the real file. */
  message: string;
}

export type SetConfigResult =
  | { ok: true; text: string; warnings: ConfigWarning[] }
  /** Nothing was written; `text` is what would have been written. */
  | { ok: false; text: string; warnings: ConfigWarning[]; errors: ConfigFieldError[] };

// ---------------------------------------------------------------------------------------------
// Applying one change to the text.

// Profile and runner names compare trimmed and lowercased (as the loader does).
function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const normal = a[0] === 'agent_profiles' || a[0] === 'harness_runners';
  return a.every((seg, i) => (normal && i === 1 ? seg.trim().toLowerCase() === (b[i] ?? '').trim().toLowerCase() : seg === b[i]));
}

const startsWith = (path: readonly string[], prefix: readonly string[]) => path.length >= prefix.length && sameSegments(path.slice(0, prefix.length), prefix);

interface Ctx {
  eol: string;
}

/** The section (header to the next header) that starts at `header`. */
function sectionEnd(sc: Scan, s: string, header: Header): number {
  const next = sc.headers.find((h) => h.start > header.start);
  return next ? next.start : s.length;
}

function removeRanges(s: string, ranges: [number, number][]): string {
  let out = s;
  for (const [a, b] of [...ranges].sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + out.slice(b);
  return out;
}

function insertAt(s: string, at: number, text: string, ctx: Ctx): string {
  const before = s.slice(0, at);
  const sep = before !== '' && !before.endsWith('\n') ? ctx.eol : '';
  return before + sep + text + s.slice(at);
}

/** Sets `path` inside the inline table written by `stmt` (or deletes it when value is undefined). */
function editInline(s: string, stmt: Statement, path: string[], value: unknown): string {
  const current = (parse(`v = ${s.slice(stmt.valueStart, stmt.valueEnd)}`) as { v: unknown }).v;
  if (!isTable(current)) throw new Error(`${path.join('.')}: ${stmt.path.join('.')} is not a table`);
  let node: Record<string, unknown> = current;
  const rest = path.slice(stmt.path.length);
  for (const seg of rest.slice(0, -1)) {
    if (!isTable(node[seg])) node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  }
  const leaf = rest[rest.length - 1] as string;
  if (value === undefined) delete node[leaf];
  else node[leaf] = value;
  return s.slice(0, stmt.valueStart) + formatTomlText(current) + s.slice(stmt.valueEnd);
}

function deleteKey(s: string, path: string[]): string {
  const sc = scan(s);
  const inline = sc.statements.find((st) => st.path.length < path.length && startsWith(path, st.path) && s[st.valueStart] === '{');
  if (inline) return editInline(s, inline, path, undefined);
  const ranges: [number, number][] = [];
  for (const h of sc.headers) if (startsWith(h.path, path)) ranges.push([h.start, sectionEnd(sc, s, h)]);
  for (const st of sc.statements) {
    if (startsWith(st.path, path) && !ranges.some(([a, b]) => st.start >= a && st.start < b)) ranges.push([st.start, st.end]);
  }
  return removeRanges(s, ranges);
}

function setLeaf(s: string, path: string[], value: unknown, ctx: Ctx): string {
  let sc = scan(s);
  const text = formatTomlText(value);
  const existing = sc.statements.find((st) => sameSegments(st.path, path) && !st.inArrayTable);
  if (existing) return s.slice(0, existing.valueStart) + text + s.slice(existing.valueEnd);
  const inline = sc.statements.find((st) => st.path.length < path.length && startsWith(path, st.path) && s[st.valueStart] === '{');
  if (inline) return editInline(s, inline, path, value);
  // An array of tables written as [[path]] sections is replaced by the inline array.
  if (sc.headers.some((h) => h.array && sameSegments(h.path, path))) {
    s = deleteKey(s, path);
    sc = scan(s);
  }
  const table = path.slice(0, -1);
  const line = (within: string[], indent: string) => `${indent}${path.slice(within.length).map(keySegment).join('.')} = ${text}${ctx.eol}`;
  const header = table.length === 0 ? undefined : sc.headers.find((h) => !h.array && sameSegments(h.path, table));
  if (table.length === 0 || header) {
    const from = header ? header.end : 0;
    const to = header ? sectionEnd(sc, s, header) : (sc.headers[0]?.start ?? s.length);
    const last = sc.statements.filter((st) => st.start >= from && st.start < to).pop();
    if (last) return insertAt(s, last.end, line(last.table, last.indent), ctx);
    if (header) return insertAt(s, header.end, line(header.path, ''), ctx);
    // A root key in a file that starts with tables: before the first header and its leading comments.
    let at = to;
    while (at > 0) {
      const prev = s.lastIndexOf('\n', at - 2) + 1;
      if (!s.slice(prev, at).trimStart().startsWith('#')) break;
      at = prev;
    }
    return insertAt(s, at, `${line([], '')}${at < s.length ? ctx.eol : ''}`, ctx);
  }
  // The table exists only as dotted keys (`a.b = 1`): add a sibling after the last of them.
  const dotted = sc.statements.filter((st) => !st.inArrayTable && st.path.length > table.length && startsWith(st.path, table)).pop();
  if (dotted) return insertAt(s, dotted.end, line(dotted.table, dotted.indent), ctx);
  const tail = s === '' || s.endsWith(`${ctx.eol}${ctx.eol}`) ? '' : ctx.eol;
  return insertAt(s, s.length, `${tail}[${table.map(keySegment).join('.')}]${ctx.eol}${line(table, '')}`, ctx);
}

function ensureTable(s: string, path: string[], ctx: Ctx): string {
  const sc = scan(s);
  if (sc.headers.some((h) => startsWith(h.path, path)) || sc.statements.some((st) => startsWith(st.path, path) || startsWith(path, st.path))) return s;
  const tail = s === '' || s.endsWith(`${ctx.eol}${ctx.eol}`) ? '' : ctx.eol;
  return insertAt(s, s.length, `${tail}[${path.map(keySegment).join('.')}]${ctx.eol}`, ctx);
}

/** Applies one change; a table value sets each of its leaves (so existing lines keep their place). */
function applyChange(s: string, path: string[], value: unknown, ctx: Ctx): string {
  if (value === undefined) return deleteKey(s, path);
  if (isTable(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return ensureTable(s, path, ctx);
    for (const [name, item] of entries) s = applyChange(s, [...path, name], item, ctx);
    return s;
  }
  return setLeaf(s, path, value, ctx);
}

/** The file text after `changes`, without validating or writing anything. */
export function editConfigText(text: string, changes: readonly ConfigChange[]): string {
  const ctx: Ctx = { eol: text.includes('\r\n') ? '\r\n' : '\n' };
  let s = text;
  for (const change of changes) {
    try {
      s = applyChange(s, parseDottedKey(change.key), change.value, ctx);
    } catch (error) {
      throw new ConfigError(`${change.key}: cannot edit the file here: ${(error as Error).message} (fix the TOML by hand)`, { file: '', key: change.key });
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Validating and writing.

function validateCandidate(target: string, text: string, home: string): { tmp: string; warnings: ConfigWarning[]; error: ConfigFieldError | null } {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(tmp, text, { mode: 0o600 }); // the user file lives in the private data home (and may hold tokens)
  const real = (m: string) => m.split(tmp).join(target);
  try {
    // The file root as cwd: no project switchyard.toml is layered over the user file being checked.
    const loaded = loadConfig({ home, cwd: parsePath(tmp).root, configFile: tmp });
    return { tmp, warnings: loaded.warnings.map((w) => ({ ...w, file: target, message: real(w.message) })), error: null };
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      rmSync(tmp, { force: true });
      throw error;
    }
    return { tmp, warnings: [], error: { key: error.key ?? '', message: real(error.message) } };
  }
}

/** Which change an error is about: the same key, a key inside it, or a table holding it. */
function changeFor(changes: readonly ConfigChange[], key: string): number {
  if (key === '') return -1;
  try {
    const errPath = parseDottedKey(key.replace(/\[\d+\]/g, ''));
    return changes.findIndex((c) => {
      const p = parseDottedKey(c.key);
      return startsWith(errPath, p) || startsWith(p, errPath);
    });
  } catch {
    return -1;
  }
}

/**
 * Applies `changes` to the user config file at `filePath` (created when missing) and writes it only
 * when loadConfig accepts the result; the write is atomic (temp file + rename). On failure nothing is
 * written and every change that loadConfig rejects is reported at its key.
 */
export function setConfigValues(filePath: string, changes: readonly ConfigChange[], home: string): SetConfigResult {
  const target = resolve(filePath);
  const original = existsSync(target) ? readFileSync(target, 'utf8') : '';
  mkdirSync(dirname(target), { recursive: true });
  const errors: ConfigFieldError[] = [];
  let remaining = [...changes];
  let firstText: string | null = null;
  for (;;) {
    let text: string;
    try {
      text = editConfigText(original, remaining);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { ok: false, text: original, warnings: [], errors: [...errors, { key: error.key ?? '', message: error.message }] };
    }
    firstText ??= text;
    const checked = validateCandidate(target, text, home);
    if (!checked.error) {
      if (errors.length === 0) {
        renameSync(checked.tmp, target);
        return { ok: true, text, warnings: checked.warnings };
      }
      rmSync(checked.tmp, { force: true });
      return { ok: false, text: firstText, warnings: checked.warnings, errors };
    }
    rmSync(checked.tmp, { force: true });
    errors.push(checked.error);
    // Keep looking for problems in the other changes, so the form can mark every bad field at once.
    const index = changeFor(remaining, checked.error.key);
    if (index === -1) return { ok: false, text: firstText, warnings: [], errors };
    remaining = remaining.filter((_, i) => i !== index);
  }
}

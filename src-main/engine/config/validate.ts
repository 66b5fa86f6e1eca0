// Checks one parsed config file against the schema and returns only the known keys, with map
// keys normalised and path values resolved. Unknown keys become warnings, bad values ConfigErrors.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, describeValue, formatTomlValue, isTable, valueError } from './errors';
import { joinKey } from './keys';
import { configSchema, describeRule, normaliseName, type Rule } from './schema';
import type { ConfigWarning } from './types';

export interface LayerContext {
  file: string;
  /** Directory of `file`: relative paths resolve against it. */
  dir: string;
  /** Dotted key -> built-in default, for "remove the key to use the default, X". */
  defaults: ReadonlyMap<string, unknown>;
  warnings: ConfigWarning[];
}

export function validateLayer(doc: Record<string, unknown>, ctx: LayerContext): Record<string, unknown> {
  const cleaned = checkTable(doc, configSchema, '', ctx);
  const prefix = cleaned['worktree_branch_prefix'];
  if (typeof prefix === 'string' && prefix.replace(/^\/+|\/+$/g, '') === '') {
    const key = 'worktree_branch_prefix';
    const expected = 'a branch prefix with at least one character other than "/"';
    const found = describeValue(prefix);
    throw new ConfigError(
      `${ctx.file}: ${key}: worktree_branch_prefix cannot be empty: expected ${expected}, found ${found} (${fixFor(key, configSchema.fields[key], ctx)})`,
      { file: ctx.file, key, expected, found },
    );
  }
  checkCopyFiles(cleaned, ctx);
  return cleaned;
}

/** `worktree_setup.copy_files` entries are relative paths that stay inside the repository. */
function checkCopyFiles(cleaned: Record<string, unknown>, ctx: LayerContext): void {
  const setup = cleaned['worktree_setup'];
  const files = isTable(setup) ? setup['copy_files'] : undefined;
  if (!Array.isArray(files)) return;
  for (const file of files as string[]) {
    const parts = file.split(/[\\/]+/);
    if (file.trim() !== '' && !isAbsolute(file) && !parts.includes('..')) continue;
    const key = 'worktree_setup.copy_files';
    const expected = 'paths relative to the repository root, without ".."';
    const found = describeValue(file);
    throw new ConfigError(`${ctx.file}: ${key}: expected ${expected}, found ${found} (use a path such as ".env")`, { file: ctx.file, key, expected, found });
  }
}

function check(value: unknown, rule: Rule, key: string, ctx: LayerContext): unknown {
  const fail = (found: string = describeValue(value), fix: string = fixFor(key, rule, ctx)): never => {
    throw valueError(ctx.file, key, describeRule(rule), found, fix);
  };
  switch (rule.kind) {
    case 'bool':
      return typeof value === 'boolean' ? value : fail();
    case 'string':
      return typeof value === 'string' ? value : fail();
    case 'path':
      return typeof value === 'string' && value.trim() !== '' ? resolvePath(value, ctx.dir) : fail();
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail();
      if (value < rule.min || (rule.max !== undefined && value > rule.max)) return fail();
      return value;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail();
      const low = rule.minExclusive ? value <= rule.min : value < rule.min;
      const high = rule.max !== undefined && (rule.maxExclusive ? value >= rule.max : value > rule.max);
      return low || high ? fail() : value;
    }
    case 'enum': {
      if (typeof value === 'string' && rule.values.includes(value)) return value;
      const near = typeof value === 'string' ? rule.values.find((v) => v.toLowerCase() === value.trim().toLowerCase()) : undefined;
      return near === undefined ? fail() : fail(describeValue(value), `did you mean ${JSON.stringify(near)}? Values are case-sensitive`);
    }
    case 'stringArray': {
      if (!Array.isArray(value)) return fail();
      const bad = value.findIndex((item) => typeof item !== 'string');
      return bad === -1 ? [...(value as string[])] : fail(`${describeValue(value[bad])} at index ${bad}`);
    }
    case 'stringMap': {
      if (!isTable(value)) return fail();
      const out: Record<string, string> = {};
      for (const [name, item] of Object.entries(value)) {
        if (typeof item !== 'string') {
          throw valueError(ctx.file, joinKey(key, name), 'a string', describeValue(item), 'quote the value or remove the entry');
        }
        out[name] = item;
      }
      return out;
    }
    case 'table':
      return isTable(value) ? checkTable(value, rule, key, ctx) : fail();
    case 'entries':
      return isTable(value) ? checkEntries(value, rule, key, ctx) : fail();
    case 'tableArray':
      if (!Array.isArray(value)) return fail();
      return value.map((item, index) => check(item, rule.item, `${key}[${index}]`, ctx));
    case 'free':
      return isTable(value) ? copyPlain(value) : fail();
  }
}

function checkTable(table: Record<string, unknown>, rule: Rule & { kind: 'table' }, key: string, ctx: LayerContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(table)) {
    const fieldRule = Object.hasOwn(rule.fields, name) ? rule.fields[name] : undefined;
    const fieldKey = joinKey(key, name);
    if (fieldRule === undefined) {
      warnUnknown(fieldKey, name, Object.keys(rule.fields), key, ctx);
      continue;
    }
    out[name] = check(value, fieldRule, fieldKey, ctx);
  }
  for (const name of rule.required ?? []) {
    if (out[name] === undefined) {
      const fieldRule = rule.fields[name];
      const expected = fieldRule ? describeRule(fieldRule) : 'a value';
      const fieldKey = joinKey(key, name);
      throw valueError(ctx.file, fieldKey, expected, 'nothing', `${name} is required here; add ${name} = ...`);
    }
  }
  return out;
}

function checkEntries(table: Record<string, unknown>, rule: Rule & { kind: 'entries' }, key: string, ctx: LayerContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const writtenAs = new Map<string, string>();
  for (const [written, value] of Object.entries(table)) {
    const name = rule.normaliseKeys ? normaliseName(written) : written;
    if (name.trim() === '') {
      throw valueError(ctx.file, joinKey(key, written), `a non-empty ${rule.what} name`, describeValue(written), 'rename the entry');
    }
    const earlier = writtenAs.get(name);
    if (earlier !== undefined) {
      const expected = `unique ${rule.what} names (compared trimmed and lowercased)`;
      const found = `${JSON.stringify(earlier)} and ${JSON.stringify(written)}`;
      throw valueError(ctx.file, joinKey(key, name), expected, found, 'rename or merge one of them');
    }
    writtenAs.set(name, written);
    out[name] = check(value, rule.entry, joinKey(key, name), ctx);
  }
  return out;
}

function warnUnknown(fullKey: string, name: string, known: string[], parentKey: string, ctx: LayerContext): void {
  const suggestion = closest(name, known);
  const hint = suggestion === undefined ? '' : `; did you mean ${joinKey(parentKey, suggestion)}?`;
  ctx.warnings.push({ file: ctx.file, key: fullKey, message: `${ctx.file}: unknown key ${fullKey} (ignored)${hint}` });
}

/** The known key a typo most likely meant: case, `-` vs `_`, or a small edit distance away. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const norm = (s: string): string => s.trim().toLowerCase().replace(/-/g, '_');
  const target = norm(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(target, norm(candidate));
    const limit = Math.max(2, Math.floor(candidate.length / 4));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function fixFor(key: string, rule: Rule | undefined, ctx: LayerContext): string {
  const fallback = ctx.defaults.get(key) ?? (rule && 'default' in rule ? rule.default : undefined);
  if (fallback !== undefined) return `fix the value or remove the key to use the default, ${formatTomlValue(fallback)}`;
  for (const name of ctx.defaults.keys()) {
    if (name.startsWith(`${key}.`)) return 'fix the value or remove the key to use the defaults';
  }
  return 'fix the value or remove the key';
}

/** `~` and `~/x` expand to the user's home; other relative paths resolve against `dir`. */
export function resolvePath(value: string, dir: string): string {
  if (value === '~') return homedir();
  if (value.startsWith('~/')) return join(homedir(), value.slice(2));
  return isAbsolute(value) ? resolve(value) : resolve(dir, value);
}

function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (!isTable(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name] = copyPlain(item);
  return out;
}

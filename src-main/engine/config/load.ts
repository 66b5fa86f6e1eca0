// Layered loading: built-in defaults -> user file (or an explicit file) -> nearest switchyard.toml.
// Reads only; never writes or creates anything.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { agentProfileDefaults, defaultConfig, harnessRunnerDefaults, orchestrationTemplateDefaults } from './defaults';
import { ConfigError, describeValue, isTable, valueError } from './errors';
import { cloneValue, flatten, joinKey, mergeLayer } from './keys';
import { checkAgentNames } from './agent-check';
import { checkPermissionModes } from './permission-check';
import { findAgentProfile } from './profiles';
import { normaliseName } from './schema';
import { hashConfigBytes, readTrustStore, trustStateOf, type ProjectTrustState } from './trust';
import { validateLayer } from './validate';
import type { Config, ConfigSource, ConfigWarning, LoadedConfig, ProjectConfigStatus } from './types';

export interface LoadConfigOptions {
  /** The Switchyard data home; holds the user file `config.toml`. */
  home: string;
  /** Where to start looking for a project `switchyard.toml`. */
  cwd: string;
  /** Used instead of `<home>/config.toml`; unlike that file, it must exist. */
  configFile?: string;
}

export const USER_CONFIG_NAME = 'config.toml';
export const PROJECT_CONFIG_NAME = 'switchyard.toml';

export function loadConfig(opts: LoadConfigOptions): LoadedConfig {
  const home = resolve(opts.home);
  const cwd = resolve(opts.cwd);
  const defaults = defaultConfig(home);
  const defaultLeaves = flatten(defaults as unknown as Record<string, unknown>);
  const merged = cloneValue(defaults) as unknown as Record<string, unknown>;
  const recorded = new Map<string, ConfigSource>();
  const warnings: ConfigWarning[] = [];
  const files: LoadedConfig['files'] = [];

  const applyFile = (kind: 'user' | 'project', file: string, text: string): void => {
    const doc = parseToml(file, text);
    const layer = validateLayer(doc, { file, dir: dirname(file), defaults: defaultLeaves, warnings });
    mergeLayer(merged, layer, { kind, file }, recorded);
    files.push({ kind, path: file });
  };

  // The user's own file (or --config FILE) is trusted: the user wrote it or named it.
  const explicit = opts.configFile !== undefined;
  const userFile = explicit ? resolve(cwd, opts.configFile ?? '') : join(home, USER_CONFIG_NAME);
  const userBytes = readConfigFile(userFile, explicit);
  if (userBytes !== undefined) applyFile('user', userFile, userBytes.toString('utf8'));

  // A project file is applied only when the user trusted exactly these bytes; otherwise it is
  // not even parsed, so nothing in it can take effect.
  let project: ProjectConfigStatus | null = null;
  const projectFile = findProjectConfig(cwd);
  if (projectFile !== undefined && !samePath(projectFile, userFile)) {
    const bytes = readConfigFile(projectFile, true);
    if (bytes !== undefined) {
      const sha256 = hashConfigBytes(bytes);
      const trustStore = readTrustStore(home);
      const trust = trustStateOf(trustStore, projectFile, sha256);
      project = { path: projectFile, sha256, trust, applied: trust === 'trusted' };
      if (trust === 'trusted') applyFile('project', projectFile, bytes.toString('utf8'));
      else warnings.push(untrustedWarning(projectFile, trust, trustStore.problem));
    }
  }

  completeEntries(merged);
  const config = merged as unknown as Config;
  const fileOf = (...keys: string[]): string => latestFile(keys, recorded, files);
  checkThresholdOrder(config, fileOf);
  checkProfiles(config, fileOf);
  checkPermissionModes(config, fileOf);
  checkAgentNames(config, fileOf);

  const sources: Record<string, ConfigSource> = {};
  for (const key of flatten(merged).keys()) sources[key] = recorded.get(key) ?? { kind: 'default' };
  return { config, sources, files, warnings, project };
}

/** A path as the user would type it into a shell. */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

function untrustedWarning(file: string, trust: Exclude<ProjectTrustState, 'trusted'>, storeProblem: string | undefined): ConfigWarning {
  const why =
    trust === 'changed'
      ? 'it changed since you trusted it'
      : 'it is not trusted yet, and a project config can run commands and choose which programs run';
  const store = storeProblem ? ` (${storeProblem})` : '';
  const message = `${file}: ignored: ${why}${store}; review it, then run \`switchyard trust ${shellWord(file)}\` to apply it`;
  return { file, key: '', message };
}

/**
 * Parses and validates one file's text as a config layer (what loadConfig applies), so `switchyard
 * trust` can refuse a broken file and list its keys. Throws ConfigError like loadConfig.
 */
export function parseConfigLayer(file: string, text: string, home: string): { layer: Record<string, unknown>; warnings: ConfigWarning[] } {
  const warnings: ConfigWarning[] = [];
  const defaults = flatten(defaultConfig(resolve(home)) as unknown as Record<string, unknown>);
  const layer = validateLayer(parseToml(file, text), { file, dir: dirname(file), defaults, warnings });
  return { layer, warnings };
}

/** The nearest `switchyard.toml` in `cwd` or one of its ancestors. */
export function findProjectConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, PROJECT_CONFIG_NAME);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readConfigFile(file: string, required: boolean): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (!required) return undefined;
      throw new ConfigError(`${file}: config file not found (check the path, or create the file)`, { file });
    }
    const reason = code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new ConfigError(`${file}: cannot read config file: ${reason}`, { file });
  }
}

function parseToml(file: string, text: string): Record<string, unknown> {
  try {
    return parse(text, { unsafeKeyBehaviour: 'throw' }) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <reason>\n\n<code block>"; keep the reason
    // on the first line and the code block (which points at the column) below it.
    const reason = error.message.replace(/^Invalid TOML document: /, '').split('\n\n')[0] ?? error.message;
    const message = `${file}:${error.line}:${error.column}: invalid TOML: ${reason}\n\n${error.codeblock}`;
    throw new ConfigError(message, { file, line: error.line, column: error.column });
  }
}

function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** Fills in the per-entry defaults once all layers are merged (see defaults.ts). */
function completeEntries(merged: Record<string, unknown>): void {
  const fill = (table: unknown, defaults: () => object): void => {
    if (!isTable(table)) return;
    for (const entry of Object.values(table)) {
      if (!isTable(entry)) continue;
      for (const [name, value] of Object.entries(defaults())) {
        if (entry[name] === undefined) entry[name] = value;
      }
    }
  };
  fill(merged['agent_profiles'], agentProfileDefaults);
  fill(merged['harness_runners'], harnessRunnerDefaults);
  fill(merged['orchestration_templates'], orchestrationTemplateDefaults);
}

/** The file of the latest layer that set any of `keys` (cross-key problems blame the last writer). */
function latestFile(keys: string[], recorded: Map<string, ConfigSource>, files: LoadedConfig['files']): string {
  let best = -1;
  for (const key of keys) {
    const file = recorded.get(key)?.file;
    const index = files.findIndex((f) => f.path === file);
    best = Math.max(best, index);
  }
  return files[best]?.path ?? '<built-in defaults>';
}

function checkThresholdOrder(config: Config, fileOf: (...keys: string[]) => string): void {
  const check = (table: string, names: [string, string, string], values: Record<string, number>, defaults: string): void => {
    const [a, b, c] = names.map((n) => values[n] ?? 0) as [number, number, number];
    if (a < b && b < c) return;
    const file = fileOf(...names.map((n) => `${table}.${n}`));
    const expected = names.join(' < ');
    const found = names.map((n) => `${n} ${values[n]}`).join(', ');
    throw valueError(file, table, expected, found, `fix the values so each is larger than the one before, or remove them to use the defaults ${defaults}`);
  };
  check('budget_alert_thresholds', ['advisory', 'warning', 'critical'], { ...config.budget_alert_thresholds }, '0.5, 0.75, 0.9');
  check('risk_thresholds', ['review', 'confirm', 'block'], { ...config.risk_thresholds }, '0.35, 0.6, 0.85');
}

function checkProfiles(config: Config, fileOf: (...keys: string[]) => string): void {
  const names = Object.keys(config.agent_profiles).sort();
  const inheritsKey = (name: string): string => joinKey(joinKey('agent_profiles', name), 'inherits');
  for (const name of names) {
    const parent = config.agent_profiles[name]?.inherits;
    if (parent === undefined || findAgentProfile(config, parent) !== undefined) continue;
    const key = inheritsKey(name);
    const file = fileOf(key);
    const expected = 'the name of a defined agent profile';
    const found = describeValue(parent);
    throw new ConfigError(
      `${file}: ${key}: agent profile ${name} inherits unknown profile ${parent}: expected ${expected}, found ${found} (define [agent_profiles.${normaliseName(parent)}] or fix the name)`,
      { file, key, expected, found },
    );
  }
  for (const name of names) {
    const chain = [name];
    for (let current = name; ; ) {
      const parent = config.agent_profiles[current]?.inherits;
      if (parent === undefined) break;
      const next = normaliseName(parent);
      if (chain.includes(next)) {
        const key = inheritsKey(current);
        const file = fileOf(key);
        const cycle = [...chain, next].join(' -> ');
        throw new ConfigError(`${file}: ${key}: agent profile inheritance cycle: ${cycle} (remove inherits from one of these profiles)`, {
          file,
          key,
          expected: 'an inherits chain that ends',
          found: cycle,
        });
      }
      chain.push(next);
      current = next;
    }
  }
  const wanted = config.default_agent_profile;
  if (wanted !== undefined && findAgentProfile(config, wanted) === undefined) {
    const key = 'default_agent_profile';
    const defined = names.length > 0 ? `one of: ${names.join(', ')}` : 'none are defined';
    throw valueError(fileOf(key), key, `the name of a defined agent profile (${defined})`, describeValue(wanted), 'fix the name, define the profile, or remove the key');
  }
}

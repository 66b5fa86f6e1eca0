// The environment every agent command gets (ECC2's apply_shared_harness_runtime_env): session
// identity, the project's package manager and, when present, the ECC plugin root for hooks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedAgentProfile } from '../config/types';
import { runnerKey } from './kinds';

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/** `pnpm@9.0.0` -> `pnpm`; anything but the four known managers counts as not found. */
export function normalizePackageManager(value: unknown): PackageManager | null {
  if (typeof value !== 'string') return null;
  const name = (value.split('@')[0] ?? '').trim();
  return (PACKAGE_MANAGERS as readonly string[]).includes(name) ? (name as PackageManager) : null;
}

function packageManagerField(file: string): PackageManager | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object') return null;
    return normalizePackageManager((parsed as Record<string, unknown>).packageManager);
  } catch {
    // Missing, unreadable or invalid JSON: the search goes on.
    return null;
  }
}

const LOCKFILES: readonly [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lockb', 'bun'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
];

export interface PackageManagerSources {
  /** Read for CLAUDE_PACKAGE_MANAGER; defaults to process.env. */
  processEnv?: NodeJS.ProcessEnv;
  /** Holds `.claude/package-manager.json`; defaults to os.homedir(). */
  homeDir?: string;
}

/** First hit wins: process env, project config, package.json, lockfile, home config, npm. */
export function resolveProjectPackageManager(workingDir: string, sources: PackageManagerSources = {}): PackageManager {
  const processEnv = sources.processEnv ?? process.env;
  const fromEnv = normalizePackageManager(processEnv.CLAUDE_PACKAGE_MANAGER);
  if (fromEnv) return fromEnv;
  const fromProject =
    packageManagerField(path.join(workingDir, '.claude', 'package-manager.json')) ??
    packageManagerField(path.join(workingDir, 'package.json'));
  if (fromProject) return fromProject;
  for (const [lockfile, manager] of LOCKFILES) {
    if (fs.existsSync(path.join(workingDir, lockfile))) return manager;
  }
  const homeDir = sources.homeDir ?? os.homedir();
  return packageManagerField(path.join(homeDir, '.claude', 'package-manager.json')) ?? 'npm';
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Switchyard's package root: the nearest ancestor of this module holding a package.json. */
export function packageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isFile(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function defaultPluginRootSeeds(): string[] {
  const root = packageRoot();
  return root === null ? [process.execPath] : [process.execPath, root];
}

/** The first ancestor (seed included) holding both scripts/lib/utils.js and hooks/hooks.json. */
export function resolveEccPluginRoot(seeds: readonly string[] = defaultPluginRootSeeds()): string | null {
  for (const seed of seeds) {
    let dir = path.resolve(seed);
    for (;;) {
      if (isFile(path.join(dir, 'scripts', 'lib', 'utils.js')) && isFile(path.join(dir, 'hooks', 'hooks.json'))) {
        return dir;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

export interface SharedEnvOptions extends PackageManagerSources {
  agentType: string;
  sessionId: string;
  workingDir: string;
  profile?: ResolvedAgentProfile;
  pluginRootSeeds?: readonly string[];
}

/** The variables set on every agent command, built-in or configured (on top of process.env). */
export function sharedHarnessEnv(opts: SharedEnvOptions): Record<string, string> {
  const packageManager = resolveProjectPackageManager(opts.workingDir, opts);
  const env: Record<string, string> = {
    ECC_SESSION_ID: opts.sessionId,
    ECC_HARNESS: runnerKey(opts.agentType),
    ECC_WORKING_DIR: opts.workingDir,
    ECC_PROJECT_DIR: opts.workingDir,
    CLAUDE_SESSION_ID: opts.sessionId,
    CLAUDE_PROJECT_DIR: opts.workingDir,
    CLAUDE_CODE_ENTRYPOINT: 'cli',
    CLAUDE_PACKAGE_MANAGER: packageManager,
    CLAUDE_CODE_PACKAGE_MANAGER: packageManager,
  };
  if (opts.profile?.model !== undefined) env.CLAUDE_MODEL = opts.profile.model;
  const pluginRoot = resolveEccPluginRoot(opts.pluginRootSeeds ?? defaultPluginRootSeeds());
  if (pluginRoot !== null) {
    env.ECC_PLUGIN_ROOT = pluginRoot;
    env.CLAUDE_PLUGIN_ROOT = pluginRoot;
  }
  return env;
}

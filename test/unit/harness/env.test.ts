import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildAgentCommand,
  resolveEccPluginRoot,
  resolveProjectPackageManager,
  runnerStderrLogPath,
} from '../../../src-main/engine/harness';
import { CLEAN_ENV, PLUGIN_ROOT_FIXTURE, buildConfig, removeDir, tempDir } from './helpers';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function write(root: string, file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

/** ECC2's write_package_manager_project_files. */
function writeProject(root: string, pmField?: string, lockfile?: string, projectConfigPm?: string): void {
  write(root, 'package.json', JSON.stringify(pmField ? { name: 'demo', packageManager: pmField } : { name: 'demo' }));
  if (lockfile) write(root, lockfile, '');
  if (projectConfigPm) write(root, '.claude/package-manager.json', JSON.stringify({ packageManager: projectConfigPm }));
}

function claudeEnv(workingDir: string, processEnv: NodeJS.ProcessEnv = CLEAN_ENV, homeDir = dir()) {
  return buildAgentCommand({
    config: buildConfig(),
    agentType: 'claude',
    program: 'claude',
    task: 'task',
    sessionId: 's1',
    workingDir,
    mode: 'headless',
    processEnv,
    homeDir,
    pluginRootSeeds: [],
  }).env;
}

describe('package manager detection', () => {
  it('exports the manager found from a pnpm lockfile (test 9)', () => {
    const repo = dir();
    writeProject(repo, undefined, 'pnpm-lock.yaml');
    const env = claudeEnv(repo);
    expect(env.CLAUDE_PACKAGE_MANAGER).toBe('pnpm');
    expect(env.CLAUDE_CODE_PACKAGE_MANAGER).toBe('pnpm');
  });

  it('prefers .claude/package-manager.json over package.json and lockfiles (test 10)', () => {
    const repo = dir();
    writeProject(repo, 'pnpm@9.0.0', 'package-lock.json', 'yarn');
    const env = claudeEnv(repo);
    expect(env.CLAUDE_PACKAGE_MANAGER).toBe('yarn');
    expect(env.CLAUDE_CODE_PACKAGE_MANAGER).toBe('yarn');
  });

  it('prefers package.json over a lockfile, and skips values it does not know', () => {
    const repo = dir();
    writeProject(repo, 'pnpm@9.0.0', 'yarn.lock');
    expect(resolveProjectPackageManager(repo, { processEnv: CLEAN_ENV, homeDir: dir() })).toBe('pnpm');
    write(repo, 'package.json', JSON.stringify({ packageManager: 'deno@2' }));
    expect(resolveProjectPackageManager(repo, { processEnv: CLEAN_ENV, homeDir: dir() })).toBe('yarn');
    write(repo, '.claude/package-manager.json', '{ not json');
    expect(resolveProjectPackageManager(repo, { processEnv: CLEAN_ENV, homeDir: dir() })).toBe('yarn');
  });

  it('checks lockfiles in the order pnpm, bun, yarn, npm', () => {
    const repo = dir();
    write(repo, 'package-lock.json', '{}');
    write(repo, 'yarn.lock', '');
    expect(resolveProjectPackageManager(repo, { processEnv: CLEAN_ENV, homeDir: dir() })).toBe('yarn');
    write(repo, 'bun.lockb', '');
    expect(resolveProjectPackageManager(repo, { processEnv: CLEAN_ENV, homeDir: dir() })).toBe('bun');
  });

  it('lets the process variable win over everything, and ignores it when it is not a manager', () => {
    const repo = dir();
    writeProject(repo, 'pnpm@9.0.0', 'pnpm-lock.yaml', 'pnpm');
    expect(claudeEnv(repo, { CLAUDE_PACKAGE_MANAGER: ' bun@1.1 ' }).CLAUDE_PACKAGE_MANAGER).toBe('bun');
    expect(claudeEnv(repo, { CLAUDE_PACKAGE_MANAGER: 'cargo' }).CLAUDE_PACKAGE_MANAGER).toBe('pnpm');
  });

  it('falls back to the home config, then npm', () => {
    const repo = dir();
    const home = dir();
    expect(claudeEnv(repo, CLEAN_ENV, home).CLAUDE_PACKAGE_MANAGER).toBe('npm');
    write(home, '.claude/package-manager.json', JSON.stringify({ packageManager: 'bun' }));
    expect(claudeEnv(repo, CLEAN_ENV, home).CLAUDE_PACKAGE_MANAGER).toBe('bun');
  });
});

describe('shared environment', () => {
  it('sets the session variables and no model without a profile', () => {
    const repo = dir();
    const env = claudeEnv(repo);
    expect(env).toMatchObject({
      ECC_SESSION_ID: 's1',
      ECC_HARNESS: 'claude',
      ECC_WORKING_DIR: repo,
      ECC_PROJECT_DIR: repo,
      CLAUDE_SESSION_ID: 's1',
      CLAUDE_PROJECT_DIR: repo,
      CLAUDE_CODE_ENTRYPOINT: 'cli',
    });
    expect(env).not.toHaveProperty('CLAUDE_MODEL');
    // The overlay carries only Switchyard's variables; the caller merges it over process.env.
    expect(env).not.toHaveProperty('PATH');
  });
});

describe('ECC plugin root', () => {
  it('walks up from a seed to the directory holding scripts/lib/utils.js and hooks/hooks.json', () => {
    expect(resolveEccPluginRoot([path.join(PLUGIN_ROOT_FIXTURE, 'bin', 'switchyard')])).toBe(PLUGIN_ROOT_FIXTURE);
    expect(resolveEccPluginRoot([dir(), PLUGIN_ROOT_FIXTURE])).toBe(PLUGIN_ROOT_FIXTURE);
  });

  it('needs both files, and leaves the variables unset when no seed leads to a root', () => {
    const half = path.resolve(PLUGIN_ROOT_FIXTURE, '../half-plugin');
    expect(fs.existsSync(path.join(half, 'scripts/lib/utils.js'))).toBe(true);
    expect(resolveEccPluginRoot([half])).toBeNull();
    const env = claudeEnv(dir());
    expect(env).not.toHaveProperty('ECC_PLUGIN_ROOT');
    expect(env).not.toHaveProperty('CLAUDE_PLUGIN_ROOT');
  });
});

describe('runnerStderrLogPath', () => {
  it('is scoped to the session inside the working dir (test 17)', () => {
    expect(runnerStderrLogPath('/tmp/ecc-repo', 'session-123')).toBe(
      '/tmp/ecc-repo/.claude/ecc2/logs/session-123.runner-stderr.log',
    );
  });
});

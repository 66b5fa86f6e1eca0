// What the real-agent tests share: a user's git repository and the built `switchyard` CLI run
// against a data home of the test's own, with the agent CLIs of node_modules/.bin on PATH.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot, runCli, type CliResult } from './cli';

export const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

/** `git init` on main with one commit (README.md), the repository's identity "Ursula User <ursula@example.com>". */
export function initUserRepo(repo: string): void {
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Ursula User');
  git(repo, 'config', 'user.email', 'ursula@example.com');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'init');
}

/** The environment with the project's agent CLIs (claude, codex, opencode, gemini) first on PATH. */
export function withAgentBins(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${env.PATH ?? ''}` };
}

export interface SwitchyardCli {
  sy(args: string[], cwd?: string): Promise<CliResult>;
  /** Runs with --json, expects exit 0, parses stdout. */
  json<T>(args: string[]): Promise<T>;
}

/** `switchyard --home <home()> ...` in `cwd()` with `env()`; read lazily, so tests can set them up in beforeEach. */
export function switchyardCli(home: () => string, env: () => NodeJS.ProcessEnv, cwd: () => string): SwitchyardCli {
  const sy = (args: string[], at = cwd()) => runCli(['--home', home(), ...args], { cwd: at, env: env(), timeoutMs: 150_000 });
  return {
    sy,
    async json<T>(args: string[]): Promise<T> {
      const r = await sy([...args, '--json']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout) as T;
    },
  };
}

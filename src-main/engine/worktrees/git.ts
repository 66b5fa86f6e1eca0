// The one door to git: simple-git with argument arrays (never a shell). Every call is counted so
// tests and the benchmark can see how many git processes an operation costs.
import { existsSync } from 'node:fs';
import { simpleGit } from 'simple-git';
import { WorktreeError } from './errors';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Git {
  /** Runs `git <args>` in `cwd`. A non-zero exit is a result, not an exception. */
  run(cwd: string, args: string[]): Promise<GitResult>;
  /** Git processes started so far. */
  readonly calls: number;
}

// simple-git guards every GIT_* variable and the editor/pager ones. Our commands are local and never
// prompt, page or edit, so those are dropped; this also drops GIT_DIR and friends a parent git (a hook,
// an IDE) may export, which would point every command at the wrong repository.
const GUARDED = ['editor', 'visual', 'pager', 'prefix', 'ssh_askpass'];
const OURS = { GIT_TERMINAL_PROMPT: '0', GIT_MERGE_AUTOEDIT: 'no' };

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.toUpperCase().startsWith('GIT_') || GUARDED.includes(k.toLowerCase())) continue;
    env[k] = v;
  }
  // C locale: we read "CONFLICT" and "Already up to date." from git's output.
  return { ...env, LC_ALL: 'C', LANG: 'C', ...OURS };
}

/** At most this many git processes at once per port, however many sessions are inspected in parallel. */
export const GIT_CONCURRENCY = 8;

export function createGit(): Git {
  const env = gitEnv();
  let calls = 0;
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    while (running >= GIT_CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return {
    get calls() {
      return calls;
    },
    async run(cwd, args) {
      // simple-git refuses a missing directory synchronously; report it like a git failure instead.
      if (!existsSync(cwd)) return { code: 128, stdout: '', stderr: `directory ${cwd} does not exist` };
      let result: GitResult = { code: 0, stdout: '', stderr: '' };
      const git = simpleGit({
        baseDir: cwd,
        allowEnvironment: Object.keys(OURS),
        // Keep the exit code and both streams instead of letting simple-git throw on a non-zero exit.
        errors: (_error, r) => {
          result = { code: r.exitCode, stdout: Buffer.concat(r.stdOut).toString(), stderr: Buffer.concat(r.stdErr).toString() };
          return undefined;
        },
      }).env(env);
      await acquire();
      try {
        calls += 1;
        await git.raw(args);
      } finally {
        release();
      }
      return result;
    },
  };
}

/** Runs git and returns stdout; a non-zero exit throws "`what` failed: <stderr>". */
export async function gitOk(git: Git, cwd: string, args: string[], what = `git ${args[0] ?? ''}`): Promise<string> {
  const r = await git.run(cwd, args);
  if (r.code !== 0) throw new WorktreeError(`${what} failed: ${(r.stderr || r.stdout).trim() || `exit code ${r.code}`}`);
  return r.stdout;
}

// Starting worktree sessions: creation, the slot queue (seed tests 27, 28), project setup, and bad
// input refused with the repository exactly as before and nothing recorded.
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession } from '../../../src-main/engine/sessions/create';
import { stopSessionWithCleanup } from '../../../src-main/engine/sessions/lifecycle';
import { activatePendingWorktreeSessions } from '../../../src-main/engine/worktrees';
import { commitFile, git, repoSnapshot, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
afterEach(() => env?.cleanup());

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

// `/bin/sh` is a real program the session can "run"; the runner itself is a recorder here.
const agent = { agent: 'sh-agent' };
function withShAgent(e: TestEnv): void {
  e.config.harness_runners = { 'sh-agent': { program: '/bin/sh', base_args: ['-c', 'true'], project_markers: [], inline_system_prompt_for_task: true, end_of_options: '--', env: {} } };
}

describe('startSession with a worktree', () => {
  it('creates <worktree_root>/<id> on <prefix>/<id> from the current branch and runs the agent there', async () => {
    env = testEnv();
    withShAgent(env);
    const s = await startSession(env.deps, { task: 'work', cwd: env.repo, worktree: true, ...agent });
    expect(s.worktree).toEqual({ path: join(env.config.worktree_root, s.id), branch: `ecc/${s.id}`, baseBranch: 'main' });
    expect(s.workingDir).toBe(s.worktree!.path);
    expect(git(s.worktree!.path, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe(`ecc/${s.id}`);
    expect(argValue(env.launches[0]!.args, '--cwd')).toBe(s.worktree!.path);
    expect(git(env.repo, 'status', '--porcelain')).toBe('');
    expect(statSync(env.config.worktree_root).mode & 0o777).toBe(0o700); // private, like the data home around it
  });

  it('starts from --base and records it as the branch to merge back into', async () => {
    env = testEnv();
    withShAgent(env);
    git(env.repo, 'branch', 'release');
    commitFile(env.repo, 'main-only.txt', 'x\n');
    const s = await startSession(env.deps, { task: 'work', cwd: env.repo, worktree: true, baseBranch: 'release', ...agent });
    expect(s.worktree!.baseBranch).toBe('release');
    expect(existsSync(join(s.worktree!.path, 'main-only.txt'))).toBe(false);
  });

  it('defaults to auto_create_worktrees inside a repository and to no worktree outside one', async () => {
    env = testEnv();
    withShAgent(env);
    const inRepo = await startSession(env.deps, { task: 'auto', cwd: env.repo, ...agent });
    expect(inRepo.worktree).not.toBeNull();
    const plain = join(env.root, 'plain');
    mkdirSync(plain);
    const outside = await startSession(env.deps, { task: 'auto', cwd: plain, ...agent });
    expect(outside.worktree).toBeNull();
    expect(outside.workingDir).toBe(plain);
    await expect(startSession(env.deps, { task: 'explicit', cwd: plain, worktree: true, ...agent })).rejects.toThrow('is not inside a git repository');
  });

  it('queues a session beyond max_parallel_worktrees without starting it (seed test 27), and starts it when a slot frees (seed test 28)', async () => {
    env = testEnv({ max_parallel_worktrees: 1 });
    withShAgent(env);
    const first = await startSession(env.deps, { task: 'first', cwd: env.repo, worktree: true, ...agent });
    env.store.markRunning(first.id, { pid: null, runnerPid: null });
    const second = await startSession(env.deps, { task: 'second task', cwd: env.repo, worktree: true, ...agent });
    expect(second).toMatchObject({ state: 'pending', pid: null, worktree: null });
    expect(env.store.pendingWorktreeQueueContains(second.id)).toBe(true);
    expect(env.launches.map((l) => argValue(l.args, '--session-id'))).toEqual([first.id]);
    expect(second.stateReason).toContain('waiting for a worktree slot');

    const stopped = await stopSessionWithCleanup(env.deps, first.id);
    expect(stopped.worktree?.removedPath).toBe(true);
    expect(stopped.activated.started).toEqual([second.id]);
    const activated = env.store.getSession(second.id)!;
    expect(activated.state).toBe('pending');
    expect(activated.worktree).not.toBeNull();
    expect(existsSync(activated.worktree!.path)).toBe(true);
    expect(env.store.pendingWorktreeQueueContains(second.id)).toBe(false);
    const launch = env.launches[1]!;
    // The task is not in the runner's argv (visible in `ps`); the runner reads it from the row.
    expect([argValue(launch.args, '--session-id'), argValue(launch.args, '--cwd')]).toEqual([second.id, activated.worktree!.path]);
    expect(launch.args).not.toContain('second task');
    expect(activated.task).toBe('second task');
    expect((await activatePendingWorktreeSessions(env.deps)).started).toEqual([]);
  });

  it('copies worktree_setup.copy_files and runs setup_commands before the agent, with output in the session log', async () => {
    env = testEnv();
    withShAgent(env);
    writeFileSync(join(env.repo, '.env'), 'SECRET=1\n');
    writeFileSync(join(env.repo, '.git', 'info', 'exclude'), '.env\n');
    env.config.worktree_setup = { copy_files: ['.env', 'absent.txt'], setup_commands: ['echo "setting up in $(pwd)"', 'echo warn >&2'] };
    const s = await startSession(env.deps, { task: 'work', cwd: env.repo, worktree: true, ...agent });
    expect(readFileSync(join(s.worktree!.path, '.env'), 'utf8')).toBe('SECRET=1\n');
    const log = readFileSync(env.store.getOutputLog(s.id)!.logPath, 'utf8');
    expect(log).toContain(`setting up in ${realpathSync(s.worktree!.path)}`);
    expect(log).toContain('warn');
    expect(log).toContain('setup: copied .env');
    expect(log).toContain('absent.txt not found');
    expect(env.launches).toHaveLength(1);
  });

  it("ends Switchyard's own [switchyard] lines in the session log with CRLF, so a terminal starts the next line at column 0", async () => {
    env = testEnv();
    withShAgent(env);
    env.config.worktree_setup = { copy_files: ['absent.txt'], setup_commands: ['true'] };
    const s = await startSession(env.deps, { task: 'work', cwd: env.repo, worktree: true, ...agent });
    const log = readFileSync(env.store.getOutputLog(s.id)!.logPath, 'utf8');
    const own = log.split('\n').filter((line) => line.includes('[switchyard]'));
    expect(own.length).toBeGreaterThanOrEqual(3);
    for (const line of own) expect(JSON.stringify(line)).toMatch(/\\r"$/);
    expect(log).not.toMatch(/\[switchyard\][^\r\n]*(?<!\r)\n/);
  });

  it('fails the session with the reason when a setup command fails, without starting the agent', async () => {
    env = testEnv();
    withShAgent(env);
    env.config.worktree_setup = { copy_files: [], setup_commands: ['echo broken; exit 3'] };
    await expect(startSession(env.deps, { task: 'work', cwd: env.repo, worktree: true, ...agent })).rejects.toThrow('exited with code 3');
    const s = env.store.listSessions()[0]!;
    expect(s.state).toBe('failed');
    expect(s.stateReason).toContain('worktree setup command `echo broken; exit 3` exited with code 3');
    expect(readFileSync(env.store.getOutputLog(s.id)!.logPath, 'utf8')).toContain('broken');
    expect(env.launches).toHaveLength(0);
  });
});

describe('bad input leaves the repository as it was and records nothing', () => {
  it.each([
    ['a repository with no commits', (e: TestEnv) => {
      const empty = join(e.root, 'empty');
      mkdirSync(empty);
      git(empty, 'init', '-q');
      return { cwd: empty };
    }, 'has no commits yet'],
    ['a detached HEAD', (e: TestEnv) => {
      git(e.repo, 'checkout', '-q', '--detach');
      return { cwd: e.repo };
    }, 'HEAD is detached'],
    ['a base branch that does not exist', (e: TestEnv) => ({ cwd: e.repo, baseBranch: 'nope' }), "base branch 'nope' does not exist"],
    ['an existing worktree path', (e: TestEnv) => ({ cwd: e.repo, occupyPath: true }), 'already exists; move or delete it'],
    ['an existing branch', (e: TestEnv) => ({ cwd: e.repo, occupyBranch: true }), 'already exists in'],
    ['an invalid branch prefix', (e: TestEnv) => {
      e.config.worktree_branch_prefix = 'bad..prefix';
      return { cwd: e.repo };
    }, 'Invalid worktree branch'],
  ])('refuses %s', async (_label, arrange, message) => {
    env = testEnv();
    withShAgent(env);
    const setup = arrange(env) as { cwd: string; baseBranch?: string; occupyPath?: boolean; occupyBranch?: boolean };
    let before = repoSnapshot(setup.cwd);
    if (setup.occupyPath || setup.occupyBranch) {
      // Ids are random: occupy the path or branch of the id the session is about to get, when the
      // id generator asks the store whether it is taken.
      const orig = env.store.getSession.bind(env.store);
      let seen = false;
      env.store.getSession = (id: string) => {
        if (!seen && /^[0-9a-f]{8}$/.test(id)) {
          seen = true;
          if (setup.occupyPath) mkdirSync(join(env.config.worktree_root, id), { recursive: true });
          if (setup.occupyBranch) git(env.repo, 'branch', `ecc/${id}`);
          before = repoSnapshot(setup.cwd);
        }
        return orig(id);
      };
    }
    await expect(startSession(env.deps, { task: 'work', cwd: setup.cwd, worktree: true, baseBranch: setup.baseBranch, ...agent })).rejects.toThrow(message);
    expect(repoSnapshot(setup.cwd)).toEqual(before);
    expect(env.store.listSessions()).toEqual([]);
    expect(env.launches).toEqual([]);
  });
});

// End to end: two real `switchyard start --worktree` sessions whose agent (a configured harness runner
// that edits a file and commits) change the same line; then merge-queue, merge-queue --apply and
// prune-worktrees through the command module.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliContext } from '../../../src-main/cli/context';
import { describeError } from '../../../src-main/cli/errors';
import { buildProgram } from '../../../src-main/cli/program';
import { cleanEnv, repoRoot, runCli, tempDir } from '../../helpers/cli';
import { git, initRepo, repoSnapshot } from './helpers';

/** Runs a command in-process (the test process's coverage and speed), as the real CLI would. */
async function sw(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += `${t}\n`), err: (t: string) => (err += `${t}\n`) };
  let context: CliContext | undefined;
  const getContext = () => (context ??= new CliContext(program.opts(), io, cwd, cleanEnv()));
  const program = buildProgram(getContext, io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, out, err };
  } catch (error) {
    return { code: 1, out, err: err + describeError(error) };
  } finally {
    context?.close();
  }
}

const dir = tempDir('sy-wt-cli-');
const home = join(dir.path, 'home');
let repo: string;
const ids: string[] = [];

async function startEditor(task: string): Promise<string> {
  const started = await runCli(['--home', home, 'start', '--worktree', '--agent', 'editor', '--task', task, '--json'], { cwd: repo });
  expect(started.stderr).toBe('');
  expect(started.code).toBe(0);
  const id = (JSON.parse(started.stdout) as { id: string }).id;
  const waited = await runCli(['--home', home, 'wait', id, '--timeout', '30', '--json'], { cwd: repo });
  expect(JSON.parse(waited.stdout)).toMatchObject({ id, state: 'completed' });
  return id;
}

beforeAll(async () => {
  repo = initRepo(join(dir.path, 'repo'));
  const fixture = join(repoRoot, 'test', 'fixtures', 'worktrees', 'edit-and-commit.mjs');
  // Made private, as Switchyard makes its homes; an open one would get a one-time notice on stderr.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(home, 'config.toml'),
    [
      `worktree_root = ${JSON.stringify(join(dir.path, 'worktrees'))}`,
      '[harness_runners.editor]',
      `program = ${JSON.stringify(process.execPath)}`,
      `base_args = [${JSON.stringify(fixture)}]`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  ids.push(await startEditor('README.md=hello\\nalpha\\n'));
  ids.push(await startEditor('README.md=hello\\nbeta\\n'));
}, 90_000);

afterAll(() => dir.cleanup());

describe('two agents editing the same line', () => {
  it('merge-queue --json shows the first ready at #1 and the second blocked by it on README.md', async () => {
    const [alpha, beta] = ids as [string, string];
    const before = repoSnapshot(repo);
    const r = await sw(['--home', home, 'merge-queue', '--json'], repo);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as {
      readyEntries: { sessionId: string; queuePosition: number; readyToMerge: boolean; branch: string; baseBranch: string; state: string; dirty: boolean }[];
      blockedEntries: { sessionId: string; blockedBy: { sessionId: string; summary: string; conflicts: string[] }[]; suggestedAction: string; queuePosition: null }[];
    };
    expect(report.readyEntries).toMatchObject([{ sessionId: alpha, queuePosition: 1, readyToMerge: true, branch: `ecc/${alpha}`, baseBranch: 'main', state: 'completed', dirty: false }]);
    expect(report.blockedEntries).toHaveLength(1);
    expect(report.blockedEntries[0]).toMatchObject({ sessionId: beta, queuePosition: null, suggestedAction: `merge after ${alpha}` });
    expect(report.blockedEntries[0]!.blockedBy).toMatchObject([{ sessionId: alpha, conflicts: ['README.md'], summary: `merge after ${alpha} to avoid branch conflicts` }]);
    expect(repoSnapshot(repo)).toEqual(before);
  });

  it('merge-queue --apply merges the first, reports the second conflicted, and leaves main clean', async () => {
    const [alpha, beta] = ids as [string, string];
    const before = repoSnapshot(repo);
    const r = await sw(['--home', home, 'merge-queue', '--apply', '--json'], repo);
    expect(r.err).toBe('');
    const outcome = JSON.parse(r.out) as { merged: { sessionId: string }[]; conflictedSessionIds: string[]; failures: { sessionId: string; reason: string }[] };
    expect(outcome.merged.map((m) => m.sessionId)).toEqual([alpha]);
    expect(outcome.conflictedSessionIds).toEqual([beta]);
    expect(outcome.failures.map((f) => f.sessionId)).toEqual([beta]);
    expect(outcome.failures[0]!.reason).toContain('git rebase failed');

    const after = repoSnapshot(repo);
    expect(after.status).toBe('');
    expect(after.head).toBe(before.head);
    const refs = (s: string) => s.split('\n').filter((l) => l && !l.startsWith('refs/heads/main ') && !l.startsWith(`refs/heads/ecc/${alpha} `));
    expect(refs(after.refs)).toEqual(refs(before.refs));
    expect(after.refs).not.toContain(`refs/heads/ecc/${alpha} `);
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('hello\nalpha\n');
    const mainRef = (s: string) => s.split('\n').find((l) => l.startsWith('refs/heads/main '));
    expect(mainRef(after.refs)).not.toEqual(mainRef(before.refs));
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('edit README.md\n');
  });

  it('prune-worktrees --json keeps the finished session whose branch has unmerged commits, and says why', async () => {
    const beta = ids[1]!;
    const r = await sw(['--home', home, 'prune-worktrees', '--json'], repo);
    expect(r.err).toBe('');
    const outcome = JSON.parse(r.out) as { cleanedSessionIds: string[]; kept: { sessionId: string; branch: string; reason: string }[] };
    expect(outcome.cleanedSessionIds).toEqual([]);
    expect(outcome.kept).toMatchObject([{ sessionId: beta, branch: `ecc/${beta}` }]);
    expect(outcome.kept[0]!.reason).toContain(`has 1 commit(s) main lacks`);
    expect(git(repo, 'branch', '--list', `ecc/${beta}`)).toContain(`ecc/${beta}`);
  });
});

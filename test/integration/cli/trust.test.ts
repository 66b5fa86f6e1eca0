// A cloned repository's switchyard.toml must not run anything until the user trusts it: real git
// repository, the real CLI, `start --worktree` with a fake agent from the user's own config.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, repoRoot, runCli, tempDir } from '../../helpers/cli';
import { initRepo } from '../worktrees/helpers';

const dir = tempDir('sy-trust-');
const home = join(dir.path, 'home');
const env = cleanEnv({ FAKE_AGENT_MODE: 'exit:0' });
let repo: string;
let projectFile: string;

const marker = (n: number) => join(dir.path, `marker-${n}`);
const projectText = (n: number) => `[worktree_setup]\nsetup_commands = [${JSON.stringify(`touch ${marker(n)}`)}]\n`;
const sw = (args: string[]) => runCli(['--home', home, ...args], { cwd: repo, env });

/** Starts a worktree session with the fake agent and waits for it to finish. */
async function startAndWait(): Promise<{ stderr: string }> {
  const started = await sw(['start', '--worktree', '--agent', 'fake', '--task', 'noop', '--json']);
  expect(started.code, started.stderr).toBe(0);
  const id = (JSON.parse(started.stdout) as { id: string }).id;
  const waited = await sw(['wait', id, '--timeout', '30', '--json']);
  expect(JSON.parse(waited.stdout)).toMatchObject({ id, state: 'completed' });
  return { stderr: started.stderr };
}

beforeAll(() => {
  repo = initRepo(join(dir.path, 'repo'));
  projectFile = join(repo, 'switchyard.toml');
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(home, 'config.toml'),
    [
      `worktree_root = ${JSON.stringify(join(dir.path, 'worktrees'))}`,
      '[harness_runners.fake]',
      `program = ${JSON.stringify(process.execPath)}`,
      `base_args = [${JSON.stringify(join(repoRoot, 'test', 'fixtures', 'sessions', 'fake-agent.mjs'))}]`,
      '',
    ].join('\n'),
  );
  writeFileSync(projectFile, projectText(1));
});

afterAll(() => dir.cleanup());

describe('switchyard trust', () => {
  it('ignores an untrusted switchyard.toml: no setup command runs, and one warning names the file and the fix', async () => {
    const { stderr } = await startAndWait();
    expect(existsSync(marker(1))).toBe(false);
    expect(stderr).toContain(projectFile);
    expect(stderr).toContain(`switchyard trust ${projectFile}`);
    expect(stderr.split('switchyard trust').length - 1).toBe(1);
    const shown = await sw(['config', 'show', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ project: { path: projectFile, trust: 'untrusted', applied: false } });
  });

  it('applies the file after `switchyard trust`, which first lists what it would run', async () => {
    const trusted = await sw(['trust']);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain(projectFile);
    expect(trusted.stdout).toContain(`worktree_setup.setup_commands = ["touch ${marker(1)}"]`);
    const { stderr } = await startAndWait();
    expect(existsSync(marker(1))).toBe(true);
    expect(stderr).not.toContain('switchyard trust');
    const listed = await sw(['trust', '--list']);
    expect(listed.stdout).toMatch(new RegExp(`${projectFile}\\s+trusted`));
  });

  it('ignores the file again once it is edited, until it is trusted again', async () => {
    writeFileSync(projectFile, projectText(2));
    const { stderr } = await startAndWait();
    expect(existsSync(marker(2))).toBe(false);
    expect(stderr).toContain('changed since you trusted it');
    expect(stderr).toContain(`switchyard trust ${projectFile}`);
    expect((await sw(['trust', '--list'])).stdout).toContain('changed');
    const shown = await sw(['config', 'show', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ project: { trust: 'changed', applied: false } });

    expect((await sw(['trust', projectFile])).code).toBe(0);
    await startAndWait();
    expect(existsSync(marker(2))).toBe(true);
  });

  it('--revoke stops applying it; a folder without switchyard.toml is a clear error', async () => {
    const revoked = await sw(['trust', '--revoke']);
    expect(revoked.stdout).toContain(`No longer trusted: ${projectFile}`);
    const shown = await sw(['config', 'show', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ project: { trust: 'untrusted', applied: false } });
    const none = await runCli(['--home', home, 'trust'], { cwd: dir.path, env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no switchyard.toml in');
    expect(none.stderr).toContain('switchyard trust PATH');
  });
});

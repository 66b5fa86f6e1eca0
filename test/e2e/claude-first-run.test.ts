// Interactive Claude Code (the real CLI, against the stub model) started by Switchyard in a new
// worktree: it reaches its first answer when the user trusts the repository in Claude, and shows
// "needs input" with the prompt's first line — never plain "running" — while it waits at a prompt.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { connectRunner } from '../../src-main/engine/runner';
import { openStore } from '../../src-main/engine/store';
import { claudeEnv, STUB_API_KEY } from '../fixtures/stub-model/claude-env';
import { compactText } from '../fixtures/stub-model/claude-pty';
import { startStubModel, type StubModel } from '../fixtures/stub-model/server';
import { cleanEnv, repoRoot, runCli, tempDir } from '../helpers/cli';
import { waitFor } from '../helpers/sessions';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let claudeHome: string;
let stub: StubModel | undefined;
const live: string[] = [];

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

beforeEach(() => {
  dir = tempDir('sy-first-run-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  claudeHome = join(root, 'claude-home');
  for (const d of ['home', 'claude-home', 'repo']) mkdirSync(join(root, d));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'init');
});

afterEach(async () => {
  for (const id of live.splice(0)) await sy(['stop', id]);
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = claudeEnv({ home: claudeHome, stubUrl: stub!.url, apiKey: STUB_API_KEY });
  return cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
}

function sy(args: string[]) {
  return runCli(['--home', join(root, 'home'), ...args], { cwd: repo, env: env(), timeoutMs: 150_000 });
}

async function status(id: string): Promise<Session> {
  return JSON.parse((await sy(['status', id, '--json'])).stdout) as Session;
}

/** A Claude HOME as a user who has run `claude` before leaves it: onboarding done, the API key approved. */
function seedUsedClaude(trusted: string[]): string {
  const file = join(claudeHome, '.claude.json');
  const projects = Object.fromEntries(trusted.map((d) => [d, { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true }]));
  writeFileSync(file, JSON.stringify({ hasCompletedOnboarding: true, lastOnboardingVersion: '2.1.330', theme: 'dark', customApiKeyResponses: { approved: [STUB_API_KEY.slice(-20)], rejected: [] }, projects }));
  return file;
}

async function startInteractive(task: string): Promise<Session> {
  const r = await sy(['start', '--mode', 'interactive', '-t', task, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const s = JSON.parse(r.stdout) as Session;
  live.push(s.id);
  expect(s.worktree).not.toBeNull();
  return s;
}

const screenOf = (id: string) => () => {
  const log = join(root, 'home', 'logs', `${id}.log`);
  return existsSync(log) ? compactText(readFileSync(log, 'utf8')) : '';
};

describe('interactive Claude in a new worktree', () => {
  it('reaches its first answer without a trust prompt when the repository is trusted in Claude', async () => {
    stub = await startStubModel({ script: 'echo' });
    const file = seedUsedClaude([repo]);
    const s = await startInteractive('hello from the worktree');
    await waitFor('the first answer', () => screenOf(s.id)().includes('ECHO:hellofromtheworktree'), 60_000);
    await waitFor('idle after the turn', async () => (await status(s.id)).state === 'idle', 30_000);
    // Switchyard carried the repository's trust over to the worktree, in Claude's own config.
    const projects = (JSON.parse(readFileSync(file, 'utf8')) as { projects: Record<string, { hasTrustDialogAccepted?: boolean }> }).projects;
    expect(projects[s.worktree!.path]?.hasTrustDialogAccepted).toBe(true);
    expect(projects[repo]?.hasTrustDialogAccepted).toBe(true);
  }, 180_000);

  it('shows needs input with the prompt while Claude waits at its trust prompt, and runs once it is answered', async () => {
    stub = await startStubModel({ script: 'echo' });
    const file = seedUsedClaude([]); // the repository was never trusted in Claude
    const s = await startInteractive('after the prompt');
    await waitFor('needs input', async () => (await status(s.id)).attention === 'needs_input', 60_000);
    const blocked = await status(s.id);
    expect(blocked.stateReason).toContain('waiting at a prompt before its session starts: Quick safety check: Is this a project you created or one you trust?');
    const list = await sy(['sessions']);
    expect(list.stdout).toMatch(new RegExp(`${s.id}\\s+needs input`));
    expect(stub.mainRequests()).toHaveLength(0);
    // Nothing was trusted on the user's behalf for a repository they never trusted.
    expect(JSON.parse(readFileSync(file, 'utf8')).projects).toEqual({});

    // The operator answers in the terminal: "Yes, I trust this folder" is the second choice.
    const store = openStore(join(root, 'home', 'switchyard.db'));
    const socket = store.getOutputLog(s.id)!.socketPath!;
    store.close();
    const client = await connectRunner(socket);
    client.input('\x1b[B');
    await new Promise((r) => setTimeout(r, 300));
    client.input('\r');
    client.close();
    await waitFor('the first answer', () => screenOf(s.id)().includes('ECHO:aftertheprompt'), 60_000);
    await waitFor('idle, attention cleared', async () => {
      const now = await status(s.id);
      return now.state === 'idle' && now.attention === null;
    }, 30_000);
  }, 180_000);

  it('in a fresh HOME it is never left "running": Claude stops at its first-run setup and the reason says so', async () => {
    stub = await startStubModel({ script: 'echo' });
    const s = await startInteractive('never reached');
    // Here Claude's onboarding needs api.anthropic.com, which this machine cannot reach, so it
    // exits; on a connected machine it waits at its onboarding prompt and shows needs input.
    await waitFor('blocked or failed', async () => {
      const now = await status(s.id);
      return now.state === 'failed' || now.attention === 'needs_input';
    }, 60_000);
    const now = await status(s.id);
    if (now.state === 'failed') expect(now.stateReason).toContain('Unable to connect to Anthropic services');
    else expect(now.stateReason).toContain('waiting at a prompt before its session starts');
    const doctor = await sy(['doctor']);
    expect(doctor.stdout).toContain("Claude Code's first-run setup is not done");
    expect(stub.mainRequests()).toHaveLength(0);
  }, 180_000);
});

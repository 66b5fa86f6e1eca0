// Sessions through the real CLI, detached runners and PTYs, with a fake agent CLI on PATH.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRunner } from '../../../src-main/engine/runner';
import { openStore } from '../../../src-main/engine/store';
import { isAlive, makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';

let world: World;
afterEach(() => world?.cleanup());

describe('starting sessions', () => {
  it('runs a headless claude session to completion and records how the agent was started (seed test 19)', async () => {
    world = makeWorld({ mode: 'exit:0' });
    writeFileSync(join(world.work, 'pnpm-lock.yaml'), '');
    const started = await world.startJson(['--agent', 'claude', '--mode', 'headless', '--no-worktree', '--task', 'Document the API']);
    expect(started).toMatchObject({ state: 'pending', agentType: 'claude', mode: 'headless', workingDir: world.work, worktree: null });
    const wait = await world.cli(['wait', started.id, '--timeout', '30']);
    expect(wait.code, wait.stderr).toBe(0);
    const done = await world.status(started.id);
    expect(done).toMatchObject({ state: 'completed', exitCode: 0, pid: null });
    const lines = world.agentLogLines();
    expect(lines[0]).toBe(world.work);
    // The task arrives on standard input, so no command line (what `ps` shows) carries it.
    expect(lines[1]).toBe(`--print --name ecc-${started.id} --output-format stream-json --verbose`);
    expect(lines).toEqual(expect.arrayContaining([
      'STDIN=Document the API',
      `ECC_SESSION_ID=${started.id}`,
      `CLAUDE_SESSION_ID=${started.id}`,
      `CLAUDE_PROJECT_DIR=${world.work}`,
      'CLAUDE_CODE_ENTRYPOINT=cli',
      'CLAUDE_PACKAGE_MANAGER=pnpm',
      'CLAUDE_CODE_PACKAGE_MANAGER=pnpm',
      'ECC_HARNESS=claude',
    ]));
    // Every byte, multi-byte characters intact, replayable from the log.
    const logs = await world.cli(['logs', started.id]);
    expect(logs.stdout).toContain('héllo wörld ✓');
    // The runner's stderr log sits where ECC2 puts it, and git would not see it.
    expect(existsSync(join(world.work, '.claude', 'ecc2', 'logs', `${started.id}.runner-stderr.log`))).toBe(true);
    expect(readFileSync(join(world.work, '.claude', 'ecc2', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('fails a session whose agent exits non-zero, keeping the exit code and reason', async () => {
    world = makeWorld({ mode: 'exit:3' });
    const s = await world.startJson(['--no-worktree', '--task', 'break things']);
    await world.cli(['wait', s.id, '--timeout', '30']);
    expect(await world.status(s.id)).toMatchObject({ state: 'failed', exitCode: 3, stateReason: 'agent exited with code 3' });
  });

  it('derives project and task group, resolves auto from markers and canonicalises aliases (seed tests 11, 20, 21)', async () => {
    world = makeWorld({ agents: ['codex', 'gemini'] });
    const repo = join(world.work, 'checkout-api');
    mkdirSync(join(repo, '.codex'), { recursive: true });
    const auto = await world.startJson(['--agent', 'auto', '--no-worktree', '--task', 'stabilize auth callback'], { cwd: repo });
    expect(auto).toMatchObject({ agentType: 'codex', project: 'checkout-api', taskGroup: 'stabilize auth callback' });
    const alias = await world.startJson(['--agent', 'gemini-cli', '--no-worktree', '--task', 'investigate', '--project', 'ops', '--task-group', 'triage']);
    expect(alias).toMatchObject({ agentType: 'gemini', project: 'ops', taskGroup: 'triage' });
    await world.cli(['wait', alias.id, '--timeout', '30']);
    await world.cli(['wait', auto.id, '--timeout', '30']);
  });

  it('applies and persists the default agent profile (seed test 29)', async () => {
    world = makeWorld({
      config: [
        'default_agent_profile = "reviewer"',
        '[agent_profiles.reviewer]',
        'model = "sonnet"',
        'allowed_tools = ["Read", "Edit"]',
        'permission_mode = "plan"',
        'add_dirs = ["docs"]',
        'token_budget = 800',
        'append_system_prompt = "Review thoroughly."',
      ].join('\n'),
    });
    const s = await world.startJson(['--no-worktree', '--task', 'review']);
    const status = await world.status(s.id);
    expect(status.profile).toMatchObject({ profileName: 'reviewer', model: 'sonnet', allowedTools: ['Read', 'Edit'], permissionMode: 'plan', addDirs: ['docs'], tokenBudget: 800, appendSystemPrompt: 'Review thoroughly.' });
    await world.cli(['wait', s.id, '--timeout', '30']);
    expect(world.agentLogLines()[1]).toContain('--model sonnet --allowed-tools Read,Edit --permission-mode plan --add-dir docs --append-system-prompt Review thoroughly.');
  });

  it('passes a task full of shell metacharacters and newlines as one argument', async () => {
    world = makeWorld();
    const task = 'line one\n$(touch pwned); `id` && echo "quoted" \'single\' | cat > x\nline three';
    const s = await world.startJson(['--no-worktree', '--task', task]);
    await world.cli(['wait', s.id, '--timeout', '30']);
    expect(world.agentLogLines()).toContain('ARGC=6'); // --print --name ecc-ID --output-format stream-json --verbose
    expect(readFileSync(world.agentLog, 'utf8')).toContain(`STDIN=${task}`); // byte for byte, on stdin
    expect(existsSync(join(world.work, 'pwned'))).toBe(false);
    expect(existsSync(join(world.work, 'x'))).toBe(false);
  });
});

describe('bad input', () => {
  it('names a missing agent program and leaves the session failed, not pending', async () => {
    world = makeWorld({ agents: [] });
    const r = await world.cli(['start', '--agent', 'nosuchagent', '--no-worktree', '--task', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nosuchagent');
    const missing = await world.cli(['start', '--agent', 'claude', '--no-worktree', '--task', 'x'], { env: { PATH: '/usr/bin:/bin' } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('"claude" was not found on PATH');
    expect(missing.stderr).toContain('npm install -g @anthropic-ai/claude-code');
    const list = JSON.parse((await world.cli(['sessions', '--json'])).stdout) as { state: string }[];
    expect(list.map((s) => s.state)).toEqual(['failed', 'failed']);
  });

  it('refuses an empty task, a missing directory and an interactive task too large for one argument, writing nothing', async () => {
    world = makeWorld();
    const empty = await world.cli(['start', '--no-worktree', '--task', '  ']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('task is empty');
    const dir = await world.cli(['start', '--no-worktree', '--task', 'x', '--cwd', join(world.root, 'nope')]);
    expect(dir.code).toBe(1);
    expect(dir.stderr).toContain(`${join(world.root, 'nope')} does not exist`);
    const taskFile = join(world.root, 'task.md');
    writeFileSync(taskFile, 'y'.repeat(5 * 1024 * 1024));
    // A TUI takes its first prompt as an argument; a headless run reads it from stdin (no such limit).
    const huge = await world.cli(['start', '--no-worktree', '--mode', 'interactive', '--task-file', taskFile]);
    expect(huge.code).toBe(1);
    expect(huge.stderr).toMatch(/Linux allows 128 KiB per argument/);
    expect(JSON.parse((await world.cli(['sessions', '--json'])).stdout)).toEqual([]);
  });
});

describe('stop, resume, delete, reconcile', () => {
  it('stops a running session, refuses to stop it twice, and resumes it', async () => {
    world = makeWorld({ mode: 'sleep' });
    const s = await world.startJson(['--no-worktree', '--task', 'long job']);
    const running = await waitFor('running', async () => {
      const st = await world.status(s.id);
      return st.state === 'running' && st.pid ? st : null;
    });
    expect(isAlive(running.pid!)).toBe(true);
    const stop = await world.cli(['stop', s.id]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(await world.status(s.id)).toMatchObject({ state: 'stopped', pid: null, stateReason: 'stopped by the operator' });
    await waitFor('agent gone', () => !isAlive(running.pid!));
    const again = await world.cli(['stop', s.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Session ${s.id} is already stopped`);
    // Claude resumes its own conversation when its session id is known.
    const db = openStore(join(world.home, 'switchyard.db'));
    db.setHarnessSessionId(s.id, '0b7e1f2a-1111-4222-8333-944445555666');
    db.close();
    const resumed = await world.cli(['resume', s.id]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const rerun = await waitFor('running again', async () => {
      const st = await world.status(s.id);
      return st.state === 'running' && st.runnerPid ? st : null;
    });
    // The runner is started as ECC2 does (seed 33), minus `--task TASK`: a command line is visible to
    // every local user, and the runner reads the task from the session's row.
    const runnerArgv = readFileSync(`/proc/${rerun.runnerPid}/cmdline`, 'utf8').split('\0');
    const at = runnerArgv.indexOf('run-session');
    expect(runnerArgv.slice(at, at + 7)).toEqual(['run-session', '--session-id', s.id, '--agent', 'claude', '--cwd', world.work]);
    expect(runnerArgv.join(' ')).not.toContain('long job');
    await waitFor('second start recorded', () => world.agentLogLines().filter((l) => l === world.work).length === 2);
    // It continues Claude's own conversation and never sends the task again.
    const second = world.agentLogLines().slice(world.agentLogLines().lastIndexOf(world.work));
    expect(second[1]).toMatch(/ --resume 0b7e1f2a-1111-4222-8333-944445555666$/);
    await waitFor('the second stdin', () => world.agentLogLines().some((l) => l.startsWith('STDIN=Continue where you left off')));
    expect(world.agentLogLines().filter((l) => l.includes('long job'))).toEqual(['STDIN=long job']);
    expect((await world.cli(['resume', s.id])).stderr).toContain(`Session is already running: ${s.id}`);
    expect((await world.cli(['delete', s.id])).stderr).toContain(`Cannot delete active session ${s.id} while it is running`);
    await world.cli(['stop', s.id]);
  }, 90_000); // six CLI runs and two runner starts: slow on a loaded 2-core machine

  it('kills an agent that ignores SIGTERM after the grace period', async () => {
    world = makeWorld({ mode: 'stubborn' });
    const s = await world.startJson(['--no-worktree', '--task', 'stubborn']);
    const running = await waitFor('running', async () => {
      const st = await world.status(s.id);
      return st.pid ? st : null;
    });
    expect((await world.cli(['stop', s.id])).code).toBe(0);
    await waitFor('agent killed', () => !isAlive(running.pid!));
    expect((await world.status(s.id)).state).toBe('stopped');
  });

  it('refuses to resume a completed session and deletes it with its log', async () => {
    world = makeWorld({ mode: 'exit:0' });
    const s = await world.startJson(['--no-worktree', '--task', 'quick']);
    await world.cli(['wait', s.id, '--timeout', '30']);
    const resume = await world.cli(['resume', s.id]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain(`Completed sessions cannot be resumed: ${s.id}`);
    const logPath = join(world.home, 'logs', `${s.id}.log`);
    expect(existsSync(logPath)).toBe(true);
    expect((await world.cli(['delete', s.id])).code).toBe(0);
    expect(existsSync(logPath)).toBe(false);
    expect(JSON.parse((await world.cli(['sessions', '--json'])).stdout)).toEqual([]);
  });

  it('marks a session failed after reconcile when its runner was killed with SIGKILL', async () => {
    world = makeWorld({ mode: 'sleep' });
    const s = await world.startJson(['--no-worktree', '--task', 'victim']);
    const running = await waitFor('running', async () => {
      const st = await world.status(s.id);
      return st.state === 'running' && st.runnerPid ? st : null;
    });
    process.kill(running.runnerPid!, 'SIGKILL');
    await waitFor('runner gone', () => !isAlive(running.runnerPid!));
    const after = await waitFor('failed', async () => {
      const st = await world.status(s.id); // read commands reconcile first
      return st.state === 'failed' ? st : null;
    });
    expect(after.stateReason).toContain(`session runner (pid ${running.runnerPid}) is no longer running`);
    await waitFor('orphaned agent terminated', () => !isAlive(running.pid!));
  });

  it('keeps running after the CLI that started it exits, and a later attach replays everything', async () => {
    world = makeWorld({ mode: 'echo' });
    const s = await world.startJson(['--no-worktree', '--mode', 'interactive', '--task', 'chat']);
    // `start` has exited; the session lives on under its runner.
    await waitFor('running', async () => (await world.status(s.id)).state === 'running');
    const store = openStore(join(world.home, 'switchyard.db'));
    const socket = store.getOutputLog(s.id)!.socketPath!;
    store.close();
    const typist = await connectRunner(socket);
    typist.input('hello runner\r');
    typist.close();
    await waitFor('echo', () => readFileSync(join(world.home, 'logs', `${s.id}.log`), 'utf8').includes('YOU SAID: hello runner'));
    const late = await connectRunner(socket);
    const seen: Buffer[] = [];
    await new Promise<void>((resolve) => {
      late.attach(0, (chunk) => {
        seen.push(chunk);
        if (Buffer.concat(seen).toString().includes('YOU SAID: hello runner')) resolve();
      }, () => resolve());
    });
    const replay = Buffer.concat(seen).toString();
    expect(replay.indexOf('fake agent started')).toBeLessThan(replay.indexOf('YOU SAID: hello runner'));
    late.input('quit\r');
    late.close();
    await world.cli(['wait', s.id, '--timeout', '20']);
    expect((await world.status(s.id)).state).toBe('completed');
    // The interactive command line carries no --print and no stream-json, and hooks that report status.
    const argv = world.agentLogLines()[1]!;
    // The reporting options (Claude's --settings with its hooks) come first, then ECC2's flags.
    expect(argv.startsWith('--settings {"hooks":')).toBe(true);
    expect(argv).toContain(` --name ecc-${s.id} `);
    expect(argv.endsWith(' -- chat')).toBe(true);
    expect(argv).not.toContain('--print');
    expect(argv).toContain(`'hook-event' '--agent' 'claude' '--session-id' '${s.id}' '--event' 'Stop'`);
  });

  it('times out waiting for a session that keeps running (exit 1)', async () => {
    world = makeWorld({ mode: 'sleep' });
    const s = await world.startJson(['--no-worktree', '--task', 'forever']);
    const r = await world.cli(['wait', s.id, '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('timed out after 1s');
    await world.cli(['stop', s.id]);
  });
});

describe('runner processes', () => {
  it('starts each runner as the leader of its own process session (seed test 16)', async () => {
    world = makeWorld({ mode: 'sleep' });
    const s = await world.startJson(['--no-worktree', '--task', 'sid']);
    const st = await waitFor('runner pid', async () => {
      const v = await world.status(s.id);
      return v.runnerPid && v.state === 'running' ? v : null;
    });
    const sid = Number(execFileSync('ps', ['-o', 'sid=', '-p', String(st.runnerPid)], { encoding: 'utf8' }).trim());
    const ownSid = Number(execFileSync('ps', ['-o', 'sid=', '-p', String(process.pid)], { encoding: 'utf8' }).trim());
    expect(sid).toBe(st.runnerPid);
    expect(sid).not.toBe(ownSid);
    await world.cli(['stop', s.id]);
  });
});

describe('ECC hook metrics beside the database', () => {
  it('takes the latest cumulative cost row per session, not the sum', async () => {
    world = makeWorld({ mode: 'exit:0' });
    const s = await world.startJson(['--no-worktree', '--task', 'metered']);
    await world.cli(['wait', s.id, '--timeout', '30']);
    mkdirSync(join(world.home, 'metrics'), { recursive: true });
    const row = (input: number, output: number, cost: number) =>
      JSON.stringify({ timestamp: new Date().toISOString(), session_id: s.id, model: 'sonnet', input_tokens: input, output_tokens: output, cache_write_tokens: 0, cache_read_tokens: 0, estimated_cost_usd: cost });
    writeFileSync(join(world.home, 'metrics', 'costs.jsonl'), `${row(100, 10, 0.5)}\n${row(300, 40, 1.25)}\n`);
    const status = await world.status(s.id);
    expect(status.metrics).toMatchObject({ inputTokens: 300, outputTokens: 40, costUsd: 1.25 });
  });
});

describe('a headless agent on pipes', () => {
  it('completes when it exits even if a background child holds its output open, and that child is hung up', async () => {
    world = makeWorld({ mode: 'orphan' });
    const s = await world.startJson(['--no-worktree', '--task', 'leave something running']);
    const wait = await world.cli(['wait', s.id, '--timeout', '30']);
    expect(wait.code, wait.stderr).toBe(0);
    expect((await world.status(s.id)).state).toBe('completed');
    const orphan = Number(world.agentLogLines().find((l) => l.startsWith('ORPHAN='))?.slice('ORPHAN='.length));
    expect(orphan).toBeGreaterThan(0);
    await waitFor('the background child to be gone', () => !isAlive(orphan));
  });
});

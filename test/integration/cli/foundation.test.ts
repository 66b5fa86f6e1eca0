// The `switchyard` command as a user meets it: exit codes, JSON shapes, config errors, doctor.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/engine/store';
import type { Session } from '../../../src-main/engine/model';
import { cleanEnv, repoRoot, runCli, tempDir } from '../../helpers/cli';
import { buildSession } from '../../helpers/session-fixture';

let home: { path: string; cleanup: () => void };
let work: { path: string; cleanup: () => void };

beforeEach(() => {
  home = tempDir('sy-home-');
  work = tempDir('sy-work-');
});
afterEach(() => {
  home.cleanup();
  work.cleanup();
});

function sampleSession(id: string, updatedAt: string, overrides: Partial<Session> = {}): Session {
  // A live session's runner is "alive" (this test process), so read commands don't reconcile it to failed.
  return buildSession(id, 'running', new Date(updatedAt), {
    runnerPid: process.pid,
    workingDir: work.path,
    createdAt: updatedAt,
    metrics: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 15, costUsd: 0.25, toolCalls: 2, filesChanged: 1, durationSecs: 3 },
    ...overrides,
  });
}

describe('switchyard CLI basics', () => {
  it('prints [] for sessions --json on a fresh data home', async () => {
    const r = await runCli(['--home', home.path, 'sessions', '--json'], { cwd: work.path });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('takes the data home from SWITCHYARD_HOME when --home is absent', async () => {
    const r = await runCli(['sessions', '--json'], { cwd: work.path, env: cleanEnv({ SWITCHYARD_HOME: home.path }) });
    expect(r.code).toBe(0);
    expect(existsSync(join(home.path, 'switchyard.db'))).toBe(true);
  });

  it('lists stored sessions as camelCase JSON with lower-case states, newest first', async () => {
    const store = openStore(join(home.path, 'switchyard.db'));
    store.insertSession(sampleSession('aaaa1111', '2026-01-01T00:00:00.000Z', { state: 'completed' }));
    store.insertSession(sampleSession('bbbb2222', '2026-01-02T00:00:00.000Z'));
    store.close();
    const r = await runCli(['--home', home.path, 'sessions', '--json'], { cwd: work.path });
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.map((s) => s.id)).toEqual(['bbbb2222', 'aaaa1111']);
    expect(list[1]).toMatchObject({ state: 'completed', agentType: 'claude', taskGroup: 'general', workingDir: work.path, worktree: null });
    expect(list[1]!.metrics).toMatchObject({ inputTokens: 10, outputTokens: 5, tokensUsed: 15, costUsd: 0.25, toolCalls: 2, filesChanged: 1 });
    // A live session's duration is refreshed on read: it has run since its creation.
    expect((list[0]!.metrics as { durationSecs: number }).durationSecs).toBeGreaterThan(3600);
    const text = await runCli(['--home', home.path, 'sessions'], { cwd: work.path });
    expect(text.stdout).toMatch(/bbbb2222\s+running/);
  });

  it('shows status for an id prefix and for latest, and says so when there are none', async () => {
    const none = await runCli(['--home', home.path, 'status'], { cwd: work.path });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No sessions found');
    const store = openStore(join(home.path, 'switchyard.db'));
    store.insertSession(sampleSession('cccc3333', '2026-01-01T00:00:00.000Z'));
    store.insertSession(sampleSession('dddd4444', '2026-01-03T00:00:00.000Z', { state: 'idle' }));
    store.close();
    const latest = await runCli(['--home', home.path, 'status', 'latest', '--json'], { cwd: work.path });
    expect(JSON.parse(latest.stdout)).toMatchObject({ id: 'dddd4444', state: 'idle' });
    const prefix = await runCli(['--home', home.path, 'status', 'cccc'], { cwd: work.path });
    expect(prefix.stdout).toContain('Session: cccc3333');
    expect(prefix.stdout).toContain('Tokens:  15 total (in 10 / out 5)');
    const missing = await runCli(['--home', home.path, 'status', 'zzzz'], { cwd: work.path });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Session not found: zzzz');
  });

  it('exits 2 with usage for an unknown command or flag', async () => {
    const cmd = await runCli(['--home', home.path, 'frobnicate']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain("unknown command 'frobnicate'");
    expect(cmd.stderr).toContain('Usage: switchyard');
    const flag = await runCli(['--home', home.path, 'sessions', '--jsn']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--jsn'");
    expect(flag.stderr).toContain('Usage: switchyard sessions');
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: switchyard');
  });

  it('has --help on every command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commandSection = top.stdout.split('Commands:')[1] ?? '';
    const commands = [...commandSection.matchAll(/^ {2}([a-z-]+)(?: |$)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['sessions', 'status', 'messages', 'config', 'doctor']));
    for (const args of [...commands.map((c) => [c]), ['messages', 'send'], ['messages', 'inbox'], ['config', 'show']]) {
      const r = await runCli([...args, '--help']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toContain(`Usage: switchyard ${args.join(' ')}`);
    }
    // One CLI process per command: on a loaded 2-core machine that takes longer than the default.
  }, 120_000);
});

describe('configuration errors reach the user and nothing is written', () => {
  it('fails sessions on a wrong type, naming file, key and expected type', async () => {
    const file = join(home.path, 'config.toml');
    writeFileSync(file, 'max_parallel_sessions = "four"\n');
    const r = await runCli(['--home', home.path, 'sessions'], { cwd: work.path });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('max_parallel_sessions');
    expect(r.stderr).toMatch(/expected a non-negative integer/);
    expect(r.stderr).toContain('"four"');
    expect(readdirSync(home.path)).toEqual(['config.toml']);
  });

  it('reports a TOML syntax error with line and column', async () => {
    const file = join(home.path, 'config.toml');
    writeFileSync(file, 'max_parallel_sessions = 4\ntoken_budget = = 5\n');
    const r = await runCli(['--home', home.path, 'sessions'], { cwd: work.path });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:`);
  });

  it('refuses to trust a project file with a TOML syntax error, naming line and column', async () => {
    const file = join(work.path, 'switchyard.toml');
    writeFileSync(file, 'max_parallel_sessions = 4\ntoken_budget = = 5\n');
    const r = await runCli(['--home', home.path, 'trust'], { cwd: work.path });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:`);
    expect(r.stderr).toContain('fix the file first');
  });

  it('warns about an unknown key and still works', async () => {
    writeFileSync(join(home.path, 'config.toml'), 'max_paralel_sessions = 3\n');
    const r = await runCli(['--home', home.path, 'sessions', '--json'], { cwd: work.path });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('max_paralel_sessions');
    expect(r.stderr).toContain(join(home.path, 'config.toml'));
  });

  it('--config replaces the user file, and config show names each source', async () => {
    writeFileSync(join(home.path, 'config.toml'), 'max_parallel_sessions = 3\n');
    const alt = join(work.path, 'alt.toml');
    writeFileSync(alt, 'max_parallel_worktrees = 2\n');
    mkdirSync(join(work.path, 'repo', 'sub'), { recursive: true });
    writeFileSync(join(work.path, 'repo', 'switchyard.toml'), 'token_budget = 1234\n');
    expect((await runCli(['--home', home.path, 'trust', join(work.path, 'repo')])).code).toBe(0);
    const r = await runCli(['--home', home.path, '--config', alt, 'config', 'show', '--json'], { cwd: join(work.path, 'repo', 'sub') });
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as { entries: { key: string; value: unknown; source: { kind: string; file?: string } }[] };
    const entry = (key: string) => shown.entries.find((e) => e.key === key);
    expect(entry('max_parallel_sessions')).toMatchObject({ value: 8, source: { kind: 'default' } });
    expect(entry('max_parallel_worktrees')).toMatchObject({ value: 2, source: { kind: 'user', file: alt } });
    expect(entry('token_budget')).toMatchObject({ value: 1234, source: { kind: 'project', file: join(work.path, 'repo', 'switchyard.toml') } });
    const missing = await runCli(['--home', home.path, '--config', join(work.path, 'nope.toml'), 'sessions']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.toml');
  });
});

describe('messages', () => {
  it('sends a handoff and reads it from the inbox once', async () => {
    const send = await runCli(['--home', home.path, 'messages', 'send', '--from', 'planner', '--to', 'worker', '--kind', 'handoff', '--text', 'Review auth', '--priority', 'high', '--json']);
    expect(send.code).toBe(0);
    expect(JSON.parse(send.stdout)).toMatchObject({ fromSession: 'planner', toSession: 'worker', msgType: 'task_handoff', read: false, priority: 'high' });
    const inbox = await runCli(['--home', home.path, 'messages', 'inbox', 'worker', '--json']);
    const messages = JSON.parse(inbox.stdout) as { content: string }[];
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]!.content)).toEqual({ TaskHandoff: { task: 'Review auth', context: '', priority: 'high' } });
    const again = await runCli(['--home', home.path, 'messages', 'inbox', 'worker', '--json']);
    expect(JSON.parse(again.stdout)).toEqual([]);
    const bad = await runCli(['--home', home.path, 'messages', 'send', '--from', 'a', '--to', 'b', '--kind', 'shout', '--text', 'x']);
    expect(bad.code).toBe(2);
  });
});

describe('doctor', () => {
  it('describes this machine truthfully', async () => {
    const binDir = join(repoRoot, 'node_modules', '.bin');
    const r = await runCli(['--home', home.path, 'doctor', '--json'], { env: cleanEnv({ PATH: `${binDir}:${process.env.PATH}` }) });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      git: { found: boolean; version: string };
      agents: { agent: string; found: boolean; version: string | null }[];
      dataHome: { writable: boolean };
      database: { expectedSchemaVersion: number };
      electron: { present: boolean; reason: string | null };
    };
    expect(report.git.version).toBe(execFileSync('git', ['--version'], { encoding: 'utf8' }).trim());
    const claude = report.agents.find((a) => a.agent === 'claude');
    expect(claude?.found).toBe(true);
    expect(claude?.version).toContain(execFileSync(join(binDir, 'claude'), ['--version'], { encoding: 'utf8' }).trim());
    expect(report.dataHome.writable).toBe(true);
    expect(report.database.expectedSchemaVersion).toBeGreaterThanOrEqual(1);
    const electronDownloaded = existsSync(join(repoRoot, 'node_modules', 'electron', 'path.txt'));
    expect(report.electron.present).toBe(electronDownloaded);
    if (!electronDownloaded) expect(report.electron.reason).toMatch(/not downloaded/);
  });
});

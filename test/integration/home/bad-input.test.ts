// Bad input gets a clear error naming the problem and the fix, and loses nothing: checked through
// the real CLI on real database files (and a real full disk where the machine allows a tmpfs).
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/engine/store';
import { runCli } from '../../helpers/cli';
import { buildSession } from '../../helpers/session-fixture';
import { makeWorld, waitFor, type World } from '../../helpers/sessions';

let world: World | undefined;
let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
  world?.cleanup();
  world = undefined;
});

function seed(w: World, sessions: Array<{ id: string; task: string; minutesAgo: number }>): void {
  const store = openStore(join(w.home, 'switchyard.db'));
  for (const s of sessions) store.insertSession(buildSession(s.id, 'completed', new Date(Date.now() - s.minutesAgo * 60_000), { task: s.task, workingDir: w.work }));
  store.close();
}

async function sessionIds(w: World): Promise<string[]> {
  const r = await w.cli(['sessions', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }[]).map((s) => s.id).sort();
}

describe('an ambiguous id prefix', () => {
  it('is an error listing the candidates on every command that takes a session; nothing is deleted; exact ids and latest still work', async () => {
    world = makeWorld();
    const w = world;
    seed(w, [
      { id: '4aaa0001', task: 'write the release notes', minutesAgo: 10 },
      { id: '4bbb0002', task: 'fix the login redirect', minutesAgo: 1 },
      { id: '9ccc0003', task: 'unrelated', minutesAgo: 5 },
    ]);
    for (const command of [['delete', '4'], ['stop', '4'], ['resume', '4'], ['merge-worktree', '4'], ['status', '4'], ['logs', '4']]) {
      const r = await w.cli(command);
      expect(r.code, command.join(' ')).toBe(1);
      expect(r.stderr, command.join(' ')).toContain(
        'Session id prefix "4" is ambiguous: it matches 2 sessions: 4bbb0002 ("fix the login redirect"), 4aaa0001 ("write the release notes"). Pass more characters of the id, the full id, or `latest`.',
      );
    }
    expect(await sessionIds(w)).toEqual(['4aaa0001', '4bbb0002', '9ccc0003']);

    const exact = await w.cli(['delete', '4aaa']);
    expect(exact.code, exact.stderr).toBe(0);
    expect(await sessionIds(w)).toEqual(['4bbb0002', '9ccc0003']);
    const latest = await w.cli(['status', 'latest', '--json']);
    expect(JSON.parse(latest.stdout)).toMatchObject({ id: '4bbb0002' });
  });
});

describe('a NUL byte in a task', () => {
  it('is refused before anything is written', async () => {
    world = makeWorld();
    const w = world;
    const file = join(w.root, 'task.txt');
    writeFileSync(file, 'fix the\0 parser');
    const r = await w.cli(['start', '--no-worktree', '--task-file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the task contains a NUL byte (at character 7), which a command-line argument cannot carry; remove it');
    expect(await sessionIds(w)).toEqual([]);
    expect(existsSync(join(w.home, 'logs'))).toBe(false);
    expect(w.agentLogLines()).toEqual([]);
  });
});

describe('a --home that cannot be created', () => {
  it('fails at once naming it (no spinning under /proc), for store commands and doctor alike', async () => {
    world = makeWorld();
    const w = world;
    for (const args of [['sessions'], ['start', '--no-worktree', '--task', 'x'], ['doctor']]) {
      const r = await runCli(['--home', '/proc/x/y', ...args], { cwd: w.work, env: w.env });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain('/proc/x');
    }
    const sessions = await runCli(['--home', '/proc/x/y', 'sessions'], { cwd: w.work, env: w.env });
    expect(sessions.stderr).toContain('cannot create the data home /proc/x/y: cannot create the folder /proc/x');
    expect(sessions.stderr).toContain('Pass --home (or set SWITCHYARD_HOME) to a folder you can write');
  });
});

describe('doctor', () => {
  it('passes a healthy database, and names a corrupt one with what to do, exiting 1', async () => {
    world = makeWorld();
    const w = world;
    const db = join(w.home, 'switchyard.db');
    seed(
      w,
      Array.from({ length: 300 }, (_, i) => ({ id: `s${String(i).padStart(7, '0')}`, task: `task ${i} ${'x'.repeat(500)}`, minutesAgo: i })),
    );
    const healthy = await w.cli(['doctor']);
    expect(healthy.code, healthy.stderr).toBe(0);
    expect(healthy.stdout).toMatch(new RegExp(`ok {3}database {3}${db} — schema version \\d+, quick_check ok`));

    // Overwrite two pages in the middle of the real file, as a failing disk or a stray write would.
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const before = statSync(db).mtimeMs;

    const bad = await w.cli(['doctor']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`BAD  database   the database ${db} is damaged`);
    expect(bad.stdout).toContain(`move ${db} and its -wal/-shm files aside, then restore a backup or recover it with \`sqlite3 <old file> .recover`);
    expect(bad.stderr).toContain(`switchyard: doctor found a problem: the database ${db} is damaged`);
    const json = await w.cli(['doctor', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).database).toMatchObject({ path: db, exists: true, integrity: 'damaged' });
    expect(statSync(db).mtimeMs).toBe(before); // doctor only reads
  });
});

describe('a full disk', () => {
  it('stops the session with a reason naming the log and the free space (2 MB tmpfs home, 10 MB of output)', async (ctx) => {
    world = makeWorld({ mode: 'flood:10' });
    const w = world;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', w.home], { stdio: 'pipe' });
    } catch (error) {
      ctx.skip(`cannot mount a 2 MB tmpfs to fill (needs root and mount permission): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
    }
    cleanups.push(() => {
      try {
        execFileSync('pkill', ['-f', w.root]);
      } catch {
        // nothing left running
      }
      // A runner that is still closing keeps the mount busy for a moment.
      for (let i = 0; i < 50; i++) {
        try {
          execFileSync('umount', [w.home], { stdio: 'pipe' });
          return;
        } catch {
          execFileSync('sleep', ['0.2']);
        }
      }
      execFileSync('umount', ['-l', w.home]);
    });
    const s = await w.startJson(['--no-worktree', '--task', 'print a lot']);
    const failed = await waitFor('the session to fail', async () => {
      const st = await w.status(s.id);
      return st.state === 'failed' ? st : null;
    }, 60_000);
    const log = join(w.home, 'logs', `${s.id}.log`);
    expect(failed.stateReason).toMatch(
      new RegExp(`^disk full: the session log ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be appended \\(\\d+ KB free on its disk, the last 512 KB kept for the database\\); the agent was stopped\\. Free some space there, then resume the session\\.$`),
    );
    expect(failed.stateReason).not.toContain('killed or the machine restarted');
    // What reached the disk is kept: the log holds output up to the reserve.
    expect(statSync(log).size).toBeGreaterThan(0);
    expect(readdirSync(join(w.home, 'logs'))).toEqual([`${s.id}.log`]);
  });
});

// The data home is private to the user running Switchyard, checked on real files and processes: a
// real session (the fake agent) runs, then the modes, the runner's command line, and what another
// local user (uid 65534, nobody) can reach are looked at.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLinesContaining } from '../../helpers/processes';
import { makeWorld, waitFor, type World } from '../../helpers/sessions';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;
const mode = (path: string) => lstatSync(path).mode & 0o777;
const SECRET = 'rotate-the-prod-credentials-7f3a';

let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

/** What uid 65534 gets when it reads `file` and connects to `socket`: an errno code, or READ / CONNECTED. */
function probeAsNobody(file: string, socket: string): Promise<{ read: string; connect: string }> {
  const script = `
    const fs = require('node:fs'), net = require('node:net');
    let read; try { fs.readFileSync(process.argv[1]); read = 'READ'; } catch (e) { read = e.code; }
    const c = net.createConnection(process.argv[2]);
    c.on('connect', () => { console.log(JSON.stringify({ read, connect: 'CONNECTED' })); c.destroy(); });
    c.on('error', (e) => console.log(JSON.stringify({ read, connect: e.code })));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, file, socket], { uid: NOBODY, gid: NOBODY, cwd: '/', env: { PATH: '/usr/bin:/bin' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out) as { read: string; connect: string }));
  });
}

async function runningSession(w: World, task: string) {
  const s = await w.startJson(['--no-worktree', '--task', task]);
  return waitFor('the session to run', async () => {
    const st = await w.status(s.id);
    return st.state === 'running' && st.runnerPid ? st : null;
  });
}

describe('a fresh data home after a real session ran', () => {
  it('has 0700 folders and a 0600 database, -wal, -shm, log and socket, and no command line shows the task', async () => {
    world = makeWorld({ mode: 'sleep' });
    const w = world;
    rmSync(w.home, { recursive: true }); // let Switchyard create the home itself
    const start = await w.cli(['start', '--json', '--no-worktree', '--task', `${SECRET} before Friday`]);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr).toBe(''); // nothing needed narrowing: it was all created private
    const id = (JSON.parse(start.stdout) as { id: string }).id;
    const db = join(w.home, 'switchyard.db');
    const log = join(w.home, 'logs', `${id}.log`);
    const sock = join(w.home, 'sockets', `${id}.sock`);
    // Looked at through the file system only: another CLI call could narrow what was created wide.
    await waitFor('the socket and the log', () => existsSync(sock) && existsSync(log) && existsSync(`${db}-wal`));
    for (const dir of [w.home, join(w.home, 'logs'), join(w.home, 'sockets')]) expect(mode(dir), dir).toBe(0o700);
    // The runner holds the database open, so its WAL and shared-memory files exist now.
    for (const file of [db, `${db}-wal`, `${db}-shm`, log, sock]) expect(mode(file), file).toBe(0o600);
    expect(lstatSync(sock).isSocket()).toBe(true);
    const stderrLog = join(w.work, '.claude', 'ecc2', 'logs', `${id}.runner-stderr.log`);
    expect(mode(stderrLog)).toBe(0o600);
    expect(readFileSync(stderrLog, 'utf8')).not.toContain('notice'); // the runner had nothing to narrow either

    const s = await waitFor('the session to run', async () => {
      const st = await w.status(id);
      return st.state === 'running' && st.runnerPid ? st : null;
    });
    // What `ps` shows: the runner's command line names the session, never its task.
    const cmdline = readFileSync(`/proc/${s.runnerPid}/cmdline`, 'utf8');
    expect(cmdline.split('\0')).toContain(s.id);
    expect(cmdline).not.toContain(SECRET);
    // ... and the runner still gave the agent the task, read from the database, on its stdin.
    await waitFor('the agent to record its stdin', () => w.agentLogLines().some((l) => l === `STDIN=${SECRET} before Friday`));
    // No process on the machine (runner, agent, anything else) shows the task on its command line.
    expect(commandLinesContaining(SECRET)).toEqual([]);

    await w.cli(['stop', s.id]);
  });

  it.skipIf(!isRoot)('keeps another local user (uid 65534) from reading the database or connecting to the socket (skipped when not root: only root can start a process as another uid)', async () => {
    world = makeWorld({ mode: 'sleep' });
    const w = world;
    const s = await runningSession(w, 'private work');
    const db = join(w.home, 'switchyard.db');
    const sock = join(w.home, 'sockets', `${s.id}.sock`);
    await waitFor('the socket', () => existsSync(sock));
    chmodSync(w.root, 0o755); // the temp folder above the home is 0700 itself; open it so only the home's modes count
    expect(await probeAsNobody(db, sock)).toEqual({ read: 'EACCES', connect: 'EACCES' });
    // Even with the home and sockets folders opened by hand, the files' own modes keep nobody out.
    chmodSync(w.home, 0o755);
    chmodSync(join(w.home, 'sockets'), 0o755);
    expect(await probeAsNobody(db, sock)).toEqual({ read: 'EACCES', connect: 'EACCES' });

    // The next command narrows the home again and says so once.
    const stop = await w.cli(['stop', s.id]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stderr).toContain(`switchyard: notice: made the data home ${w.home} private (2 entries were open to other users`);
    expect(mode(w.home)).toBe(0o700);
    expect(mode(join(w.home, 'sockets'))).toBe(0o700);
    expect((await w.cli(['sessions'])).stderr).not.toContain('notice');
  });
});

describe('the socket fallback folder for a long data home', () => {
  function longHomeWorld(): { w: World; home: string; tmp: string; run: (args: string[]) => ReturnType<World['cli']> } {
    const w = makeWorld({ mode: 'sleep' });
    // Long enough that <home>/sockets/<id>.sock passes 100 bytes, so sockets go under $TMPDIR/switchyard-<uid>.
    const home = join(w.root, 'h'.repeat(90));
    const tmp = join(w.root, 'tmp');
    mkdirSync(tmp);
    const env = { ...w.env, TMPDIR: tmp };
    const run = (args: string[]) =>
      w.cli(['--home', home, ...args], { env }); // the later --home wins over the world's own
    return { w, home, tmp, run };
  }

  async function failedReason(run: (args: string[]) => ReturnType<World['cli']>): Promise<string> {
    const start = await run(['start', '--json', '--no-worktree', '--task', 'planted']);
    expect(start.code, start.stderr).toBe(0);
    const id = (JSON.parse(start.stdout) as { id: string }).id;
    return waitFor('the session to fail', async () => {
      const st = JSON.parse((await run(['status', id, '--json'])).stdout) as { state: string; stateReason: string | null };
      return st.state === 'failed' ? (st.stateReason ?? '') : null;
    });
  }

  it('is created 0700 and used when it is ours', async () => {
    const { w, tmp, run } = longHomeWorld();
    world = w;
    const start = await run(['start', '--json', '--no-worktree', '--task', 'long home']);
    expect(start.code, start.stderr).toBe(0);
    const dir = join(tmp, `switchyard-${process.getuid!()}`);
    await waitFor('the socket in the fallback folder', () => existsSync(dir) && readdirSync(dir).some((n) => n.endsWith('.sock')));
    expect(mode(dir)).toBe(0o700);
    for (const name of readdirSync(dir)) expect(mode(join(dir, name))).toBe(0o600);
    await run(['stop', (JSON.parse(start.stdout) as { id: string }).id]);
  });

  it('is refused, naming it and the fix, when it is open to others (pre-created 0777)', async () => {
    const { w, tmp, run } = longHomeWorld();
    world = w;
    const dir = join(tmp, `switchyard-${process.getuid!()}`);
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const reason = await failedReason(run);
    expect(reason).toContain(`Refusing to use the socket folder ${dir}: it has mode 0777, so other users can enter it. Remove it (\`rm -r ${dir}\``);
    expect(readdirSync(dir)).toEqual([]); // no socket was put there
  });

  it.skipIf(!isRoot)('is refused when another user created it, even 0700 (needs root to chown it to 65534)', async () => {
    const { w, tmp, run } = longHomeWorld();
    world = w;
    const dir = join(tmp, `switchyard-${process.getuid!()}`);
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, NOBODY, NOBODY);
    expect(await failedReason(run)).toContain(`Refusing to use the socket folder ${dir}: it is owned by uid ${NOBODY}, not by you`);
  });
});

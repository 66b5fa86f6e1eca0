// Session runners, the app and the CLI write one database file at once: real processes, real file.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore, SCHEMA_VERSION } from '../../../src-main/engine/store';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'store');

interface Child {
  proc: ChildProcessWithoutNullStreams;
  output: () => string;
  waitFor: (line: string) => Promise<void>;
  exit: Promise<number | null>;
}

const children: Child[] = [];

function startFixture(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(fixtures, script), ...args], {
    cwd: join(import.meta.dirname, '..', '..', '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { line: string; resolve: () => void }[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      if (out.split('\n').includes(w.line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const child: Child = {
    proc,
    output: () => out,
    exit,
    waitFor: (line) =>
      new Promise<void>((resolve, reject) => {
        if (out.split('\n').includes(line)) return resolve();
        waiters.push({ line, resolve });
        void exit.then((code) => reject(new Error(`${script} exited (${code}) before printing "${line}":\n${out}`)));
      }),
  };
  children.push(child);
  return child;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-store-concurrency-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exit;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('several processes writing one database', () => {
  it('creates a fresh database from three processes at once and keeps every write, with no lock errors', async () => {
    const dbPath = join(dir, 'shared.db');
    const count = 300;
    const writers = [startFixture('writer.ts', [dbPath, 'writer-a', String(count), '1']), startFixture('writer.ts', [dbPath, 'writer-b', String(count), '1'])];
    await Promise.all(writers.map((w) => w.waitFor('ready')));
    for (const w of writers) w.proc.stdin.write('go\n');

    // Meanwhile this process opens the same fresh file and keeps writing, yielding between writes,
    // until both writers are done (and at least `count` times).
    const store = openStore(dbPath);
    try {
      let exited = 0;
      for (const w of writers) void w.exit.then(() => (exited += 1));
      let appWrites = 0;
      while (appWrites < count || exited < writers.length) {
        store.sendMessage('app', 'sink', `app:${appWrites}`, 'info');
        appWrites += 1;
        if (appWrites % 5 === 0) await sleep(1);
      }
      const codes = await Promise.all(writers.map((w) => w.exit));
      const outputs = writers.map((w) => w.output());
      expect(codes, outputs.join('\n---\n')).toEqual([0, 0]);
      for (const out of outputs) {
        expect(out).toContain('done');
        expect(out).not.toMatch(/database is locked|SQLITE_BUSY/i);
      }

      const messages = store.unreadMessagesForSession('sink', 100_000);
      const received = messages.map((m) => m.content);
      expect(received).toHaveLength(2 * count + appWrites);
      for (const [who, n] of [['app', appWrites], ['writer-a', count], ['writer-b', count]] as const) {
        const mine = received.filter((c) => c.startsWith(`${who}:`));
        // Every write is present, and each process's writes kept their order.
        expect(mine).toEqual(Array.from({ length: n }, (_, i) => `${who}:${i}`));
      }
      // The writes really were interleaved: the writers' rows sit between this process's rows.
      const appIds = messages.filter((m) => m.fromSession === 'app').map((m) => m.id);
      const between = messages.filter((m) => m.fromSession !== 'app' && m.id > appIds[0]! && m.id < appIds[appIds.length - 1]!);
      expect(between.length).toBeGreaterThan(0);
      for (const id of ['writer-a', 'writer-b']) {
        expect(store.getSession(id)?.metrics.toolCalls).toBe(count);
      }
    } finally {
      store.close();
    }
    // Each migration ran exactly once although three processes raced to create the schema.
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
    db.close();
  }, 60_000);

  it('waits out a lock held longer than the busy timeout instead of failing', async () => {
    const dbPath = join(dir, 'held.db');
    const store = openStore(dbPath, { busyTimeoutMs: 50 });
    try {
      const holder = startFixture('hold-lock.ts', [dbPath, '800']);
      await holder.waitFor('locked');
      const started = Date.now();
      const message = store.sendMessage('a', 'b', 'after the lock', 'info');
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(store.listMessagesForSession('b', 5)).toEqual([message]);
      expect(await holder.exit).toBe(0);
    } finally {
      store.close();
    }
  }, 30_000);

  it('gives up after its retry budget with an error naming the file and what to do', async () => {
    const dbPath = join(dir, 'stuck.db');
    const store = openStore(dbPath, { busyTimeoutMs: 50, lockRetryMs: 300 });
    try {
      const holder = startFixture('hold-lock.ts', [dbPath, '1200']);
      await holder.waitFor('locked');
      expect(() => store.sendMessage('a', 'b', 'never', 'info')).toThrow(
        new RegExp(`The database ${dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} stayed locked by another process`),
      );
      expect(await holder.exit).toBe(0);
      expect(store.listMessagesForSession('b', 5)).toEqual([]);
    } finally {
      store.close();
    }
  }, 30_000);
});

// SQLite's own messages never say which file; the store's errors name the database and the fix.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../../src-main/engine/store';
import { sampleSession, tempDir } from './helpers';

let tmp: { dir: string; cleanup(): void };
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('store errors', () => {
  it('names a file that is not a database, with what to do', () => {
    const db = join(tmp.dir, 'switchyard.db');
    writeFileSync(db, 'this is not a sqlite database, just text that is long enough to have a header'.repeat(20));
    let error: unknown;
    try {
      openStore(db);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ kind: 'corrupt', code: 'SQLITE_NOTADB', dbPath: db });
    expect((error as Error).message).toBe(
      `the database ${db} is damaged (file is not a database). Stop every Switchyard process, move ${db} and its -wal/-shm files aside, then restore a backup or recover it with \`sqlite3 <old file> .recover | sqlite3 ${db}\`; \`switchyard doctor\` checks it.`,
    );
  });

  it('keeps constraint errors recognisable by code', () => {
    const store = openStore(join(tmp.dir, 'switchyard.db'));
    store.insertSession(sampleSession('abc'));
    expect(() => store.insertSession(sampleSession('abc'))).toThrow('Session already exists: abc');
    store.close();
  });

  it('says the disk is full, naming the database and the free space (a full 1 MB tmpfs; needs root to mount)', (ctx) => {
    const mnt = join(tmp.dir, 'small');
    execFileSync('mkdir', [mnt]);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (error) {
      ctx.skip(`cannot mount a 1 MB tmpfs to fill (needs root and mount permission): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
    }
    const db = join(mnt, 'switchyard.db');
    const store = openStore(db);
    try {
      // Fill what is left, then write until SQLite runs out of room.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k'], { stdio: 'pipe' });
      } catch {
        // dd stops with ENOSPC: that is the point
      }
      let error: unknown;
      try {
        for (let i = 0; i < 2000; i++) store.insertSession(sampleSession(`s${i}`, { task: 'x'.repeat(2000) }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ kind: 'disk_full', dbPath: db });
      expect((error as Error).message).toMatch(new RegExp(`^the database ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be written \\(.*\\): the disk holding it is full \\(\\d+ B free\\)\\. Free some space there, then retry\\.$`));
    } finally {
      store.close();
      try {
        execFileSync('umount', [mnt], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', mnt]); // still busy after a failed assertion: detach lazily
      }
    }
  });
});

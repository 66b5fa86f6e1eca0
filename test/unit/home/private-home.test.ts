// The data home's folders and files are private from creation; an older, open home is narrowed once
// with a notice; a home that cannot be created fails at once, naming it.
import { chmodSync, chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataHomeError, prepareDataHome, tightenedNotice } from '../../../src-main/engine/home';
import { PrivatePathError, checkPrivateDir, mkdirPrivate } from '../../../src-main/engine/private-fs';
import { checkSocketDir, prepareSocketDir } from '../../../src-main/engine/runner/paths';
import { openStore } from '../../../src-main/engine/store';
import { tempDir } from '../store/helpers';

const mode = (path: string) => statSync(path).mode & 0o777;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let tmp: { dir: string; cleanup(): void };
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe('private folders and files', () => {
  it('creates every missing folder 0700, whatever the umask', () => {
    const old = process.umask(0o000);
    try {
      mkdirPrivate(join(tmp.dir, 'a', 'b', 'c'));
    } finally {
      process.umask(old);
    }
    for (const d of ['a', 'a/b', 'a/b/c']) expect(mode(join(tmp.dir, d))).toBe(0o700);
  });

  it('fails at once under /proc instead of spinning like a recursive mkdir, naming the folder', () => {
    expect(() => mkdirPrivate('/proc/x/y')).toThrow(PrivatePathError);
    expect(() => mkdirPrivate('/proc/x/y')).toThrow('cannot create the folder /proc/x');
    expect(() => prepareDataHome('/proc/x/y')).toThrow(DataHomeError);
    expect(() => prepareDataHome('/proc/x/y')).toThrow(/cannot create the data home \/proc\/x\/y: .*Pass --home \(or set SWITCHYARD_HOME\) to a folder you can write/);
  });

  it('refuses a home path that is a file', () => {
    const file = join(tmp.dir, 'file');
    writeFileSync(file, '');
    expect(() => prepareDataHome(join(file, 'home'))).toThrow(`${file} exists but is not a folder`);
  });

  it('creates the database 0600, and SQLite gives its -wal and -shm the same mode', () => {
    const old = process.umask(0o000); // even a careless umask does not open it up
    let store;
    try {
      store = openStore(join(tmp.dir, 'home', 'switchyard.db'));
    } finally {
      process.umask(old);
    }
    const db = join(tmp.dir, 'home', 'switchyard.db');
    expect(mode(join(tmp.dir, 'home'))).toBe(0o700);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(mode(f), f).toBe(0o600);
    store.close();
  });
});

describe('an existing home made by an older build', () => {
  it('is narrowed to 0700/0600 with one notice, and a second open says nothing', () => {
    const home = join(tmp.dir, 'old-home');
    mkdirSync(join(home, 'logs'), { recursive: true, mode: 0o755 });
    chmodSync(home, 0o755);
    chmodSync(join(home, 'logs'), 0o755);
    openStore(join(home, 'switchyard.db')).close();
    for (const f of ['switchyard.db', 'logs/abc.log', 'config.toml']) {
      writeFileSync(join(home, f), 'x', { flag: 'a' });
      chmodSync(join(home, f), 0o644);
    }
    const first = prepareDataHome(home);
    expect(first.tightened.sort()).toEqual([home, join(home, 'config.toml'), join(home, 'logs'), join(home, 'logs', 'abc.log'), join(home, 'switchyard.db')].sort());
    expect(tightenedNotice(first)).toBe(
      `switchyard: notice: made the data home ${home} private (5 entries were open to other users; folders are now 0700, files 0600)`,
    );
    for (const d of ['', 'logs']) expect(mode(join(home, d))).toBe(0o700);
    for (const f of ['switchyard.db', 'logs/abc.log', 'config.toml']) expect(mode(join(home, f))).toBe(0o600);
    expect(tightenedNotice(prepareDataHome(home))).toBeNull();
  });
});

describe('the socket folder', () => {
  it('is created 0700, and one with a wider mode is refused, naming it and the fix', () => {
    const sock = join(tmp.dir, 'switchyard-0', 'abc.sock');
    prepareSocketDir(sock);
    expect(mode(join(tmp.dir, 'switchyard-0'))).toBe(0o700);
    chmodSync(join(tmp.dir, 'switchyard-0'), 0o777);
    expect(() => prepareSocketDir(sock)).toThrow(
      `Refusing to use the socket folder ${join(tmp.dir, 'switchyard-0')}: it has mode 0777, so other users can enter it. Remove it (\`rm -r ${join(tmp.dir, 'switchyard-0')}\`, as its owner or root)`,
    );
    // A client will not connect through it either; a folder that is not there is left to connect's ENOENT.
    expect(() => checkSocketDir(sock)).toThrow('Refusing to use the socket folder');
    expect(() => checkSocketDir(join(tmp.dir, 'nowhere', 'x.sock'))).not.toThrow();
  });

  it.skipIf(!isRoot)('refuses a folder another user created, even with mode 0700 (needs root to chown it)', () => {
    const dir = join(tmp.dir, 'planted');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, 65534, 65534);
    expect(() => checkPrivateDir(dir, 'fix it')).toThrow(`Refusing to use the socket folder ${dir}: it is owned by uid 65534, not by you (uid 0). fix it`);
  });
});

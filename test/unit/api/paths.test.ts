// Paths in requests: every path field is absolute and arrives normalised, refused otherwise with
// the field, the problem and the fix. Checked in the contract, so IPC and the WebSocket agree.
import { posix, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseAbsolutePath, operations, parseOperationInput } from '../../../src-main/api';

describe('normaliseAbsolutePath', () => {
  it('normalises POSIX paths as path.posix.resolve does', () => {
    for (const p of ['/', '/a', '/a/', '//a//b/', '/a/./b/../c', '/a/../../..', '/home/you/project/.']) {
      expect(normaliseAbsolutePath(p, 'posix'), p).toBe(posix.resolve(p));
    }
  });

  it('normalises Windows drive and UNC paths as path.win32.resolve does', () => {
    for (const p of ['C:\\', 'C:\\a\\', 'c:/a/b/../c', 'D:\\a\\.\\b\\..\\..\\..', '\\\\server\\share\\x\\..\\y', '//server/share/dir']) {
      expect(normaliseAbsolutePath(p, 'win32'), p).toBe(win32.resolve(p));
    }
  });

  it('refuses relative paths, home-relative ones, NULs, and the other platform\'s form', () => {
    for (const p of ['rel', './rel', '../up', '~/project', 'C:rel', '/ok\0bad']) expect(normaliseAbsolutePath(p, 'any'), p).toBeNull();
    expect(normaliseAbsolutePath('C:\\work', 'posix')).toBeNull();
    expect(normaliseAbsolutePath('/work', 'win32')).toBeNull(); // no drive: relative to the current drive
    expect(normaliseAbsolutePath('C:\\work', 'any')).toBe('C:\\work');
  });
});

describe('path fields in the contract', () => {
  const cases: Array<[op: string, field: string, input: Record<string, unknown>]> = [
    ['startSession', 'cwd', { task: 'x', cwd: 'projects/app' }],
    ['addSchedule', 'cwd', { cronExpr: '* * * * *', task: 'x', cwd: './app' }],
    ['launchTemplate', 'cwd', { name: 't', cwd: '../app' }],
    ['launchTemplate', 'variables.cwd', { name: 't', variables: { cwd: 'app' } }],
  ];

  it.each(cases)('%s refuses a relative %s, naming the field and the fix', (op, field, input) => {
    const r = parseOperationInput(op, input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.message).toContain(`${op}: ${field}: must be an absolute path`);
    expect(r.error.message).toContain("give the folder's full path (for example /home/you/project)");
  });

  it('says that ~ is not expanded', () => {
    const r = parseOperationInput('startSession', { task: 'x', cwd: '~/app' });
    expect(!r.ok && r.error.message).toContain('~ is not expanded');
  });

  it('passes absolute paths on, normalised', () => {
    expect(parseOperationInput('startSession', { task: 'x', cwd: ' /srv//app/./src/.. ' })).toMatchObject({ ok: true, value: { input: { cwd: '/srv/app' } } });
    expect(parseOperationInput('launchTemplate', { name: 't', cwd: '/a/b/', variables: { cwd: '/x/../y', other: 'rel' } })).toMatchObject({
      ok: true,
      value: { input: { cwd: '/a/b', variables: { cwd: '/y', other: 'rel' } } },
    });
  });

  it('leaves no string field that names a path unchecked', () => {
    // A guard for fields added later: anything called *cwd, *dir, *path, *file, *folder or *repo.
    const pathLike = /^(cwd|dir|path|file|folder|repo)$|(Cwd|Dir|Path|File|Folder|Repo)$/;
    const found: string[] = [];
    for (const [op, def] of Object.entries(operations)) {
      const shape = (def.input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const key of Object.keys(shape).filter((k) => pathLike.test(k))) {
        found.push(`${op}.${key}`);
        const r = parseOperationInput(op, { ...minimal[op], [key]: 'relative/dir' });
        expect(!r.ok && r.error.message, `${op}.${key}`).toContain('must be an absolute path');
      }
    }
    expect(found.sort()).toEqual(['addSchedule.cwd', 'launchTemplate.cwd', 'startSession.cwd', 'trustProjectConfig.path']);
  });
});

const minimal: Record<string, Record<string, unknown>> = {
  startSession: { task: 'x' },
  addSchedule: { cronExpr: '* * * * *', task: 'x' },
  launchTemplate: { name: 't' },
  trustProjectConfig: { sha256: 'a'.repeat(64) },
};

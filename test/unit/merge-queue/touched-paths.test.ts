import { describe, expect, it } from 'vitest';
import { mayConflict, type TouchedPaths } from '../../../src-main/engine/merge-queue/touched-paths';

function touched(...files: string[]): TouchedPaths {
  const dirs = new Set<string>();
  for (const f of files) for (let at = f.indexOf('/'); at > 0; at = f.indexOf('/', at + 1)) dirs.add(f.slice(0, at));
  return { files: new Set(files), dirs };
}

describe('which branch pairs the merge queue must check', () => {
  it('checks pairs that change the same file, or a file where the other has a folder', () => {
    expect(mayConflict(touched('src/a.ts'), touched('src/a.ts', 'README.md'))).toBe(true);
    expect(mayConflict(touched('docs'), touched('docs/guide.md'))).toBe(true); // file/directory
    expect(mayConflict(touched('docs/guide.md'), touched('docs'))).toBe(true);
  });

  it('skips pairs whose changes cannot meet, even in the same folder', () => {
    expect(mayConflict(touched('src/a.ts'), touched('src/b.ts'))).toBe(false);
    expect(mayConflict(touched(), touched('x'))).toBe(false);
  });

  it('checks every pair when git could not list a branch', () => {
    expect(mayConflict(null, touched('x'))).toBe(true);
    expect(mayConflict(touched('x'), null)).toBe(true);
  });
});

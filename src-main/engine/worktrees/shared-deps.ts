// Heavy dependency folders (node_modules, target, .venv) are shared with a new worktree by a symlink
// to the base checkout's folder while both sides have the same lockfiles (spec §5.3). A symlink that
// git would report as untracked is taken back, so sharing never makes a worktree look dirty.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Git } from './git';

interface DependencyDir {
  dir: string;
  /** Files whose content decides whether two checkouts can share `dir`; one must exist. */
  lockfiles: string[];
  /** Files that must also exist in the base checkout. */
  requires: string[];
}

const CANDIDATES: DependencyDir[] = [
  { dir: 'node_modules', lockfiles: ['pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'yarn.lock', 'package-lock.json'], requires: ['package.json'] },
  { dir: 'target', lockfiles: ['Cargo.lock'], requires: ['Cargo.toml'] },
  {
    dir: '.venv',
    lockfiles: ['uv.lock', 'poetry.lock', 'Pipfile.lock', 'requirements.txt', 'pyproject.toml', 'setup.py', 'setup.cfg'],
    requires: [],
  },
];

function fingerprint(root: string, files: string[]): string | null {
  const hash = createHash('sha256');
  let any = false;
  for (const f of files) {
    const p = join(root, f);
    if (!existsSync(p)) continue;
    any = true;
    hash.update(f).update('\0').update(readFileSync(p)).update('\0');
  }
  return any ? hash.digest('hex') : null;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export interface SharedDirsResult {
  shared: string[];
  /** Why a folder was not shared, for the session log. */
  warnings: string[];
}

export async function syncSharedDependencyDirs(git: Git, baseCheckout: string, worktreePath: string): Promise<SharedDirsResult> {
  const result: SharedDirsResult = { shared: [], warnings: [] };
  for (const c of CANDIDATES) {
    const source = join(baseCheckout, c.dir);
    const target = join(worktreePath, c.dir);
    if (!existsSync(source) || c.requires.some((f) => !existsSync(join(baseCheckout, f)))) continue;
    const base = fingerprint(baseCheckout, c.lockfiles);
    const same = base !== null && base === fingerprint(worktreePath, c.lockfiles);
    if (!same) {
      // The worktree's dependencies diverged: a stale link would hand it the wrong packages.
      if (isSymlink(target)) {
        rmSync(target, { force: true });
        mkdirSync(target);
      }
      continue;
    }
    if (existsSync(target) || isSymlink(target)) continue;
    try {
      symlinkSync(source, target, 'dir');
    } catch (error) {
      result.warnings.push(`could not share ${c.dir}: ${(error as Error).message}`);
      continue;
    }
    // `node_modules/` in .gitignore matches directories only, not a symlink of that name.
    const status = await git.run(worktreePath, ['status', '--porcelain', '--', c.dir]);
    if (status.code !== 0 || status.stdout.trim() !== '') {
      rmSync(target, { force: true });
      result.warnings.push(`did not share ${c.dir}: git would list the link as untracked; add "${c.dir}" (without a trailing slash) to .gitignore to share it`);
      continue;
    }
    result.shared.push(c.dir);
  }
  return result;
}

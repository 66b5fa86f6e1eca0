// Which file an activity entry is about, across worktrees: each session edits its own copy, so
// `<worktree>/src/a.ts` of one session and `<repo>/src/a.ts` of another are the same file of the
// same repository (they would collide at merge). Paths inside a session's worktree are mapped to
// the main checkout's path; anything else stays as recorded.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileActivityEntry } from '../model';

interface Mapping {
  worktree: string;
  repo: string;
}

/** Main checkouts by worktree folder, kept across ticks: a worktree does not change repository. */
const known = new Map<string, string>();
const KNOWN_MAX = 4096;

/** The main checkout of a linked worktree, from its `.git` file ("gitdir: <repo>/.git/worktrees/<name>"). */
function mainCheckoutOf(worktree: string): string | null {
  const cached = known.get(worktree);
  if (cached) return cached;
  const found = readMainCheckout(worktree);
  if (found) {
    if (known.size >= KNOWN_MAX) known.clear();
    known.set(worktree, found);
  }
  return found;
}

function readMainCheckout(worktree: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(worktree, '.git'), 'utf8');
  } catch {
    return null; // removed, or not a linked worktree
  }
  const gitdir = /^gitdir:\s*(.+)$/m.exec(text)?.[1]?.trim();
  if (!gitdir) return null;
  const abs = resolve(worktree, gitdir);
  // <repo>/.git/worktrees/<name> → <repo>
  const dotGit = dirname(dirname(abs));
  return dotGit.endsWith(`${sep}.git`) ? dirname(dotGit) : null;
}

/** Maps entries to the repository file they are about; caches each session's mapping for one pass. */
export function createConflictPathResolver(worktreeOf: (sessionId: string) => string | null): (e: FileActivityEntry) => string {
  const cache = new Map<string, Mapping | null>();
  const mappingOf = (sessionId: string): Mapping | null => {
    if (cache.has(sessionId)) return cache.get(sessionId) ?? null;
    const worktree = worktreeOf(sessionId);
    const repo = worktree ? mainCheckoutOf(worktree) : null;
    const mapping = worktree && repo ? { worktree, repo } : null;
    cache.set(sessionId, mapping);
    return mapping;
  };
  return (e) => {
    const m = mappingOf(e.sessionId);
    if (!m || !isAbsolute(e.path)) return e.path;
    const rel = relative(m.worktree, e.path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return e.path;
    return join(m.repo, rel);
  };
}

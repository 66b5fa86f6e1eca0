// Paces the daemon's automatic prune. Examining a worktree costs git processes, and a finished
// session that keeps unmerged work would be examined again every tick, so git work per tick would
// grow with the number of finished sessions. Instead, each tick looks at a few candidates in turn
// (the ones looked at longest ago first): a cheap fingerprint read from the files git keeps (the
// branch's and base's refs, the worktree's HEAD and index, the folder itself) says whether anything
// that could change the verdict moved since the worktree was last kept; only then, or after
// RECHECK_MS, is it examined with git, at most `examinePerTick` times a tick.
//
// Skipping only ever delays a removal: removing still goes through the full check.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WorktreeInfo } from '../model';

/** A kept worktree whose fingerprint never moves is still examined this often (files deep inside can change). */
const RECHECK_MS = 6 * 60 * 60 * 1000;

interface Memo {
  /** Turn at which this candidate was last looked at (fingerprint read). */
  lookedAt: number;
  /** Fingerprint when git last kept it, and when. */
  keptPrint?: string | null;
  keptAt?: number;
  /** Fingerprint read this turn, for kept(). */
  print?: string | null;
}

export class PrunePace {
  private readonly memo = new Map<string, Memo>();
  private turn = 0;
  private nowMs = 0;

  constructor(
    readonly examinePerTick: number,
    readonly lookPerTick = 32,
  ) {}

  /** The candidates to examine with git now; the others wait (or did not change since kept). */
  choose(candidates: { id: string; worktree: WorktreeInfo }[], nowMs: number): string[] {
    this.turn += 1;
    this.nowMs = nowMs;
    const ids = new Set(candidates.map((c) => c.id));
    for (const id of this.memo.keys()) if (!ids.has(id)) this.memo.delete(id); // gone, or active again
    const order = [...candidates].sort((a, b) => (this.memo.get(a.id)?.lookedAt ?? -1) - (this.memo.get(b.id)?.lookedAt ?? -1));
    const chosen: string[] = [];
    for (const c of order.slice(0, this.lookPerTick)) {
      if (chosen.length >= this.examinePerTick) break;
      const memo = this.memo.get(c.id) ?? { lookedAt: 0 };
      memo.lookedAt = this.turn;
      memo.print = worktreeFingerprint(c.worktree);
      this.memo.set(c.id, memo);
      const unchanged = memo.print !== null && memo.print === memo.keptPrint && nowMs - (memo.keptAt ?? 0) < RECHECK_MS;
      if (!unchanged) chosen.push(c.id);
    }
    return chosen;
  }

  /** The examined candidate was kept: until its fingerprint moves, it need not be examined again. */
  kept(id: string): void {
    const memo = this.memo.get(id);
    if (!memo) return;
    memo.keptPrint = memo.print ?? null;
    memo.keptAt = this.nowMs;
  }
}

function stamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return '-';
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '-';
  }
}

/** What git's verdict on a linked worktree depends on, read without running git; null if unreadable. */
export function worktreeFingerprint(wt: WorktreeInfo): string | null {
  const pointer = /^gitdir:\s*(.+)$/m.exec(read(join(wt.path, '.git')))?.[1]?.trim();
  if (!pointer) return null;
  const gitdir = resolve(wt.path, pointer);
  const commondir = read(join(gitdir, 'commondir'));
  if (commondir === '-') return null;
  const common = resolve(gitdir, commondir);
  return [
    read(join(gitdir, 'HEAD')),
    stamp(join(gitdir, 'index')),
    stamp(wt.path),
    read(join(common, 'refs', 'heads', ...wt.branch.split('/'))),
    read(join(common, 'refs', 'heads', ...wt.baseBranch.split('/'))),
    stamp(join(common, 'packed-refs')),
  ].join('|');
}

// New files an agent created but nobody has added yet. `git diff` leaves them out, yet they are
// part of the work: the stats, previews and dirty checks all count them. Ignored files are not.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Git } from './git';
import { gitOk } from './git';

/** Untracked, non-ignored files (relative paths). Independent of status.showUntrackedFiles. */
export async function untrackedFiles(git: Git, dir: string): Promise<string[]> {
  const out = await gitOk(git, dir, ['--no-optional-locks', 'ls-files', '--others', '--exclude-standard', '-z'], 'git ls-files');
  return out.split('\0').filter(Boolean);
}

const SNIFF_BYTES = 8000;
const COUNT_LIMIT = 16 * 1024 * 1024;

/** Lines in a new file as git counts them (a last line without "\n" counts); null for binary. */
function lineCount(path: string): number | null {
  const size = statSync(path).size;
  if (size === 0) return 0;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, COUNT_LIMIT));
    const read = readSync(fd, buf, 0, buf.length, 0);
    const data = buf.subarray(0, read);
    // git's binary heuristic: a NUL in the first 8000 bytes.
    if (data.subarray(0, SNIFF_BYTES).includes(0)) return null;
    let lines = 0;
    for (const byte of data) if (byte === 10) lines++;
    if (data[data.length - 1] !== 10) lines++;
    return lines;
  } finally {
    closeSync(fd);
  }
}

export interface NumStat {
  files: number;
  insertions: number;
  deletions: number;
}

/** Adds the new files to `--numstat` totals of tracked changes. */
export function addUntrackedStats(dir: string, files: string[], tracked: NumStat): NumStat {
  const out = { ...tracked };
  for (const file of files) {
    let lines: number | null = 0;
    try {
      lines = lineCount(join(dir, file));
    } catch {
      continue; // vanished or unreadable since it was listed
    }
    out.files += 1;
    out.insertions += lines ?? 0;
  }
  return out;
}

/** Totals from `git diff --numstat` output ("-" counts for binary files). */
export function parseNumstat(text: string): NumStat {
  const out: NumStat = { files: 0, insertions: 0, deletions: 0 };
  for (const line of text.split('\n')) {
    const [ins, del] = line.split('\t');
    if (ins === undefined || del === undefined) continue;
    out.files += 1;
    out.insertions += Number(ins) || 0;
    out.deletions += Number(del) || 0;
  }
  return out;
}

/** git's --shortstat sentence: "2 files changed, 3 insertions(+), 1 deletion(-)"; "" for nothing. */
export function formatShortstat(s: NumStat): string {
  if (s.files === 0) return '';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [plural(s.files, 'file changed', 'files changed')];
  if (s.insertions > 0 || s.deletions === 0) parts.push(`${plural(s.insertions, 'insertion(+)', 'insertions(+)')}`);
  if (s.deletions > 0) parts.push(`${plural(s.deletions, 'deletion(-)', 'deletions(-)')}`);
  return parts.join(', ');
}

/** The patch of each new file (as `git diff` would show it once added), for previews. */
export async function untrackedPatch(git: Git, dir: string, files: string[]): Promise<string> {
  const parts = await Promise.all(
    files.map(async (file) => {
      const r = await git.run(dir, ['--no-optional-locks', 'diff', '--no-color', '--no-ext-diff', '--no-index', '--', '/dev/null', file]);
      // --no-index exits 1 when the files differ, which is always the case here.
      return r.code <= 1 ? r.stdout : '';
    }),
  );
  return parts.join('');
}

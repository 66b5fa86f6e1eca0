// Side-by-side rows of a hunk: context on both sides, and each run of deleted lines paired with the
// added lines that follow it (a changed line shows old left, new right; the longer run leaves blanks).
import type { DiffLine } from '../../../../src-main/api/ops-board';

export interface SplitRow {
  left: DiffLine | null;
  right: DiffLine | null;
}

export function splitRows(lines: readonly DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) rows.push({ left: dels[i] ?? null, right: adds[i] ?? null });
    dels = [];
    adds = [];
  };
  for (const line of lines) {
    if (line.kind === 'context') {
      flush();
      rows.push({ left: line, right: line });
    } else if (line.kind === 'del') {
      // A deletion after additions starts a new change block.
      if (adds.length) flush();
      dels.push(line);
    } else adds.push(line);
  }
  flush();
  return rows;
}

/** "+12 −3" with a real minus sign. */
export function churn(additions: number, deletions: number): string {
  return `+${additions} −${deletions}`;
}

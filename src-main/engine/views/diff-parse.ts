// Parses `git diff` patch output into files, hunks and numbered lines for the diff view.

export type DiffFileStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface DiffLine {
  kind: 'context' | 'add' | 'del';
  /** Line number in the old file (null for an added line). */
  oldNo: number | null;
  /** Line number in the new file (null for a deleted line). */
  newNo: number | null;
  text: string;
}

export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}

export interface DiffFile {
  path: string;
  /** The path before a rename. */
  oldPath?: string;
  status: DiffFileStatus;
  additions: number;
  deletions: number;
  binary: boolean;
  hunks: DiffHunk[];
}

/** Git's C-style quoted path ("a/t\303\251st") as text. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `--- a/x` / `+++ b/x` path without its prefix; null for /dev/null. */
function sidePath(raw: string): string | null {
  const p = unquote(raw.replace(/\t$/, ''));
  if (p === '/dev/null') return null;
  return p.replace(/^[ab]\//, '');
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parseUnifiedDiff(patch: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | null = null;
  let hunk: DiffHunk | null = null;
  let oldNo = 0;
  let newNo = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      // Paths come from the ---/+++ and rename lines; this header is only a fallback.
      const m = /^diff --git (?:"?a\/)(.+?)"? (?:"?b\/)(.+?)"?$/.exec(line);
      file = { path: m?.[2] ?? '', status: 'modified', additions: 0, deletions: 0, binary: false, hunks: [] };
      if (m?.[1] && m[1] !== m[2]) file.oldPath = m[1];
      files.push(file);
      hunk = null;
      continue;
    }
    if (!file) continue;
    if (hunk) {
      const c = line[0];
      if (c === ' ' || c === '+' || c === '-') {
        const text = line.slice(1);
        if (c === ' ') hunk.lines.push({ kind: 'context', oldNo: oldNo++, newNo: newNo++, text });
        else if (c === '+') {
          hunk.lines.push({ kind: 'add', oldNo: null, newNo: newNo++, text });
          file.additions += 1;
        } else {
          hunk.lines.push({ kind: 'del', oldNo: oldNo++, newNo: null, text });
          file.deletions += 1;
        }
        continue;
      }
      if (line.startsWith('\\')) continue; // "\ No newline at end of file"
      hunk = null;
    }
    const h = HUNK.exec(line);
    if (h) {
      hunk = { header: line, lines: [] };
      oldNo = Number(h[1]);
      newNo = Number(h[2]);
      file.hunks.push(hunk);
    } else if (line.startsWith('new file mode')) file.status = 'added';
    else if (line.startsWith('deleted file mode')) file.status = 'deleted';
    else if (line.startsWith('rename from ')) {
      file.status = 'renamed';
      file.oldPath = unquote(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) file.path = unquote(line.slice('rename to '.length));
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
    else if (line.startsWith('--- ')) {
      const p = sidePath(line.slice(4));
      if (p !== null && file.status !== 'renamed') file.oldPath = p === file.path ? undefined : p;
    } else if (line.startsWith('+++ ')) {
      const p = sidePath(line.slice(4));
      if (p !== null) file.path = p;
    }
  }
  for (const f of files) {
    if (f.status !== 'renamed') delete f.oldPath;
    if (f.status === 'deleted' && f.path === '' && f.oldPath) f.path = f.oldPath;
  }
  return files;
}

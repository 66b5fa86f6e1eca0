// The files an apply_patch call touches, from the patch's own file headers (Codex's patch format:
// `*** Add File: p`, `*** Update File: p` optionally followed by `*** Move to: q`, `*** Delete File: p`).
import path from 'node:path';
import type { SessionEvent } from '../events';

type FileAction = Extract<SessionEvent, { kind: 'file' }>['action'];

export interface PatchedFile {
  path: string;
  action: FileAction;
}

const HEADER = /^\*\*\* (Add|Update|Delete) File: (.+)$/;
const MOVE = /^\*\*\* Move to: (.+)$/;
const ACTION: Record<string, FileAction> = { Add: 'create', Update: 'modify', Delete: 'delete' };

/** Relative paths are resolved against `cwd` (Codex's working directory for the call). */
export function patchedFiles(patch: string, cwd: string | null): PatchedFile[] {
  const abs = (p: string) => (path.isAbsolute(p) || !cwd ? p : path.resolve(cwd, p));
  const out: PatchedFile[] = [];
  for (const raw of patch.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const header = HEADER.exec(line);
    if (header?.[1] && header[2]) {
      out.push({ path: abs(header[2].trim()), action: ACTION[header[1]]! });
      continue;
    }
    const move = MOVE.exec(line);
    const last = out[out.length - 1];
    // A rename: the old path is gone and the new one holds the edited content.
    if (move?.[1] && last?.action === 'modify') {
      last.action = 'delete';
      out.push({ path: abs(move[1].trim()), action: 'create' });
    }
  }
  return out;
}

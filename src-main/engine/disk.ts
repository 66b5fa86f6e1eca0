// Free space, for errors that must say how full the disk is (a session log or the database that
// could not be written).
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bytes an unprivileged user may still write on the file system holding `path` (or its folder); null if unknown. */
export function freeBytes(path: string): number | null {
  for (const probe of [path, dirname(path)]) {
    try {
      const st = statfsSync(probe);
      return Number(st.bavail) * Number(st.bsize);
    } catch {
      // try the folder: the file itself may not exist
    }
  }
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** "the disk holding PATH is full (12 KB free)" — the same words wherever a write ran out of space. */
export function diskFullMessage(path: string): string {
  const free = freeBytes(path);
  return `the disk holding ${path} is full (${free === null ? 'free space unknown' : `${formatBytes(free)} free`}); free some space there, then resume the session`;
}

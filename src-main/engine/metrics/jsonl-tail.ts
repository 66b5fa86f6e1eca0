// Reads only what was appended to a JSONL file since the last read. Hooks append to these
// files for the whole life of a project, so re-parsing them on every dashboard tick would grow
// without bound. A (size, mtime) signature skips unchanged files without reading; a byte offset
// resumes after the last complete line (a half-written last line waits for the next read).
import fs from 'node:fs';

export interface TailCursor {
  offset: number;
  size: number;
  mtimeMs: number;
  /** Inode (where the platform has one), to notice a file replaced by a new one. */
  ino: number;
}

export interface TailRead {
  lines: string[];
  /** True when the file shrank or was replaced, so reading restarted from the beginning. */
  restarted: boolean;
}

const EMPTY_CURSOR: TailCursor = { offset: 0, size: -1, mtimeMs: -1, ino: -1 };

export class JsonlTail {
  private cursor: TailCursor;

  constructor(
    readonly path: string,
    cursor?: TailCursor,
  ) {
    this.cursor = cursor ? { ...cursor } : { ...EMPTY_CURSOR };
  }

  /** Where the next read resumes; persist it to survive a restart. */
  position(): TailCursor {
    return { ...this.cursor };
  }

  /** The complete lines appended since the last call ([] for a missing or unchanged file). */
  readNew(): TailRead {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.path);
    } catch {
      return { lines: [], restarted: false };
    }
    const { size, mtimeMs, ino } = stat;
    if (size === this.cursor.size && mtimeMs === this.cursor.mtimeMs && ino === this.cursor.ino) return { lines: [], restarted: false };
    let restarted = false;
    if (size < this.cursor.offset || (this.cursor.ino !== -1 && ino !== this.cursor.ino)) {
      this.cursor.offset = 0;
      restarted = true;
    }
    const lines: string[] = [];
    if (size > this.cursor.offset) {
      const buf = Buffer.alloc(size - this.cursor.offset);
      const fd = fs.openSync(this.path, 'r');
      let read = 0;
      try {
        while (read < buf.length) {
          const n = fs.readSync(fd, buf, read, buf.length - read, this.cursor.offset + read);
          if (n === 0) break;
          read += n;
        }
      } finally {
        fs.closeSync(fd);
      }
      // A newline byte never occurs inside a multi-byte UTF-8 character, so cutting there is safe.
      const end = buf.subarray(0, read).lastIndexOf(0x0a);
      if (end >= 0) {
        for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
          if (line.trim() !== '') lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
        }
        this.cursor.offset += end + 1;
      }
    }
    this.cursor.size = size;
    this.cursor.mtimeMs = mtimeMs;
    this.cursor.ino = ino;
    return { lines, restarted };
  }
}

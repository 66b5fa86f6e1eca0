// The log writer on a real full disk (a small tmpfs): both ways it can run out of room end in one
// RunnerError('disk_full') that names the log and the free space.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { RunnerError } from '../../../src-main/engine/runner';
import { LogWriter } from '../../../src-main/engine/runner/log-writer';
import { makeTempDir } from './helpers';

let dir: string;
let cleanup: () => void;
let mounted: string | null = null;
beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => {
  // A file still open after a failed assertion keeps the mount busy: detach it lazily then.
  if (mounted) {
    try {
      execFileSync('umount', [mounted], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', mounted]);
    }
  }
  mounted = null;
  cleanup();
});

function smallDisk(ctx: TestContext): string {
  const mnt = join(dir, 'disk');
  mkdirSync(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'pipe' });
  } catch (error) {
    ctx.skip(`cannot mount a 2 MB tmpfs to fill (needs root and mount permission): ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
  }
  mounted = mnt;
  return mnt;
}

function fill(mnt: string): void {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k'], { stdio: 'pipe' });
  } catch {
    // dd ends with ENOSPC: the disk is now full
  }
}

const MESSAGE = /^disk full: the session log .*\/logs\/s\.log could not be appended \((\d+ B|\d+ KB) free on its disk, the last 512 KB kept for the database\); the agent was stopped\. Free some space there, then resume the session\.$/;

describe('the session log on a full disk', () => {
  it('stops short of the reserve it keeps for the database', async (ctx) => {
    const mnt = smallDisk(ctx);
    const failures: Error[] = [];
    const log = await LogWriter.open(join(mnt, 'logs', 's.log'), (e) => failures.push(e));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 64 && failures.length === 0; i++) {
      log.append(chunk);
      await log.nextFlush();
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(RunnerError);
    expect(failures[0]).toMatchObject({ code: 'disk_full' });
    expect(failures[0]!.message).toMatch(MESSAGE);
    await log.end();
    await log.closeReader();
  });

  it('names the log and the free space when a write itself fails with ENOSPC', async (ctx) => {
    const mnt = smallDisk(ctx);
    const failures: Error[] = [];
    const log = await LogWriter.open(join(mnt, 'logs', 's.log'), (e) => failures.push(e));
    log.append(Buffer.from('first line\n')); // free space is looked at here ...
    await log.nextFlush();
    fill(mnt); // ... then something else takes the rest of the disk
    log.append(Buffer.alloc(32 * 1024, 0x62)); // under the 64 KB between looks: this write hits ENOSPC
    await log.nextFlush();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'disk_full' });
    expect(failures[0]!.message).toMatch(MESSAGE);
    expect((failures[0]!.cause as { code?: string }).code).toBe('ENOSPC');
    await log.end();
    await log.closeReader();
  });
});

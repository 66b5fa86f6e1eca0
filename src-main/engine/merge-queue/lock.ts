// One checked-queue run at a time per data home: the daemon's tick, a CLI `merge-queue --apply` and
// the app may all land branches, and two of them would share (and remove) each other's scratch
// worktrees or test against a base the other is moving. The lock is a file holding the owner's pid
// (a dead owner's lock is taken over); within one process, calls queue up, and a call made inside
// the locked section (landBranch inside the queue) runs at once.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { WorktreeError } from '../worktrees/errors';
import { mergeChecksDir } from './scratch';

/** Another process holds the lock: an expected outcome (the daemon skips its step, the CLI says so). */
export class QueueBusyError extends WorktreeError {
  constructor(message: string) {
    super(message);
    this.name = 'QueueBusyError';
  }
}

const inside = new AsyncLocalStorage<true>();
let chain: Promise<unknown> = Promise.resolve();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquire(file: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new QueueBusyError(`another merge-queue run (pid ${owner}) is checking or landing branches; wait for it to finish, then retry`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new WorktreeError(`could not take the merge-queue lock ${file}; remove it if no Switchyard is running, then retry`);
}

export async function withQueueLock<T>(home: string, fn: () => Promise<T>): Promise<T> {
  if (inside.getStore()) return fn();
  const run = async (): Promise<T> => {
    const dir = mergeChecksDir(home);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, 'queue.lock');
    acquire(file);
    try {
      return await inside.run(true, fn);
    } finally {
      rmSync(file, { force: true });
    }
  };
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}

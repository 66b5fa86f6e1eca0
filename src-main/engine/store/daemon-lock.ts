// The daemon lock: one row naming the daemon that owns this database (so this data home).
import type { StoreContext } from './context';

export interface DaemonLockHolder {
  pid: number;
  host: string;
  owner: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export interface DaemonLockRequest {
  pid: number;
  host: string;
  owner: string;
  /** Whether the current holder is gone (its pid is dead, or its heartbeat is too old). */
  isStale(holder: DaemonLockHolder): boolean;
}

export type DaemonLockResult = { acquired: true; replaced: DaemonLockHolder | null } | { acquired: false; holder: DaemonLockHolder };

interface LockRow {
  pid: number;
  host: string;
  owner: string;
  acquired_at: string;
  heartbeat_at: string;
}

const toHolder = (r: LockRow): DaemonLockHolder => ({
  pid: r.pid,
  host: r.host,
  owner: r.owner,
  acquiredAt: r.acquired_at,
  heartbeatAt: r.heartbeat_at,
});

export function daemonLockOps(ctx: StoreContext) {
  const read = (): DaemonLockHolder | null => {
    const row = ctx.stmt('SELECT * FROM daemon_lock WHERE id = 1').get() as LockRow | undefined;
    return row ? toHolder(row) : null;
  };
  return {
    getDaemonLock(): DaemonLockHolder | null {
      return ctx.read(read);
    },

    /** Takes the lock when it is free, stale, or already ours; one BEGIN IMMEDIATE, so two daemons cannot both win. */
    acquireDaemonLock(req: DaemonLockRequest): DaemonLockResult {
      return ctx.write(() => {
        const holder = read();
        const ours = holder !== null && holder.pid === req.pid && holder.host === req.host;
        if (holder && !ours && !req.isStale(holder)) return { acquired: false as const, holder };
        const now = ctx.now();
        ctx
          .stmt(
            `INSERT INTO daemon_lock (id, pid, host, owner, acquired_at, heartbeat_at) VALUES (1, @pid, @host, @owner, @now, @now)
             ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host, owner = excluded.owner,
               acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
          )
          .run({ pid: req.pid, host: req.host, owner: req.owner, now });
        return { acquired: true as const, replaced: holder && !ours ? holder : null };
      });
    },

    /** Refreshes our heartbeat; false when the lock is no longer ours (another daemon took it over). */
    heartbeatDaemonLock(pid: number, host: string): boolean {
      return (
        ctx.write(() =>
          ctx.stmt('UPDATE daemon_lock SET heartbeat_at = ? WHERE id = 1 AND pid = ? AND host = ?').run(ctx.now(), pid, host),
        ).changes > 0
      );
    },

    releaseDaemonLock(pid: number, host: string): boolean {
      return ctx.write(() => ctx.stmt('DELETE FROM daemon_lock WHERE id = 1 AND pid = ? AND host = ?').run(pid, host)).changes > 0;
    },
  };
}

export type DaemonLockOps = ReturnType<typeof daemonLockOps>;

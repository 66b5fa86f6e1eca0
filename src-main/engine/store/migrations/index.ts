// Ordered schema migrations. Append new ones; never edit one that has shipped.
import type Database from 'better-sqlite3';
import { withLockRetry, DEFAULT_LOCK_RETRY_MS } from '../retry';
import { migration001 } from './001-ecc2-tables';
import { migration002 } from './002-switchyard-additions';
import { migration003 } from './003-orchestration';
import { migration004 } from './004-view-history';
import { migration005 } from './005-outcomes';
import { migration006 } from './006-spend-ledger';
import { migration007 } from './007-merge-checks';
import type { Migration } from './types';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007];

export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

const CREATE_VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/** The highest applied migration, 0 for an empty database. */
export function currentSchemaVersion(db: Database.Database): number {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`)
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

function tooNewError(dbPath: string, found: number): Error {
  return new Error(
    `The database ${dbPath} has schema version ${found}, but this Switchyard only knows versions up to ` +
      `${SCHEMA_VERSION}. It was written by a newer Switchyard: upgrade Switchyard to open it.`,
  );
}

/**
 * Brings the database up to `targetVersion` (default: the latest), one migration per
 * BEGIN IMMEDIATE transaction. The version is re-read inside each transaction, so two processes
 * opening a fresh file at once apply every migration exactly once.
 */
export function migrate(
  db: Database.Database,
  targetVersion: number = SCHEMA_VERSION,
  lockRetryMs: number = DEFAULT_LOCK_RETRY_MS,
): number {
  const retry = { budgetMs: lockRetryMs, dbPath: db.name };
  const found = withLockRetry(() => currentSchemaVersion(db), retry);
  if (found > SCHEMA_VERSION) throw tooNewError(db.name, found);
  for (const migration of MIGRATIONS) {
    if (migration.version <= found || migration.version > targetVersion) continue;
    const apply = db.transaction(() => {
      db.exec(CREATE_VERSION_TABLE);
      const now = currentSchemaVersion(db);
      if (now > SCHEMA_VERSION) throw tooNewError(db.name, now);
      if (now >= migration.version) return; // another process got here first
      migration.up(db);
      db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    });
    withLockRetry(() => apply.immediate(), retry);
  }
  return withLockRetry(() => currentSchemaVersion(db), retry);
}

// Read-only look at a database file (for `switchyard doctor`): never creates or migrates it.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { currentSchemaVersion, SCHEMA_VERSION } from './migrations';

export interface DatabaseInspection {
  exists: boolean;
  /** The applied schema version; null when the file does not exist or cannot be read. */
  schemaVersion: number | null;
  /** True when this build can open it (same or older schema, which it would migrate). */
  compatible: boolean;
  error: string | null;
}

export function inspectDatabase(dbPath: string): DatabaseInspection {
  if (!existsSync(dbPath)) return { exists: false, schemaVersion: null, compatible: true, error: null };
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const version = currentSchemaVersion(db);
    const compatible = version <= SCHEMA_VERSION;
    return {
      exists: true,
      schemaVersion: version,
      compatible,
      error: compatible
        ? null
        : `schema version ${version} is newer than this build's ${SCHEMA_VERSION}; upgrade Switchyard`,
    };
  } catch (err) {
    return { exists: true, schemaVersion: null, compatible: false, error: `cannot read ${dbPath}: ${(err as Error).message}` };
  } finally {
    db?.close();
  }
}

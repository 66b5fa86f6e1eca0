// Read-only look at a database file (for `switchyard doctor`): never creates or migrates it.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { currentSchemaVersion, SCHEMA_VERSION } from './migrations';
import { storeErrorMessage } from './sqlite-errors';

export interface DatabaseInspection {
  exists: boolean;
  /** The applied schema version; null when the file does not exist or cannot be read. */
  schemaVersion: number | null;
  /** True when this build can open it (same or older schema, which it would migrate). */
  compatible: boolean;
  /** `PRAGMA quick_check`: 'ok', 'damaged' (problems lists what SQLite found), or null when not run. */
  integrity: 'ok' | 'damaged' | null;
  problems: string[];
  error: string | null;
}

const MAX_PROBLEMS = 20;

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}

export function inspectDatabase(dbPath: string): DatabaseInspection {
  const none = { schemaVersion: null, integrity: null, problems: [] };
  if (!existsSync(dbPath)) return { exists: false, ...none, compatible: true, error: null };
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    // quick_check reads every page (without cross-checking indexes): a page overwritten in the
    // middle of the file shows up here, though the header and schema still read fine.
    const rows = db.pragma(`quick_check(${MAX_PROBLEMS})`) as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
    if (problems.length > 0) {
      return { exists: true, ...none, integrity: 'damaged', problems, compatible: false, error: storeErrorMessage('corrupt', dbPath, problems[0] as string) };
    }
    const version = currentSchemaVersion(db);
    const compatible = version <= SCHEMA_VERSION;
    return {
      exists: true,
      schemaVersion: version,
      compatible,
      integrity: 'ok',
      problems: [],
      error: compatible ? null : `schema version ${version} is newer than this build's ${SCHEMA_VERSION}; upgrade Switchyard`,
    };
  } catch (err) {
    const message = (err as Error).message;
    if (isCorruption(err)) {
      return { exists: true, ...none, integrity: 'damaged', problems: [message], compatible: false, error: storeErrorMessage('corrupt', dbPath, message) };
    }
    return { exists: true, ...none, compatible: false, error: `cannot read ${dbPath}: ${message}` };
  } finally {
    db?.close();
  }
}

// Which project `switchyard.toml` files the user trusts (like `direnv allow`): a cloned repository's
// file can run shell commands and choose which programs run, so it is applied only once the user
// trusted exactly that content. Records live in `<home>/trusted-configs.json` (absolute path +
// sha256 of the bytes), not in the database: the database path itself comes from the config, so
// the loader has to decide trust before any store can be opened.
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, isTable } from './errors';
import { lazyCrypto, sha256Hex } from '../lazy-crypto';

export const TRUST_FILE_NAME = 'trusted-configs.json';

export interface TrustRecord {
  /** Canonical absolute path (symlinks resolved). */
  path: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  trustedAt: string;
}

/** `trusted`: applied. `untrusted`: never trusted. `changed`: trusted once, but the content differs now. */
export type ProjectTrustState = 'trusted' | 'untrusted' | 'changed';

export interface TrustStore {
  records: TrustRecord[];
  /** Why the file could not be used (then no project file counts as trusted). */
  problem?: string;
}

export function trustStorePath(home: string): string {
  return join(resolve(home), TRUST_FILE_NAME);
}

export function hashConfigBytes(bytes: Uint8Array | string): string {
  return sha256Hex(bytes);
}

/** The path a record is keyed by: absolute, with symlinks resolved when the file exists. */
export function canonicalConfigPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

function isRecord(value: unknown): value is TrustRecord {
  return isTable(value) && typeof value['path'] === 'string' && typeof value['sha256'] === 'string' && typeof value['trustedAt'] === 'string';
}

/** Reads the trust records; a missing file means none, an unreadable one is reported in `problem`. */
export function readTrustStore(home: string): TrustStore {
  const file = trustStorePath(home);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { records: [] };
    return { records: [], problem: `${file}: cannot read the trusted config list: ${(error as Error).message}` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { records: [], problem: `${file}: the trusted config list is not valid JSON (${(error as Error).message})` };
  }
  const files = isTable(doc) ? doc['files'] : undefined;
  if (!Array.isArray(files) || !files.every(isRecord)) {
    return { records: [], problem: `${file}: the trusted config list should be {"version": 1, "files": [{"path", "sha256", "trustedAt"}]}` };
  }
  return { records: files };
}

export function trustStateOf(store: TrustStore, path: string, sha256: string): ProjectTrustState {
  const canonical = canonicalConfigPath(path);
  const record = store.records.find((r) => r.path === canonical);
  if (!record) return 'untrusted';
  return record.sha256 === sha256 ? 'trusted' : 'changed';
}

/** Writes the records atomically (temp file + rename), readable by the user only. */
function writeTrustStore(home: string, records: TrustRecord[]): void {
  const file = trustStorePath(home);
  mkdirSync(resolve(home), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${lazyCrypto().randomBytes(4).toString('hex')}.tmp`;
  const sorted = [...records].sort((a, b) => a.path.localeCompare(b.path));
  try {
    writeFileSync(tmp, `${JSON.stringify({ version: 1, files: sorted }, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600); // in case the file existed with looser bits
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** The records for an update; a broken list is not silently replaced (it may be the user's edit). */
function recordsForUpdate(home: string): TrustRecord[] {
  const store = readTrustStore(home);
  if (store.problem) {
    throw new ConfigError(`${store.problem}; fix the file or delete it (then trust your project files again)`, { file: trustStorePath(home) });
  }
  return store.records;
}

/** Trusts `path` with exactly the content whose hash is `sha256` (replacing an older record). */
export function recordTrust(home: string, path: string, sha256: string, now: Date = new Date()): TrustRecord {
  const record: TrustRecord = { path: canonicalConfigPath(path), sha256, trustedAt: now.toISOString() };
  const records = recordsForUpdate(home).filter((r) => r.path !== record.path);
  writeTrustStore(home, [...records, record]);
  return record;
}

/** Forgets `path`; false when it was not trusted. */
export function revokeTrust(home: string, path: string): boolean {
  const canonical = canonicalConfigPath(path);
  const records = recordsForUpdate(home);
  const kept = records.filter((r) => r.path !== canonical && r.path !== resolve(path));
  if (kept.length === records.length) return false;
  writeTrustStore(home, kept);
  return true;
}

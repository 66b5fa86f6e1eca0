// Reviewing and trusting one project switchyard.toml: what `switchyard trust` and the app's trust
// prompt show (the keys that run code) and record (the hash of exactly the bytes reviewed).
import { basename, resolve } from 'node:path';
import { ConfigError } from './errors';
import { executableKeys, type ExecutableKey } from './executable';
import { parseConfigLayer, PROJECT_CONFIG_NAME, readConfigFile } from './load';
import { canonicalConfigPath, hashConfigBytes, readTrustStore, recordTrust, trustStateOf, type ProjectTrustState, type TrustRecord } from './trust';

export interface ProjectConfigReview {
  path: string;
  sha256: string;
  trust: ProjectTrustState;
  keys: ExecutableKey[];
  /** Why the file cannot be applied as it is (TOML syntax, a bad value): it must be fixed first. */
  error: string | null;
}

export type TrustOutcome =
  | { ok: true; review: ProjectConfigReview; record: TrustRecord }
  /** `changed`: the file is not the content the caller reviewed. `invalid`: loading it would fail. */
  | { ok: false; kind: 'changed' | 'invalid'; message: string; review: ProjectConfigReview };

/** Reads the file once; throws ConfigError when it is missing or not named switchyard.toml. */
export function reviewProjectConfig(home: string, path: string): ProjectConfigReview {
  const file = canonicalConfigPath(path);
  if (basename(file) !== PROJECT_CONFIG_NAME) {
    throw new ConfigError(`${file}: only project files named ${PROJECT_CONFIG_NAME} need trust (your own config.toml and --config files are always applied)`, { file });
  }
  const bytes = readConfigFile(file, true) as Buffer;
  const sha256 = hashConfigBytes(bytes);
  const trust = trustStateOf(readTrustStore(home), file, sha256);
  try {
    const { layer } = parseConfigLayer(file, bytes.toString('utf8'), home);
    return { path: file, sha256, trust, keys: executableKeys(layer), error: null };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { path: file, sha256, trust, keys: [], error: error.message };
  }
}

/**
 * Trusts the file's current content. With `expectedSha256` (what a prompt showed), a file edited
 * since is refused, so the user never trusts content they did not see.
 */
export function trustProjectConfig(home: string, path: string, expectedSha256?: string): TrustOutcome {
  const review = reviewProjectConfig(home, resolve(path));
  if (expectedSha256 !== undefined && expectedSha256 !== review.sha256) {
    return { ok: false, kind: 'changed', message: `${review.path} changed since it was shown; review it again before trusting it`, review };
  }
  if (review.error !== null) {
    return { ok: false, kind: 'invalid', message: `${review.error}\n(fix the file first: trusting it would make every command fail)`, review };
  }
  const record = recordTrust(home, review.path, review.sha256);
  return { ok: true, review: { ...review, trust: 'trusted' }, record };
}

// Where `remote serve` gets its bearer token. Never from argv: a command line is readable by every
// user on the machine (`ps`, /proc/<pid>/cmdline), and the token lets its holder queue agent work.
// So: the environment (readable only by the same user) or a file only its owner can read.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const INTAKE_TOKEN_ENV = 'SWITCHYARD_REMOTE_TOKEN';

export type TokenSource = { ok: true; token: string; from: 'file' | 'env' } | { ok: false; error: string };

const HOW = `set ${INTAKE_TOKEN_ENV}, or put the token in a file only you can read (chmod 600 FILE) and pass --token-file FILE`;

/** The file (relative to `cwd`) wins over the environment: it is the explicit choice. */
export function intakeToken(opts: { env: NodeJS.ProcessEnv; cwd: string; tokenFile?: string; argvToken?: string }): TokenSource {
  if (opts.argvToken !== undefined) {
    return { ok: false, error: `--token is no longer accepted, because a command line is visible to every user in \`ps\`: ${HOW}` };
  }
  if (opts.tokenFile !== undefined) return fromFile(resolve(opts.cwd, opts.tokenFile));
  const token = opts.env[INTAKE_TOKEN_ENV]?.trim();
  if (token) return { ok: true, token, from: 'env' };
  return { ok: false, error: `remote serve needs a bearer token: ${HOW}` };
}

function fromFile(file: string): TokenSource {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    return { ok: false, error: `--token-file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}` };
  }
  if (!stat.isFile()) return { ok: false, error: `--token-file ${file} is not a regular file` };
  // Windows has no POSIX mode bits to check; its ACLs are the user's to set.
  if (process.platform !== 'win32') {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    if ((stat.mode & 0o077) !== 0) return { ok: false, error: `--token-file ${file} can be read by other users (mode ${mode}); run \`chmod 600 ${file}\`` };
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) return { ok: false, error: `--token-file ${file} belongs to another user (uid ${stat.uid}); use a file you own, with mode 600` };
  }
  const token = readFileSync(file, 'utf8').trim();
  if (!token) return { ok: false, error: `--token-file ${file} is empty; write the token into it` };
  if (/\s/.test(token)) return { ok: false, error: `--token-file ${file} must hold one token (no spaces or line breaks inside it)` };
  return { ok: true, token, from: 'file' };
}

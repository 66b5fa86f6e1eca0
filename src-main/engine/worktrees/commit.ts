// Committing a session's work on its own branch, inside its worktree (never the user's checkout).
// New files are included, ignored files are not (`git add -A` honours .gitignore). A failed commit
// puts the index back as it was, so nothing is half-staged.
import type { WorktreeInfo } from '../model';
import { WorktreeError } from './errors';
import type { Git } from './git';
import { gitOk } from './git';
import { assertWorktreeExists } from './inspect';
import { inProgressMessage, operationInProgress } from './in-progress';

export interface CommitIdentity {
  name: string;
  email: string;
}

export interface CommitRequest {
  message: string;
  /** "Name <email>" from config; undefined uses the repository's git identity. */
  author?: string;
}

export type CommitResult =
  | { committed: true; sha: string; files: string[]; identity: CommitIdentity; note: string | null }
  | { committed: false; reason: 'clean' };

/** Used only when git has no identity at all, so the agent's work is still committed (and the result says so). */
export const FALLBACK_IDENTITY: CommitIdentity = { name: 'Switchyard', email: 'switchyard@localhost' };

export function parseAuthor(value: string): CommitIdentity | null {
  const m = /^\s*([^<>]+?)\s*<([^<>\s]+)>\s*$/.exec(value);
  return m?.[1] && m[2] ? { name: m[1], email: m[2] } : null;
}

export async function gitIdentity(git: Git, dir: string): Promise<CommitIdentity | null> {
  const get = async (key: string) => {
    const r = await git.run(dir, ['config', '--get', key]);
    return r.code === 0 ? r.stdout.trim() : '';
  };
  const [name, email] = await Promise.all([get('user.name'), get('user.email')]);
  return name && email ? { name, email } : null;
}

/** The subject and body of a session's commit: the task's first line, then the agent's summary. */
export function sessionCommitMessage(task: string, summary: string | null, sessionId: string): string {
  const first = task.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? `Session ${sessionId}`;
  const subject = first.length > 72 ? `${first.slice(0, 71)}…` : first;
  const parts = [subject];
  const body = summary?.trim();
  if (body) parts.push(body.length > 4000 ? `${body.slice(0, 3999)}…` : body);
  parts.push(`Switchyard-Session: ${sessionId}`);
  return parts.join('\n\n');
}

export async function commitWorktree(git: Git, wt: WorktreeInfo, req: CommitRequest): Promise<CommitResult> {
  assertWorktreeExists(wt);
  const op = await operationInProgress(git, wt.path);
  if (op) throw new WorktreeError(inProgressMessage(`Worktree ${wt.path}`, op, 'commit'));
  const head = await git.run(wt.path, ['symbolic-ref', '-q', 'HEAD']);
  if (head.stdout.trim() !== `refs/heads/${wt.branch}`) {
    const where = head.code === 0 ? head.stdout.trim().replace(/^refs\/heads\//, 'branch ') : 'a detached HEAD';
    throw new WorktreeError(`Worktree ${wt.path} is on ${where}, not the session's branch ${wt.branch}; run \`git switch ${wt.branch}\` there (or commit yourself), then retry`);
  }
  let identity: CommitIdentity | null = null;
  let note: string | null = null;
  if (req.author !== undefined) {
    identity = parseAuthor(req.author);
    if (!identity) throw new WorktreeError(`commit_author must look like "Name <email>", found ${JSON.stringify(req.author)}; fix it in config.toml`);
  } else {
    identity = await gitIdentity(git, wt.path);
    if (!identity) {
      identity = FALLBACK_IDENTITY;
      note = `git has no user.name/user.email here, so the commit is authored by ${identity.name} <${identity.email}>; set them (git config --global user.name ...) or commit_author in config.toml`;
    }
  }

  // The index as it is now, to put back if anything below fails.
  const savedIndex = (await gitOk(git, wt.path, ['write-tree'], 'git write-tree')).trim();
  const restore = async () => {
    await git.run(wt.path, ['read-tree', savedIndex]);
  };
  try {
    await gitOk(git, wt.path, ['add', '-A', '--', '.'], 'git add');
    const staged = await git.run(wt.path, ['diff', '--cached', '--quiet']);
    if (staged.code === 0) {
      await restore();
      return { committed: false, reason: 'clean' };
    }
    const files = (await gitOk(git, wt.path, ['diff', '--cached', '--name-only', '-z'], 'git diff')).split('\0').filter(Boolean);
    await gitOk(git, wt.path, ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`, 'commit', '-q', '-m', req.message], 'git commit');
    const sha = (await gitOk(git, wt.path, ['rev-parse', 'HEAD'], 'git rev-parse')).trim();
    return { committed: true, sha, files, identity, note };
  } catch (error) {
    await restore();
    throw error instanceof WorktreeError ? new WorktreeError(`${error.message}; nothing was committed and the index is as it was`, { cause: error }) : error;
  }
}

// The candidate a branch lands as: the merge of the base's CURRENT tip and the branch, built as a
// commit object only (`git merge-tree --write-tree` + `git commit-tree`), so no checkout changes.
// When the base tip is already in the branch, the branch tip itself is the candidate (a fast-forward).
import type { WorktreeInfo } from '../model';
import { FALLBACK_IDENTITY, gitIdentity, parseAuthor, type CommitIdentity } from '../worktrees/commit';
import { WorktreeError } from '../worktrees/errors';
import type { Git } from '../worktrees/git';
import { gitOk } from '../worktrees/git';

export type Candidate =
  | { ok: true; baseOid: string; branchOid: string; candidateOid: string; fastForward: boolean }
  | { ok: false; baseOid: string; branchOid: string; conflicts: string[] };

export async function revParse(git: Git, cwd: string, ref: string): Promise<string> {
  return (await gitOk(git, cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], 'git rev-parse')).trim();
}

/** The identity merge commits are made with: commit_author, else git's, else Switchyard's fallback. */
export async function mergeIdentity(git: Git, cwd: string, author: string | undefined): Promise<CommitIdentity> {
  if (author !== undefined) {
    const parsed = parseAuthor(author);
    if (!parsed) throw new WorktreeError(`commit_author must look like "Name <email>", found ${JSON.stringify(author)}; fix it in config.toml`);
    return parsed;
  }
  return (await gitIdentity(git, cwd)) ?? FALLBACK_IDENTITY;
}

export function identityArgs(id: CommitIdentity): string[] {
  return ['-c', `user.name=${id.name}`, '-c', `user.email=${id.email}`];
}

export async function buildCandidate(git: Git, cwd: string, wt: WorktreeInfo, author: string | undefined): Promise<Candidate> {
  const baseOid = await revParse(git, cwd, `refs/heads/${wt.baseBranch}`);
  const branchOid = await revParse(git, cwd, `refs/heads/${wt.branch}`);
  const ancestor = await git.run(cwd, ['merge-base', '--is-ancestor', baseOid, branchOid]);
  if (ancestor.code === 0) return { ok: true, baseOid, branchOid, candidateOid: branchOid, fastForward: true };
  const r = await git.run(cwd, ['merge-tree', '--write-tree', '--name-only', '--no-messages', baseOid, branchOid]);
  if (r.code !== 0 && r.code !== 1) throw new WorktreeError(`git merge-tree failed: ${(r.stderr || r.stdout).trim()}`);
  const [tree = '', ...rest] = r.stdout.split('\n').map((l) => l.trim());
  if (r.code === 1) return { ok: false, baseOid, branchOid, conflicts: [...new Set(rest.filter(Boolean))] };
  const identity = await mergeIdentity(git, cwd, author);
  const message = `Merge branch '${wt.branch}' into ${wt.baseBranch}`;
  const commit = await gitOk(git, cwd, [...identityArgs(identity), 'commit-tree', tree, '-p', baseOid, '-p', branchOid, '-m', message], 'git commit-tree');
  return { ok: true, baseOid, branchOid, candidateOid: commit.trim(), fastForward: false };
}

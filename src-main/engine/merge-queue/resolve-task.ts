// The task a resolver session gets: what failed (the check's output tail, or the conflicting files)
// and both sides' intents (the sessions' tasks and their commit messages).
import type { Session, WorktreeInfo } from '../model';
import type { MergeCheckRecord } from '../store/merge-checks';
import type { WorktreeDeps } from '../worktrees/deps';
import { gitOf } from '../worktrees/deps';

export interface ResolverTaskInput {
  session: Session;
  wt: WorktreeInfo;
  kind: 'conflict' | 'check_failed';
  conflicts: string[];
  baseOid: string;
  branchOid: string;
  record: MergeCheckRecord | null;
  checkCommand: string | undefined;
}

const MAX_COMMITS = 15;

interface CommitLine {
  subject: string;
  sessionId: string | null;
}

async function commitsOnly(deps: WorktreeDeps, cwd: string, tip: string, not: string): Promise<CommitLine[]> {
  const r = await gitOf(deps).run(cwd, ['log', `--max-count=${MAX_COMMITS}`, '--no-merges', '--format=%s%x1f%b%x1e', tip, `^${not}`]);
  if (r.code !== 0) return [];
  return r.stdout
    .split('\x1e')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [subject = '', body = ''] = entry.split('\x1f');
      return { subject: subject.trim(), sessionId: /^Switchyard-Session: (\S+)$/m.exec(body)?.[1] ?? null };
    });
}

function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function side(deps: WorktreeDeps, label: string, commits: CommitLine[], ownTask: string | null): string {
  const lines = [`${label}:`];
  if (ownTask) lines.push(`  task: ${firstLine(ownTask)}`);
  const tasks = new Set<string>();
  for (const c of commits) {
    const task = c.sessionId ? deps.store.getSession(c.sessionId)?.task : undefined;
    if (task && task !== ownTask) tasks.add(`  task of session ${c.sessionId}: ${firstLine(task)}`);
  }
  lines.push(...tasks);
  lines.push(...(commits.length ? commits.map((c) => `  commit: ${c.subject}`) : ['  (no commits of its own)']));
  return lines.join('\n');
}

export async function resolverTask(deps: WorktreeDeps, t: ResolverTaskInput): Promise<string> {
  const { wt } = t;
  const cwd = wt.path;
  const ours = await commitsOnly(deps, cwd, t.branchOid, t.baseOid);
  const theirs = await commitsOnly(deps, cwd, t.baseOid, t.branchOid);
  const parts: string[] = [];
  if (t.kind === 'conflict') {
    parts.push(
      `Resolve a merge conflict. This folder is a scratch checkout of branch ${wt.branch} with ${wt.baseBranch} merged into it; ` +
        `these files have conflict markers (<<<<<<< ======= >>>>>>>): ${t.conflicts.join(', ')}.`,
      'Edit them so that both sides\' intents hold, and remove every conflict marker.',
    );
  } else {
    parts.push(
      `Make the merge-queue check pass. This folder holds branch ${wt.branch} merged with the current ${wt.baseBranch}; ` +
        `the check \`${t.checkCommand ?? ''}\` failed on it${t.record?.message ? ` (${firstLine(t.record.message)})` : ''}.`,
      `Last lines of its output:\n\`\`\`\n${t.record?.logTail ?? '(no output)'}\n\`\`\``,
      'Fix the code so the check passes while keeping what both sides meant to do.',
    );
  }
  parts.push(side(deps, `The branch ${wt.branch} (session ${t.session.id})`, ours, t.session.task), side(deps, `The base ${wt.baseBranch}, since the branch left it`, theirs, null));
  parts.push('Do not commit, and do not run git merge, rebase or reset: Switchyard commits your work on the branch and checks it again when you finish.');
  return parts.join('\n\n');
}

// Before an interactive agent starts in a new worktree: carry the user's trust in the repository
// over to the worktree (see harness/trust.ts), so the agent does not stop at its trust prompt.
import { harnessFromAgentType } from '../harness';
import { agentTrustsFolder, propagateClaudeTrust, trustFlags } from '../harness/trust';
import type { Session } from '../model';
import { gitOf } from '../worktrees/deps';
import { locateMainCheckout } from '../worktrees/remove';
import type { SessionDeps } from './deps';

export interface WorktreeTrust {
  /** Flags for this session (Gemini --skip-trust, Codex -c projects...), empty when none apply. */
  flags: string[];
}

export async function prepareWorktreeTrust(deps: SessionDeps, session: Session, env: NodeJS.ProcessEnv = process.env): Promise<WorktreeTrust> {
  const wt = session.worktree;
  if (!wt || session.mode !== 'interactive') return { flags: [] };
  const harness = harnessFromAgentType(session.agentType);
  if (harness !== 'claude' && harness !== 'gemini' && harness !== 'codex') return { flags: [] };
  const repoRoot = await locateMainCheckout(gitOf(deps), wt).catch(() => null);
  if (!repoRoot) return { flags: [] };
  try {
    if (harness === 'claude') {
      propagateClaudeTrust(repoRoot, wt.path, { env });
      return { flags: [] };
    }
    return agentTrustsFolder(harness, repoRoot, { env }) ? { flags: trustFlags(harness, wt.path) } : { flags: [] };
  } catch {
    // An unreadable agent config: the agent asks, and the prompt watch shows it.
    return { flags: [] };
  }
}

// What each built-in agent may do without asking: its "write posture". A Switchyard worktree is the
// agent's sandbox (a branch of its own, merged only through the queue), so there the default lets
// the agent edit files; in the user's own checkout the agent keeps its own default unless a profile
// says otherwise. The allowed values are each CLI's real ones (checked in their --help).
import type { ResolvedAgentProfile } from '../config/types';
import type { HarnessKind } from './kinds';

export const POSTURE_AGENTS = ['claude', 'codex', 'gemini', 'opencode'] as const;
export type PostureAgent = (typeof POSTURE_AGENTS)[number];

/**
 * claude: `--permission-mode` (2.1.330 lists acceptEdits, auto, bypassPermissions, manual, dontAsk,
 * plan; `default` is still accepted). codex: `--sandbox`. gemini: `--approval-mode`. opencode has no
 * mode flag: `default` is its own permission rules, `auto` passes `--auto`.
 */
export const PERMISSION_MODES: Readonly<Record<PostureAgent, readonly string[]>> = {
  claude: ['default', 'acceptEdits', 'auto', 'bypassPermissions', 'manual', 'dontAsk', 'plan'],
  codex: ['read-only', 'workspace-write', 'danger-full-access'],
  gemini: ['default', 'auto_edit', 'yolo', 'plan'],
  opencode: ['default', 'auto'],
};

/**
 * The worktree defaults, and why:
 * - claude acceptEdits: file edits (and plain shell commands inside the folder) run; anything that
 *   reaches outside (network, other directories) is still denied and reported as a denial.
 * - codex workspace-write: writes inside the worktree, no network, other paths read-only.
 * - gemini auto_edit: edit tools approved; shell commands still need approval.
 * - opencode default: its own rules already allow edits inside its directory and reject writes
 *   outside it in `run`; `auto` would approve everything not explicitly denied.
 */
export const WORKTREE_PERMISSION_DEFAULTS: Readonly<Record<PostureAgent, string>> = {
  claude: 'acceptEdits',
  codex: 'workspace-write',
  gemini: 'auto_edit',
  opencode: 'default',
};

export function isPostureAgent(harness: string): harness is PostureAgent {
  return (POSTURE_AGENTS as readonly string[]).includes(harness);
}

export interface PostureChoice {
  /** The mode passed to the agent, or undefined for the agent's own default. */
  mode: string | undefined;
  /** Where it came from, for `status` and the docs. */
  source: 'profile' | 'worktree_permission_mode' | 'agent default';
}

/** The profile's permission_mode wins; in a worktree the configured posture applies; else the agent's own default. */
export function choosePosture(
  harness: HarnessKind,
  worktreeModes: Readonly<Partial<Record<PostureAgent, string>>>,
  profile: ResolvedAgentProfile | undefined,
  inWorktree: boolean,
): PostureChoice {
  if (profile?.permission_mode !== undefined) return { mode: profile.permission_mode, source: 'profile' };
  if (inWorktree && isPostureAgent(harness)) {
    return { mode: worktreeModes[harness] ?? WORKTREE_PERMISSION_DEFAULTS[harness], source: 'worktree_permission_mode' };
  }
  return { mode: undefined, source: 'agent default' };
}

/** The flags that carry a mode to each CLI (nothing for the agent's default). */
export function postureFlags(harness: PostureAgent, mode: string | undefined): string[] {
  if (mode === undefined) return [];
  switch (harness) {
    case 'claude':
      return ['--permission-mode', mode];
    case 'codex':
      return ['--sandbox', mode];
    case 'gemini':
      return ['--approval-mode', mode];
    case 'opencode':
      return mode === 'auto' ? ['--auto'] : [];
  }
}

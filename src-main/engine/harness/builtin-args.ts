// Arguments for the four harnesses Switchyard launches without configuration. ECC2's command
// lines are the base; where the real CLI disagrees, the real CLI wins (see README.md for the
// versions checked). Every form ends the options before the task (`--` or `--flag=<task>`), so a
// task that starts with "-" (a Markdown list, say) is never parsed as a flag.
import type { ResolvedAgentProfile } from '../config/types';
import type { BuildAgentCommandOptions } from './command';
import type { HarnessKind } from './kinds';
import { postureFlags } from './posture';
import { formatNumber, renderTaskWithProfileProjection } from './projection';
import { lazyCrypto } from '../lazy-crypto';

type ArgsOptions = Pick<
  BuildAgentCommandOptions,
  'task' | 'sessionId' | 'workingDir' | 'profile' | 'mode' | 'resumeSessionId'
> & {
  /** The chosen write posture (see posture.ts); undefined keeps the agent's own default. */
  permissionMode: string | undefined;
};

export function sessionName(sessionId: string): string {
  return `ecc-${sessionId}`;
}

/** An interactive session may start without a prompt (the user types it in the terminal). */
function hasPrompt(opts: ArgsOptions): boolean {
  return opts.mode === 'headless' || opts.task !== '';
}

/** ECC2's flag order; the permission mode (profile or worktree posture) sits where ECC2 put the profile's. */
function claudeProfileFlags(profile: ResolvedAgentProfile, headless: boolean, permissionMode: string | undefined): string[] {
  const args: string[] = [];
  if (profile.model !== undefined) args.push('--model', profile.model);
  if (profile.allowed_tools.length > 0) args.push('--allowed-tools', profile.allowed_tools.join(','));
  if (profile.disallowed_tools.length > 0) args.push('--disallowed-tools', profile.disallowed_tools.join(','));
  args.push(...postureFlags('claude', permissionMode));
  for (const dir of profile.add_dirs) args.push('--add-dir', dir);
  // claude --help: "--max-budget-usd ... (only works with --print)". Interactive sessions rely on
  // Switchyard's own budget enforcement instead.
  if (headless && profile.max_budget_usd !== undefined) {
    args.push('--max-budget-usd', formatNumber(profile.max_budget_usd));
  }
  if (profile.append_system_prompt !== undefined) args.push('--append-system-prompt', profile.append_system_prompt);
  return args;
}

/**
 * Claude takes the task unchanged (no projection). Headless adds stream-json so stdout carries
 * tokens, cost and tool calls; `--verbose` is required by the CLI with stream-json in --print.
 * `--` is needed: --add-dir and --allowed-tools are variadic and would swallow the task.
 */
function claudeArgs(opts: ArgsOptions): BuiltinArgs {
  const headless = opts.mode === 'headless';
  const args = headless
    ? ['--print', '--name', sessionName(opts.sessionId), '--output-format', 'stream-json', '--verbose']
    : ['--name', sessionName(opts.sessionId)];
  if (opts.profile) args.push(...claudeProfileFlags(opts.profile, headless, opts.permissionMode));
  else args.push(...postureFlags('claude', opts.permissionMode));
  if (opts.resumeSessionId !== undefined) args.push('--resume', opts.resumeSessionId);
  if (headless) return { args, stdin: opts.task }; // `--print` reads the prompt from stdin
  if (hasPrompt(opts)) args.push('--', opts.task);
  return { args };
}

/**
 * Headless Codex runs `exec --json`: stdout is JSONL (agents/codex/stream.ts reads tokens, tool
 * calls, files and the thread id from it). With the agent's thread id, headless resumes that
 * conversation (`exec … resume <thread_id> -- <prompt>`) instead of re-sending the task; exec's
 * own flags stay before `resume` (the subcommand has no --sandbox/--cd/--color/--add-dir, and
 * Codex 0.171 applies the parent's to the resumed run). Interactive sessions resume it in the TUI.
 */
function codexArgs(opts: ArgsOptions): BuiltinArgs {
  // The TUI (no subcommand) has no --skip-git-repo-check or --color; it takes the prompt positionally.
  const posture = postureFlags('codex', opts.permissionMode);
  const headless = opts.mode === 'headless';
  const args = headless
    ? ['exec', '--json', '--skip-git-repo-check', ...posture, '--cd', opts.workingDir, '--color', 'never']
    : [...posture, '--cd', opts.workingDir];
  if (opts.profile?.model !== undefined) args.push('--model', opts.profile.model);
  for (const dir of opts.profile?.add_dirs ?? []) args.push('--add-dir', dir);
  if (headless && opts.resumeSessionId !== undefined) args.push('resume', opts.resumeSessionId);
  // The TUI continues a thread with `codex [OPTIONS] resume <id> [PROMPT]`; the options before
  // `resume` apply to it (checked with Codex 0.171).
  if (!headless && opts.resumeSessionId !== undefined) args.push('resume', opts.resumeSessionId);
  const task = renderTaskWithProfileProjection(opts.task, opts.profile, { model: true, addDirs: true, permissionMode: true });
  // `-`: "instructions are read from stdin" (exec and exec resume alike).
  if (headless) return { args: [...args, '-'], stdin: task };
  if (hasPrompt(opts)) args.push('--', task);
  return { args };
}

function opencodeArgs(opts: ArgsOptions): BuiltinArgs {
  const task = renderTaskWithProfileProjection(opts.task, opts.profile, { model: true, permissionMode: true });
  const model = opts.profile?.model !== undefined ? ['--model', opts.profile.model] : [];
  const posture = postureFlags('opencode', opts.permissionMode);
  if (opts.mode === 'headless') {
    // `--format json` makes stdout JSONL events (tokens, cost, tool calls, its session id) for
    // agents/opencode/stream.ts. A session OpenCode already knows is continued with `--session`
    // (the prompt is then the retry prompt, not the task again); its title stays as first set.
    const start =
      opts.resumeSessionId !== undefined ? ['--session', opts.resumeSessionId] : ['--title', sessionName(opts.sessionId)];
    // No message argument: `run` reads the message from stdin when it is not a terminal.
    return { args: ['run', '--format', 'json', '--dir', opts.workingDir, ...start, ...model, ...posture], stdin: task };
  }
  // The TUI: `opencode [project] --prompt <text>` (no --title there). yargs would read a value
  // starting with "-" as a flag, so the prompt is attached with "=". A conversation OpenCode
  // already has (its id comes from the plugin, agents/opencode) is reopened with `--session <id>`.
  const resume = opts.resumeSessionId !== undefined ? ['--session', opts.resumeSessionId] : [];
  return { args: [opts.workingDir, ...resume, ...model, ...posture, ...(hasPrompt(opts) ? [`--prompt=${task}`] : [])] };
}

/**
 * The Gemini conversation id Switchyard chooses for a fresh launch. A new UUID each launch rather
 * than one derived from the session: Gemini refuses `--session-id` when a conversation file with
 * that id exists, and a launch that failed before the model answered leaves such a file without a
 * resumable conversation. The id becomes the session's harnessSessionId only once Gemini's stream
 * shows the model answered (agents/gemini/stream.ts), so `--resume` never names a conversation
 * Gemini did not save (a fatal input error).
 */
export function newGeminiSessionId(): string {
  return lazyCrypto().randomUUID();
}

/**
 * Gemini CLI 0.61: `-p/--prompt` takes the prompt as its value and the CLI is interactive unless
 * it is given. ECC2's `-p -m M ... <task>` would send "-m" as the prompt, so the real form is
 * `-m M --include-directories a,b --prompt=<task>` ("=" because yargs reads "-..." as a flag).
 * Headless also passes --skip-trust: without it the CLI refuses untrusted dirs (every new
 * worktree), as `claude -p` skips its trust dialog. Headless prints `-o stream-json` (tokens,
 * tool calls, its session id: agents/gemini/stream.ts) and names its conversation: a first run
 * `--session-id <uuid>`, a resumed one `--resume <id>` (the CLI rejects both together, and
 * `--session-id` of an existing conversation).
 */
function geminiArgs(opts: ArgsOptions): BuiltinArgs {
  const headless = opts.mode === 'headless';
  const args = headless ? ['--skip-trust', '-o', 'stream-json'] : [];
  if (headless) {
    if (opts.resumeSessionId !== undefined) args.push('--resume', opts.resumeSessionId);
    else args.push('--session-id', newGeminiSessionId());
  }
  if (!headless) {
    // The TUI is named the same way: its hooks report this id, and a resume continues it.
    if (opts.resumeSessionId !== undefined) args.push('--resume', opts.resumeSessionId);
    else args.push('--session-id', newGeminiSessionId());
  }
  args.push(...postureFlags('gemini', opts.permissionMode));
  if (opts.profile?.model !== undefined) args.push('-m', opts.profile.model);
  const dirs = opts.profile?.add_dirs ?? [];
  if (dirs.length > 0) args.push('--include-directories', dirs.join(','));
  const task = renderTaskWithProfileProjection(opts.task, opts.profile, { model: true, addDirs: true, permissionMode: true });
  // Without a TTY on stdin Gemini runs non-interactively and takes the prompt from stdin.
  if (headless) return { args, stdin: task };
  if (hasPrompt(opts)) args.push(`--prompt-interactive=${task}`);
  return { args };
}

/**
 * A headless run gets its task on standard input (`stdin`), so no command line (which `ps` shows
 * every user) carries it; an interactive TUI takes it as an argument (none reads a first prompt
 * any other way).
 */
export interface BuiltinArgs {
  args: string[];
  stdin?: string;
}

export function builtinAgentArgs(harness: HarnessKind, opts: ArgsOptions): BuiltinArgs {
  switch (harness) {
    case 'claude':
      return claudeArgs(opts);
    case 'codex':
      return codexArgs(opts);
    case 'opencode':
      return opencodeArgs(opts);
    case 'gemini':
      return geminiArgs(opts);
    default:
      // Unreachable in practice: agentProgram rejects harnesses without a runner.
      return { args: [opts.task] };
  }
}

// Arguments for a harness described by `[harness_runners.<key>]` (ECC2 §3.6.3). The runner's
// flags decide which profile fields are passed as flags; the rest are projected into the task.
import type { HarnessRunnerConfig } from '../config/types';
import { sessionName } from './builtin-args';
import type { BuildAgentCommandOptions } from './command';
import { formatNumber, renderTaskWithProfileProjection } from './projection';

type ArgsOptions = Pick<BuildAgentCommandOptions, 'task' | 'sessionId' | 'workingDir' | 'profile'>;

/** A flag counts as configured only when it is non-blank. */
function flag(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

export function configuredRunnerArgs(runner: HarnessRunnerConfig, opts: ArgsOptions): string[] {
  const args = runner.base_args.filter((arg) => arg.trim() !== '');
  const f = {
    cwd: flag(runner.cwd_flag),
    sessionName: flag(runner.session_name_flag),
    task: flag(runner.task_flag),
    model: flag(runner.model_flag),
    addDir: flag(runner.add_dir_flag),
    includeDirs: flag(runner.include_directories_flag),
    allowedTools: flag(runner.allowed_tools_flag),
    disallowedTools: flag(runner.disallowed_tools_flag),
    permissionMode: flag(runner.permission_mode_flag),
    maxBudgetUsd: flag(runner.max_budget_usd_flag),
    appendSystemPrompt: flag(runner.append_system_prompt_flag),
  };
  if (f.cwd) args.push(f.cwd, opts.workingDir);
  if (f.sessionName) args.push(f.sessionName, sessionName(opts.sessionId));
  const p = opts.profile;
  if (p) {
    if (f.model && p.model !== undefined) args.push(f.model, p.model);
    if (f.addDir) for (const dir of p.add_dirs) args.push(f.addDir, dir);
    if (f.includeDirs && p.add_dirs.length > 0) args.push(f.includeDirs, p.add_dirs.join(','));
    if (f.allowedTools && p.allowed_tools.length > 0) args.push(f.allowedTools, p.allowed_tools.join(','));
    if (f.disallowedTools && p.disallowed_tools.length > 0) args.push(f.disallowedTools, p.disallowed_tools.join(','));
    if (f.permissionMode && p.permission_mode !== undefined) args.push(f.permissionMode, p.permission_mode);
    if (f.maxBudgetUsd && p.max_budget_usd !== undefined) args.push(f.maxBudgetUsd, formatNumber(p.max_budget_usd));
    if (f.appendSystemPrompt && p.append_system_prompt !== undefined) {
      args.push(f.appendSystemPrompt, p.append_system_prompt);
    }
  }
  // ECC2 quirk kept: with inline_system_prompt_for_task (the default) a configured prompt flag
  // sends the system prompt both as the flag and inside the task text.
  const task = renderTaskWithProfileProjection(opts.task, p, {
    model: f.model !== undefined,
    addDirs: f.addDir !== undefined || f.includeDirs !== undefined,
    allowedTools: f.allowedTools !== undefined,
    disallowedTools: f.disallowedTools !== undefined,
    permissionMode: f.permissionMode !== undefined,
    maxBudgetUsd: f.maxBudgetUsd !== undefined,
    appendSystemPrompt: f.appendSystemPrompt !== undefined && !runner.inline_system_prompt_for_task,
  });
  if (f.task) args.push(f.task);
  else if (runner.end_of_options !== '') args.push(runner.end_of_options); // a task starting with "-" stays the task
  args.push(task);
  return args;
}

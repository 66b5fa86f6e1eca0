// Orchestration templates (spec §2.4): `{{ var }}` interpolation and per-step defaults.
import { resolveAgentProfile } from './profiles';
import type { Config, ResolvedOrchestrationStep, ResolvedOrchestrationTemplate } from './types';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g;

/** Error with context in front of its cause, like anyhow's `.context()`; the message shows both. */
export function withContext(context: string, cause: unknown): Error {
  const causeText = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${context}: ${causeText}`, { cause });
}

export function interpolate(text: string, vars: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const rendered = text.replace(PLACEHOLDER, (_match, name: string) => {
    if (Object.hasOwn(vars, name)) return vars[name] ?? '';
    missing.add(name);
    return '';
  });
  if (missing.size > 0) {
    throw new Error(`missing orchestration template variable(s): ${[...missing].sort().join(', ')}`);
  }
  return rendered;
}

/** Interpolated and trimmed; absent when the input is absent or renders empty. */
function interpolateOptional(text: string | undefined, vars: Readonly<Record<string, string>>): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = interpolate(text, vars).trim();
  return trimmed === '' ? undefined : trimmed;
}

export function resolveOrchestrationTemplate(
  config: Config,
  name: string,
  vars: Readonly<Record<string, string>>,
): ResolvedOrchestrationTemplate {
  const template = Object.hasOwn(config.orchestration_templates, name) ? config.orchestration_templates[name] : undefined;
  if (template === undefined) throw new Error(`Unknown orchestration template: ${name}`);
  if (template.steps.length === 0) throw new Error(`orchestration template ${name} has no steps`);

  const description = interpolateOptional(template.description, vars);
  const project = interpolateOptional(template.project, vars);
  const taskGroup = interpolateOptional(template.task_group, vars);
  const defaultAgent = interpolateOptional(template.agent, vars);
  const defaultProfile = interpolateOptional(template.profile, vars);
  if (defaultProfile !== undefined) resolveAgentProfile(config, defaultProfile);

  const steps = template.steps.map((step, index): ResolvedOrchestrationStep => {
    const n = index + 1;
    let task: string;
    try {
      task = interpolate(step.task, vars);
    } catch (error) {
      throw withContext(`resolve task for orchestration template ${name} step ${n}`, error);
    }
    const profile = interpolateOptional(step.profile ?? defaultProfile, vars);
    if (profile !== undefined) resolveAgentProfile(config, profile);
    return withoutAbsent({
      name: interpolateOptional(step.name, vars) ?? `step ${n}`,
      task,
      agent: interpolateOptional(step.agent ?? defaultAgent, vars),
      profile,
      worktree: step.worktree ?? template.worktree ?? config.auto_create_worktrees,
      project: interpolateOptional(step.project ?? project, vars),
      task_group: interpolateOptional(step.task_group ?? taskGroup, vars),
    });
  });

  return withoutAbsent({ template_name: name, description, project, task_group: taskGroup, steps });
}

/** Drops keys whose value is undefined, so results compare cleanly and print without noise. */
function withoutAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// Orchestration templates (spec §3.22): resolve `[orchestration_templates.<name>]` with `{{var}}`
// interpolation (a missing variable is an error naming it), check session slots, then start one
// session per step. The source session (or else the first step) is the anchor; every other step
// receives a task handoff from it.
import { encodeMessage } from '../comms';
import { resolveAgentProfile, resolveOrchestrationTemplate } from '../config';
import type { Config } from '../config/types';
import type { SessionLauncher } from '../dispatch/launcher';
import type { EventBus } from '../events';
import type { Session, SessionState } from '../model';
import { handoffContext } from '../sessions/create';
import { defaultProjectLabel, defaultTaskGroupLabel, normalizeGroupLabel } from '../sessions/grouping';
import type { Store } from '../store';

const LIVE: SessionState[] = ['pending', 'running', 'idle', 'stale'];

export interface TemplateDeps {
  store: Store;
  config: Config;
  events?: EventBus;
  launch: SessionLauncher;
}

export interface TemplateLaunchRequest {
  templateName: string;
  /** Repository root: where steps run and where the default project label comes from. */
  cwd: string;
  sourceSession?: string;
  task?: string;
  variables?: Record<string, string>;
  /** Launch the steps even though a hard budget is spent (`--over-budget`). */
  overBudget?: boolean;
}

export interface TemplateLaunchOutcome {
  templateName: string;
  stepCount: number;
  anchorSessionId: string | null;
  created: { stepName: string; sessionId: string; task: string }[];
}

/** Caller-supplied values win; the rest are filled from the source session, the task and the folder. */
export function buildTemplateVariables(repoRoot: string, source: Session | null, task: string | undefined, variables: Record<string, string> = {}): Record<string, string> {
  const vars: Record<string, string> = { ...variables };
  const add = (key: string, value: string) => {
    if (!Object.hasOwn(vars, key)) vars[key] = value;
  };
  if (source) {
    add('source_task', source.task);
    add('source_project', source.project);
    add('source_task_group', source.taskGroup);
    add('source_agent', source.agentType);
  }
  const effective = task ?? source?.task;
  if (effective !== undefined) {
    add('task', effective);
    add('task_group', defaultTaskGroupLabel(effective));
  }
  add('project', source?.project ?? defaultProjectLabel(repoRoot));
  add('cwd', repoRoot);
  return vars;
}

function resolveSource(store: Store, ref: string): Session {
  const session = ref === 'latest' ? store.getLatestSession() : store.getSession(ref);
  if (!session) throw new Error(`Session not found: ${ref}`);
  return session;
}

/** Parses `k=v` pairs (CLI `--var`); the value may contain `=`. */
export function parseTemplateVariables(pairs: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!key) throw new Error(`invalid template variable "${pair}": expected key=value`);
    vars[key] = pair.slice(eq + 1);
  }
  return vars;
}

export async function launchOrchestrationTemplate(deps: TemplateDeps, req: TemplateLaunchRequest): Promise<TemplateLaunchOutcome> {
  const { store, config } = deps;
  const source = req.sourceSession ? resolveSource(store, req.sourceSession) : null;
  const vars = buildTemplateVariables(req.cwd, source, req.task, req.variables);
  const template = resolveOrchestrationTemplate(config, req.templateName, vars);
  const steps = template.steps.length;

  const live = store.countSessionsInStates(LIVE);
  const available = Math.max(0, config.max_parallel_sessions - live);
  if (steps > available) {
    throw new Error(`template ${req.templateName} requires ${steps} session slots but only ${available} available`);
  }
  // Validates the default profile up front, like ECC2 (an unknown one fails before anything starts).
  const defaultProfile = config.default_agent_profile ? resolveAgentProfile(config, config.default_agent_profile).profile_name : undefined;
  const baseProject = source?.project ?? defaultProjectLabel(req.cwd);
  const baseTaskGroup =
    source?.taskGroup ?? (req.task !== undefined ? defaultTaskGroupLabel(req.task) : req.templateName.replace(/[_-]/g, ' '));

  let anchor: Session | null = source;
  const created: TemplateLaunchOutcome['created'] = [];
  // No rollback: a failure part-way leaves the sessions already started in place (ECC2).
  for (const step of template.steps) {
    // A step naming an agent but no profile gets no profile (ECC2). startSession still applies
    // default_agent_profile then, because it cannot be told "none"; see the report.
    const profile = step.profile ?? (step.agent ? undefined : defaultProfile);
    const session = await deps.launch({
      task: step.task,
      cwd: req.cwd,
      agent: step.agent ?? config.default_agent,
      ...(profile ? { profile } : {}),
      worktree: step.worktree,
      project: normalizeGroupLabel(step.project) ?? baseProject,
      taskGroup: normalizeGroupLabel(step.task_group) ?? baseTaskGroup,
      ...(req.overBudget ? { overBudget: true } : {}),
    });
    if (anchor) {
      const from = store.getSession(anchor.id) ?? anchor;
      const msg = encodeMessage({
        kind: 'task_handoff',
        task: step.task,
        context: handoffContext(from, `template ${req.templateName} | ${step.name}`),
        priority: 'normal',
      });
      store.sendMessage(from.id, session.id, msg.content, msg.msgType);
    } else {
      anchor = session;
    }
    created.push({ stepName: step.name, sessionId: session.id, task: step.task });
  }
  const outcome: TemplateLaunchOutcome = {
    templateName: req.templateName,
    stepCount: created.length,
    anchorSessionId: source?.id ?? created[0]?.sessionId ?? null,
    created,
  };
  deps.events?.emit('template_launched', {
    templateName: outcome.templateName,
    anchorSessionId: outcome.anchorSessionId,
    sessionIds: created.map((c) => c.sessionId),
  });
  return outcome;
}

import { describe, expect, it } from 'vitest';
import {
  computerUseDispatchDefaults,
  harnessRunner,
  loadConfig,
  resolveOrchestrationTemplate,
} from '../../../src-main/engine/config';
import type { Config } from '../../../src-main/engine/config';
import { sandbox } from './fixture';

function load(userToml: string): Config {
  const box = sandbox();
  box.write('home/config.toml', userToml);
  return loadConfig({ home: box.home, cwd: box.project }).config;
}

const templates = `
auto_create_worktrees = false

[agent_profiles.reviewer]
model = "opus"

[orchestration_templates.feature]
description = "Ship {{ feature }}"
project = "  {{project}}  "
task_group = "{{ empty }}"
agent = "codex"
profile = "reviewer"
worktree = true

[[orchestration_templates.feature.steps]]
task = "Plan {{ feature }} for {{ issue-id }}"

[[orchestration_templates.feature.steps]]
name = "build {{ feature }}"
task = "Build {{feature}}"
agent = "claude"
worktree = false
project = "other"
task_group = "impl"

[orchestration_templates.review]
worktree = false

[[orchestration_templates.review.steps]]
task = "Read {{ pr }}"

[[orchestration_templates.review.steps]]
task = "Check {{ zeta }} and {{ alpha }} and {{ zeta }} ({{ not a var }})"

[orchestration_templates.bare]
[[orchestration_templates.bare.steps]]
task = "x"

[orchestration_templates.empty]
description = "nothing yet"

[orchestration_templates.ghostly]
[[orchestration_templates.ghostly.steps]]
task = "x"
profile = "ghost"

[orchestration_templates.needs-desc]
description = "for {{ who }}"
[[orchestration_templates.needs-desc.steps]]
task = "x"
`;

describe('resolveOrchestrationTemplate', () => {
  it('interpolates variables and fills step defaults from the template', () => {
    const config = load(templates);
    const vars = { feature: 'search', project: 'web', empty: '  ', 'issue-id': '42' };
    expect(resolveOrchestrationTemplate(config, 'feature', vars)).toEqual({
      template_name: 'feature',
      description: 'Ship search',
      project: 'web',
      steps: [
        { name: 'step 1', task: 'Plan search for 42', agent: 'codex', profile: 'reviewer', worktree: true, project: 'web' },
        { name: 'build search', task: 'Build search', agent: 'claude', profile: 'reviewer', worktree: false, project: 'other', task_group: 'impl' },
      ],
    });
  });

  it('falls back to auto_create_worktrees when neither step nor template says', () => {
    const config = load(templates);
    expect(resolveOrchestrationTemplate(config, 'bare', {}).steps[0]?.worktree).toBe(false);
    config.auto_create_worktrees = true;
    expect(resolveOrchestrationTemplate(config, 'bare', {}).steps[0]).toEqual({ name: 'step 1', task: 'x', worktree: true });
  });

  it('wraps missing step variables with the template and step, listing the names sorted and once', () => {
    const config = load(templates);
    let caught: unknown;
    try {
      resolveOrchestrationTemplate(config, 'review', { pr: '#7' });
    } catch (error) {
      caught = error;
    }
    const error = caught as Error;
    expect(error.message).toBe(
      'resolve task for orchestration template review step 2: missing orchestration template variable(s): alpha, zeta',
    );
    expect((error.cause as Error).message).toBe('missing orchestration template variable(s): alpha, zeta');
  });

  it('reports a missing variable outside step tasks without the step context', () => {
    const config = load(templates);
    expect(() => resolveOrchestrationTemplate(config, 'needs-desc', {})).toThrow(/^missing orchestration template variable\(s\): who$/);
  });

  it('fails for unknown templates, templates without steps and unknown profiles', () => {
    const config = load(templates);
    expect(() => resolveOrchestrationTemplate(config, 'nope', {})).toThrow('Unknown orchestration template: nope');
    expect(() => resolveOrchestrationTemplate(config, 'empty', {})).toThrow('orchestration template empty has no steps');
    expect(() => resolveOrchestrationTemplate(config, 'ghostly', {})).toThrow('Unknown agent profile: ghost');
  });
});

describe('harnessRunner', () => {
  it('looks runners up trimmed and lowercased, with the defaults of unset fields', () => {
    const config = load('[harness_runners.Cursor]\nprogram = "cursor-agent"\nbase_args = ["run"]\n[harness_runners.Cursor.env]\nECC_HARNESS = "cursor"\n');
    expect(harnessRunner(config, '  CURSOR ')).toEqual({
      program: 'cursor-agent',
      base_args: ['run'],
      project_markers: [],
      inline_system_prompt_for_task: true,
      end_of_options: '--',
      env: { ECC_HARNESS: 'cursor' },
    });
    expect(harnessRunner(config, 'codex')).toBeUndefined();
    expect(harnessRunner(config, 'constructor')).toBeUndefined();
  });
});

describe('computerUseDispatchDefaults', () => {
  it('falls back to default_agent and default_agent_profile', () => {
    const config = load('default_agent = "codex"\ndefault_agent_profile = "reviewer"\n[agent_profiles.reviewer]\n');
    expect(computerUseDispatchDefaults(config)).toEqual({ agent: 'codex', profile: 'reviewer', use_worktree: false });
  });

  it('prefers the computer_use_dispatch values', () => {
    const config = load(
      'default_agent_profile = "reviewer"\n[agent_profiles.reviewer]\n[computer_use_dispatch]\nagent = "gemini"\nprofile = "ops"\nuse_worktree = true\nproject = "desk"\ntask_group = "qa"\n',
    );
    expect(computerUseDispatchDefaults(config)).toEqual({ agent: 'gemini', profile: 'ops', use_worktree: true, project: 'desk', task_group: 'qa' });
  });
});

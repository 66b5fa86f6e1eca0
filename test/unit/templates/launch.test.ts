import { afterEach, describe, expect, it } from 'vitest';
import { buildTemplateVariables, launchOrchestrationTemplate, parseTemplateVariables } from '../../../src-main/engine/templates';
import { buildSession, createFixture, minutesAgo, type Fixture } from '../policies/fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

function withTemplate(f: (c: Fixture['config']) => void = () => undefined) {
  return createFixture((c) => {
    c.orchestration_templates = {
      feature_dev: {
        project: '{{project}}',
        worktree: false,
        steps: [
          { name: 'plan', task: 'Plan {{task}} for {{component}}' },
          { name: 'build', task: 'Build {{task}}', agent: 'codex' },
        ],
      },
    };
    f(c);
  });
}

describe('orchestration templates', () => {
  it('starts one session per step; the first is the anchor and hands the next its task', async () => {
    fx = withTemplate();
    const outcome = await launchOrchestrationTemplate(
      { store: fx.store, config: fx.config, events: fx.events, launch: fx.launch },
      { templateName: 'feature_dev', cwd: fx.dir, task: 'auth', variables: { component: 'api' } },
    );
    expect(outcome.stepCount).toBe(2);
    expect(outcome.created.map((c) => [c.stepName, c.task])).toEqual([
      ['plan', 'Plan auth for api'],
      ['build', 'Build auth'],
    ]);
    const [plan, build] = outcome.created;
    expect(outcome.anchorSessionId).toBe(plan?.sessionId);
    expect(fx.store.latestTaskHandoffSource(build?.sessionId ?? '')).toBe(plan?.sessionId);
    expect(fx.store.latestTaskHandoffSource(plan?.sessionId ?? '')).toBeNull();
    expect(fx.store.getSession(build?.sessionId ?? '')).toMatchObject({ agentType: 'codex', taskGroup: 'auth' });
    expect(fx.store.listEvents({ kinds: ['template_launched'] })).toHaveLength(1);
  });

  it('names a missing variable and starts nothing', async () => {
    fx = withTemplate();
    await expect(
      launchOrchestrationTemplate({ store: fx.store, config: fx.config, launch: fx.launch }, { templateName: 'feature_dev', cwd: fx.dir, task: 'auth' }),
    ).rejects.toThrow('missing orchestration template variable(s): component');
    expect(fx.store.listSessions()).toEqual([]);
  });

  it('refuses when the steps need more session slots than are free', async () => {
    fx = withTemplate((c) => (c.max_parallel_sessions = 3));
    fx.store.insertSession(buildSession('busy', 'running', minutesAgo(1)));
    fx.store.insertSession(buildSession('stale', 'stale', minutesAgo(1)));
    fx.store.insertSession(buildSession('done', 'completed', minutesAgo(1)));
    await expect(
      launchOrchestrationTemplate({ store: fx.store, config: fx.config, launch: fx.launch }, { templateName: 'feature_dev', cwd: fx.dir, task: 'auth', variables: { component: 'x' } }),
    ).rejects.toThrow('template feature_dev requires 2 session slots but only 1 available');
    expect(fx.launches).toEqual([]);
  });

  it('anchors on a source session and fills variables from it without overriding the caller', () => {
    fx = withTemplate();
    const source = buildSession('src', 'running', minutesAgo(1), { project: 'billing', taskGroup: 'refunds' });
    expect(buildTemplateVariables('/repo/app', source, undefined, { project: 'mine' })).toEqual({
      project: 'mine',
      source_task: 'task-src',
      source_project: 'billing',
      source_task_group: 'refunds',
      source_agent: 'claude',
      task: 'task-src',
      task_group: 'task-src',
      cwd: '/repo/app',
    });
    expect(parseTemplateVariables(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
    expect(() => parseTemplateVariables(['novalue'])).toThrow('expected key=value');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentProgram, buildAgentCommand } from '../../../src-main/engine/harness';
import { CLEAN_ENV, PLUGIN_ROOT_FIXTURE, buildConfig, profile, runner } from './helpers';

const common = {
  task: 'fix callback regression',
  sessionId: 'sess-cur1',
  workingDir: '/tmp/repo',
  mode: 'headless' as const,
  pluginRootSeeds: [path.join(PLUGIN_ROOT_FIXTURE, 'bin', 'switchyard')],
  processEnv: CLEAN_ENV,
  homeDir: '/nonexistent-home',
};

describe('agentProgram', () => {
  it('uses the configured runner program for cursor (test 5)', () => {
    const config = buildConfig({ harness_runners: { cursor: runner({ program: 'cursor-agent' }) } });
    expect(agentProgram(config, 'cursor')).toBe('cursor-agent');
  });

  it('uses the configured runner program for a custom harness (test 6)', () => {
    const config = buildConfig({ harness_runners: { 'acme-runner': runner({ program: ' acme-agent ' }) } });
    expect(agentProgram(config, 'ACME-runner')).toBe('acme-agent');
  });

  it('lets a runner override a built-in program, and uses the built-ins otherwise', () => {
    const config = buildConfig({ harness_runners: { claude: runner({ program: '/opt/claude/bin/claude' }) } });
    expect(agentProgram(config, 'claude-code')).toBe('/opt/claude/bin/claude');
    expect(agentProgram(buildConfig(), 'gemini-cli')).toBe('gemini');
    expect(agentProgram(buildConfig(), 'opencode')).toBe('opencode');
  });

  it('rejects a runner without a program and harnesses nobody configured', () => {
    const config = buildConfig({ harness_runners: { cursor: runner({ program: '  ' }) } });
    expect(() => agentProgram(config, 'cursor')).toThrow('Configured harness runner for cursor is missing a program');
    expect(() => agentProgram(buildConfig(), 'cursor')).toThrow('Unsupported agent type: cursor');
    expect(() => agentProgram(buildConfig(), 'acme-runner')).toThrow('Unsupported agent type: unknown');
  });
});

describe('configured runner command', () => {
  it('orders base args, cwd, name, profile flags, then --task with the inlined prompt (test 7)', () => {
    const config = buildConfig({
      harness_runners: {
        cursor: runner({
          program: 'cursor-agent',
          base_args: ['run', '  '],
          cwd_flag: '--cwd',
          session_name_flag: '--name',
          task_flag: '--task',
          model_flag: '--model',
          permission_mode_flag: '--permission-mode',
          add_dir_flag: '--context-dir',
          inline_system_prompt_for_task: true,
          env: { ECC_HARNESS: 'cursor' },
        }),
      },
    });
    const cmd = buildAgentCommand({
      ...common,
      config,
      agentType: 'cursor',
      program: agentProgram(config, 'cursor'),
      profile: profile({
        model: 'gpt-5.4',
        permission_mode: 'plan',
        add_dirs: ['docs', 'specs'],
        append_system_prompt: 'Use repo context carefully.',
      }),
    });
    expect(cmd.program).toBe('cursor-agent');
    expect(cmd.args).toEqual([
      'run', '--cwd', '/tmp/repo', '--name', 'ecc-sess-cur1', '--model', 'gpt-5.4',
      '--context-dir', 'docs', '--context-dir', 'specs', '--permission-mode', 'plan',
      '--task', 'System instructions:\nUse repo context carefully.\n\nTask:\nfix callback regression',
    ]);
    expect(cmd.env).toMatchObject({
      ECC_SESSION_ID: 'sess-cur1',
      CLAUDE_SESSION_ID: 'sess-cur1',
      CLAUDE_PROJECT_DIR: '/tmp/repo',
      CLAUDE_CODE_ENTRYPOINT: 'cli',
      ECC_HARNESS: 'cursor',
      CLAUDE_MODEL: 'gpt-5.4',
    });
    expect(cmd.env.ECC_PLUGIN_ROOT).toBe(PLUGIN_ROOT_FIXTURE);
    expect(cmd.env.CLAUDE_PLUGIN_ROOT).toBe(cmd.env.ECC_PLUGIN_ROOT);
  });

  it('projects every profile field the runner has no flag for (test 8)', () => {
    const config = buildConfig({
      harness_runners: { cursor: runner({ program: 'cursor-agent', base_args: ['run'], task_flag: '--task', model_flag: '--model' }) },
    });
    const cmd = buildAgentCommand({
      ...common,
      config,
      agentType: 'cursor',
      program: 'cursor-agent',
      profile: profile({
        model: 'gpt-5.4',
        allowed_tools: ['Read'],
        disallowed_tools: ['Bash'],
        permission_mode: 'plan',
        add_dirs: ['docs', 'specs'],
        max_budget_usd: 2.5,
        token_budget: 900,
        append_system_prompt: 'Use repo context carefully.',
      }),
    });
    expect(cmd.args).toEqual([
      'run', '--model', 'gpt-5.4', '--task',
      'System instructions:\nUse repo context carefully.\n\nECC execution profile:\n' +
        '- Additional context dirs: docs, specs\n- Allowed tools: Read\n- Disallowed tools: Bash\n' +
        '- Permission mode: plan\n- Max budget USD: 2.5\n- Token budget: 900\n\nTask:\nfix callback regression',
    ]);
  });

  it('passes the system prompt only as a flag when inlining is off, and lets runner env override', () => {
    const config = buildConfig({
      harness_runners: {
        'acme-runner': runner({
          program: 'acme-agent',
          include_directories_flag: '--include',
          allowed_tools_flag: '--allow',
          disallowed_tools_flag: '--deny',
          max_budget_usd_flag: '--budget',
          append_system_prompt_flag: '--system',
          inline_system_prompt_for_task: false,
          env: { CLAUDE_CODE_ENTRYPOINT: 'acme', ACME_TOKEN: 'abc', BLANK: '  ' },
        }),
      },
    });
    const cmd = buildAgentCommand({
      ...common,
      config,
      agentType: 'acme-runner',
      program: 'acme-agent',
      profile: profile({
        allowed_tools: ['Read', 'Edit'],
        disallowed_tools: ['Bash'],
        add_dirs: ['docs', 'specs'],
        max_budget_usd: 3,
        append_system_prompt: 'Be brief.',
      }),
    });
    expect(cmd.args).toEqual([
      '--include', 'docs,specs', '--allow', 'Read,Edit', '--deny', 'Bash', '--budget', '3',
      // `--` (end_of_options, added to ECC2's form) before a positional task: one starting with "-" stays the task.
      '--system', 'Be brief.', '--', 'fix callback regression',
    ]);
    expect(cmd.env.ECC_HARNESS).toBe('acme-runner');
    expect(cmd.env.CLAUDE_CODE_ENTRYPOINT).toBe('acme');
    expect(cmd.env.ACME_TOKEN).toBe('abc');
    expect(cmd.env).not.toHaveProperty('BLANK');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAgentCommand, type BuildAgentCommandOptions } from '../../../src-main/engine/harness';
import { CLEAN_ENV, PLUGIN_ROOT_FIXTURE, buildConfig, profile } from './helpers';

const pluginRootSeeds = [path.join(PLUGIN_ROOT_FIXTURE, 'bin', 'switchyard')];

function build(opts: Partial<BuildAgentCommandOptions> & Pick<BuildAgentCommandOptions, 'agentType'>) {
  return buildAgentCommand({
    config: buildConfig(),
    program: opts.agentType,
    task: 'review this change',
    sessionId: 'sess-1234',
    workingDir: '/tmp/repo',
    mode: 'headless',
    pluginRootSeeds,
    processEnv: CLEAN_ENV,
    homeDir: '/nonexistent-home',
    ...opts,
  });
}

const fullProfile = profile({
  profile_name: 'reviewer',
  model: 'sonnet',
  allowed_tools: ['Read', 'Edit'],
  disallowed_tools: ['Bash'],
  permission_mode: 'plan',
  add_dirs: ['docs', 'specs'],
  max_budget_usd: 1.25,
  token_budget: 750,
  append_system_prompt: 'Review thoroughly.',
});

describe('Claude command', () => {
  it('passes every profile flag in order and the task unchanged on stdin (test 1, plus stream-json)', () => {
    const cmd = build({ agentType: 'claude', profile: fullProfile });
    // Seed vector with two Switchyard changes: stream-json output right after the session name,
    // and the task on standard input instead of the last argument, so `ps` never shows it.
    expect(cmd.args).toEqual([
      '--print', '--name', 'ecc-sess-1234',
      '--output-format', 'stream-json', '--verbose',
      '--model', 'sonnet',
      '--allowed-tools', 'Read,Edit',
      '--disallowed-tools', 'Bash',
      '--permission-mode', 'plan',
      '--add-dir', 'docs', '--add-dir', 'specs',
      '--max-budget-usd', '1.25',
      '--append-system-prompt', 'Review thoroughly.',
    ]);
    expect(cmd.stdin).toBe('review this change');
    expect(cmd.args.join('\n')).not.toContain('750');
    expect(cmd.program).toBe('claude');
    expect(cmd.cwd).toBe('/tmp/repo');
    expect(cmd.env.ECC_HARNESS).toBe('claude');
    expect(cmd.env.CLAUDE_MODEL).toBe('sonnet');
  });

  it('runs interactive without --print or stream-json, the task as the initial prompt', () => {
    const cmd = build({ agentType: 'claude-code', profile: fullProfile, mode: 'interactive' });
    expect(cmd.args).toEqual([
      '--name', 'ecc-sess-1234',
      '--model', 'sonnet',
      '--allowed-tools', 'Read,Edit',
      '--disallowed-tools', 'Bash',
      '--permission-mode', 'plan',
      '--add-dir', 'docs', '--add-dir', 'specs',
      // --max-budget-usd only works with --print: interactive budgets are Switchyard's to enforce.
      '--append-system-prompt', 'Review thoroughly.',
      '--', 'review this change',
    ]);
  });

  it('adds --resume before the task and the hooks (reporting) first, in both modes', () => {
    const settingsJson = JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify stop' }] }] } });
    const reporting = { args: ['--settings', settingsJson], env: { SWITCHYARD_HOOKS: '1' } };
    const headless = build({ agentType: 'claude', resumeSessionId: 'c0ffee-uuid', reporting });
    expect(headless.args).toEqual([
      '--settings', settingsJson, '--print', '--name', 'ecc-sess-1234', '--output-format', 'stream-json', '--verbose',
      '--resume', 'c0ffee-uuid',
    ]);
    expect(headless.stdin).toBe('review this change');
    const interactive = build({ agentType: 'claude', mode: 'interactive', resumeSessionId: 'c0ffee-uuid', reporting });
    expect(interactive.args).toEqual([
      '--settings', settingsJson, '--name', 'ecc-sess-1234', '--resume', 'c0ffee-uuid', '--', 'review this change',
    ]);
    expect(interactive.env.SWITCHYARD_HOOKS).toBe('1');
  });

  it('starts an interactive session without a prompt when the task is empty', () => {
    expect(build({ agentType: 'claude', mode: 'interactive', task: '' }).args).toEqual(['--name', 'ecc-sess-1234']);
  });
});

describe('Codex command', () => {
  // Codex's modes are sandbox policies; "plan" (a Claude/Gemini mode) fails at config load.
  const codexProfile = { ...fullProfile, model: 'gpt-5.4', permission_mode: 'read-only' };
  // The permission mode is a flag now (--sandbox), so it is no longer projected into the task (seed test 2 projected it).
  const projected =
    'System instructions:\nReview thoroughly.\n\nECC execution profile:\n- Allowed tools: Read\n' +
    '- Disallowed tools: Bash\n- Max budget USD: 1.25\n- Token budget: 750\n\n' +
    'Task:\nreview this change';

  it('passes model and add-dirs as flags and projects the rest (test 2)', () => {
    const cmd = build({ agentType: 'codex', profile: { ...codexProfile, allowed_tools: ['Read'] } });
    expect(cmd.args).toEqual([
      // --json: stdout is JSONL, which the Codex stream adapter reads (tokens, tools, files, thread id).
      'exec', '--json', '--skip-git-repo-check', '--sandbox', 'read-only', '--cd', '/tmp/repo', '--color', 'never',
      '--model', 'gpt-5.4', '--add-dir', 'docs', '--add-dir', 'specs',
      // `-`: exec reads the prompt from stdin, so no command line carries the task.
      '-',
    ]);
    expect(cmd.stdin).toBe(projected);
    expect(cmd.env).toMatchObject({
      ECC_SESSION_ID: 'sess-1234',
      CLAUDE_SESSION_ID: 'sess-1234',
      CLAUDE_PROJECT_DIR: '/tmp/repo',
      CLAUDE_CODE_ENTRYPOINT: 'cli',
      ECC_HARNESS: 'codex',
      CLAUDE_MODEL: 'gpt-5.4',
      CLAUDE_PLUGIN_ROOT: PLUGIN_ROOT_FIXTURE,
    });
  });

  it('uses the TUI form (no exec, no --skip-git-repo-check/--color) in interactive mode', () => {
    const cmd = build({ agentType: 'codex', mode: 'interactive', profile: { ...codexProfile, allowed_tools: ['Read'] } });
    expect(cmd.args).toEqual([
      '--sandbox', 'read-only', '--cd', '/tmp/repo', '--model', 'gpt-5.4',
      '--add-dir', 'docs', '--add-dir', 'specs', '--', projected,
    ]);
  });

  it('resumes a headless session with its Codex thread id instead of re-sending the task', () => {
    const thread = '01a2321c-c225-74b3-9598-10d39a111b60';
    const cmd = build({ agentType: 'codex', inWorktree: true, resumeSessionId: thread, task: 'the operator has now allowed it' });
    // exec's flags stay before `resume` (the subcommand has no --sandbox/--cd/--color); checked with Codex 0.171.
    expect(cmd.args).toEqual([
      'exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '--cd', '/tmp/repo', '--color', 'never',
      'resume', thread, '-',
    ]);
    expect(cmd.stdin).toBe('the operator has now allowed it');
    // The TUI form has no `exec resume`: an interactive session still starts a new conversation.
    expect(build({ agentType: 'codex', mode: 'interactive', resumeSessionId: thread }).args).not.toContain(thread);
  });
});

describe('OpenCode command', () => {
  const openProfile = profile({
    model: 'anthropic/claude-sonnet-4',
    add_dirs: ['docs'],
    append_system_prompt: 'Build carefully.',
  });
  const projected =
    'System instructions:\nBuild carefully.\n\nECC execution profile:\n- Additional context dirs: docs\n\n' +
    'Task:\nstabilize callback flow';

  it('projects add-dirs and the system prompt into the task (test 3)', () => {
    const cmd = build({ agentType: 'opencode', sessionId: 'sess-9999', task: 'stabilize callback flow', profile: openProfile });
    expect(cmd.args).toEqual([
      'run', '--format', 'json', '--dir', '/tmp/repo', '--title', 'ecc-sess-9999', '--model', 'anthropic/claude-sonnet-4',
    ]);
    expect(cmd.stdin).toBe(projected);
  });

  it('continues OpenCode\'s own session with --session <id> on resume, headless only', () => {
    const cmd = build({ agentType: 'opencode', task: 'retry with the call allowed', resumeSessionId: 'ses_dcde182cdffe6XfJ5DVCZYtC01' });
    expect(cmd.args).toEqual([
      'run', '--format', 'json', '--dir', '/tmp/repo', '--session', 'ses_dcde182cdffe6XfJ5DVCZYtC01',
    ]);
    expect(cmd.stdin).toBe('retry with the call allowed');
  });

  it('starts the TUI with --prompt=<task> in interactive mode', () => {
    const cmd = build({
      agentType: 'opencode', sessionId: 'sess-9999', task: 'stabilize callback flow', profile: openProfile, mode: 'interactive',
    });
    expect(cmd.args).toEqual(['/tmp/repo', '--model', 'anthropic/claude-sonnet-4', `--prompt=${projected}`]);
  });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Gemini command', () => {
  const gemProfile = profile({
    model: 'gemini-2.5-pro',
    allowed_tools: ['Read'],
    disallowed_tools: ['Bash'],
    permission_mode: 'plan',
    add_dirs: ['docs', '../shared'],
    max_budget_usd: 1.0,
    token_budget: 500,
    append_system_prompt: 'Use repo context carefully.',
  });
  const projected =
    'System instructions:\nUse repo context carefully.\n\nECC execution profile:\n- Allowed tools: Read\n' +
    '- Disallowed tools: Bash\n- Max budget USD: 1\n- Token budget: 500\n\n' +
    'Task:\ninvestigate auth regression';

  it('uses the real CLI form: the prompt on stdin, no -p (test 4)', () => {
    const cmd = build({ agentType: 'gemini', sessionId: 'sess-gem1', task: 'investigate auth regression', profile: gemProfile });
    // ECC2 emitted `-p -m gemini-2.5-pro --include-directories docs,../shared <task>`. Gemini CLI
    // 0.61's -p takes a value, so that would send "-m" as the prompt. Without a terminal on stdin
    // Gemini runs headless and reads the prompt from stdin, so no command line carries the task;
    // --skip-trust lets headless runs start in a fresh worktree. Headless prints stream-json
    // (tokens, tool calls) and starts the conversation under an id Switchyard chose.
    expect(cmd.args).toEqual([
      '--skip-trust', '-o', 'stream-json', '--session-id', expect.stringMatching(UUID),
      '--approval-mode', 'plan', '-m', 'gemini-2.5-pro', '--include-directories', 'docs,../shared',
    ]);
    expect(cmd.stdin).toBe(projected);
    expect(cmd.stdin).toContain('- Max budget USD: 1\n');
  });

  it('chooses a new UUID for each fresh launch (Gemini refuses --session-id of an existing conversation)', () => {
    const id = () => {
      const args = build({ agentType: 'gemini', sessionId: 'sess-gem1' }).args;
      return args[args.indexOf('--session-id') + 1];
    };
    const first = id();
    expect(first).toMatch(UUID);
    expect(id()).not.toBe(first);
  });

  it("resumes Gemini's own conversation with --resume <id> instead of starting a new one", () => {
    const cmd = build({ agentType: 'gemini', sessionId: 'sess-gem1', task: 'go on', resumeSessionId: 'f0950426-3579-4bba-af45-b2a725e22f96' });
    expect(cmd.args).toEqual(['--skip-trust', '-o', 'stream-json', '--resume', 'f0950426-3579-4bba-af45-b2a725e22f96']);
    expect(cmd.stdin).toBe('go on');
    // The CLI refuses --resume together with --session-id.
    expect(cmd.args).not.toContain('--session-id');
  });

  it('uses --prompt-interactive=<task> in interactive mode', () => {
    const cmd = build({
      agentType: 'gemini-cli', task: 'investigate auth regression', profile: gemProfile, mode: 'interactive',
    });
    expect(cmd.args).toEqual([
      '--approval-mode', 'plan', '-m', 'gemini-2.5-pro', '--include-directories', 'docs,../shared', `--prompt-interactive=${projected}`,
    ]);
    expect(cmd.env.ECC_HARNESS).toBe('gemini');
  });
});

describe('write posture', () => {
  it('lets each agent edit inside a Switchyard worktree by default', () => {
    const args = (agentType: string, mode: 'headless' | 'interactive' = 'headless') => build({ agentType, inWorktree: true, mode }).args;
    expect(args('claude')).toEqual(expect.arrayContaining(['--permission-mode', 'acceptEdits']));
    expect(args('claude', 'interactive')).toEqual(expect.arrayContaining(['--permission-mode', 'acceptEdits']));
    expect(args('codex').slice(0, 5)).toEqual(['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write']);
    expect(args('codex', 'interactive').slice(0, 2)).toEqual(['--sandbox', 'workspace-write']);
    expect(args('gemini')).toEqual(expect.arrayContaining(['--approval-mode', 'auto_edit']));
    // OpenCode's own rules already allow edits inside its directory: nothing to add.
    expect(args('opencode')).toEqual(['run', '--format', 'json', '--dir', '/tmp/repo', '--title', 'ecc-sess-1234']);
  });

  it("keeps each agent's own default in the user's checkout", () => {
    for (const agentType of ['claude', 'codex', 'gemini', 'opencode']) {
      const args = build({ agentType, inWorktree: false }).args.join(' ');
      expect(args).not.toMatch(/--permission-mode|--sandbox|--approval-mode|--auto/);
    }
  });

  it('follows worktree_permission_mode, and a profile mode wins over it anywhere', () => {
    const config = buildConfig();
    config.worktree_permission_mode = { ...config.worktree_permission_mode, claude: 'plan', opencode: 'auto' };
    expect(build({ agentType: 'claude', config, inWorktree: true }).args).toEqual(expect.arrayContaining(['--permission-mode', 'plan']));
    expect(build({ agentType: 'opencode', config, inWorktree: true }).args).toContain('--auto');
    const strict = profile({ permission_mode: 'manual' });
    expect(build({ agentType: 'claude', config, inWorktree: true, profile: strict }).args).toEqual(expect.arrayContaining(['--permission-mode', 'manual']));
    expect(build({ agentType: 'claude', inWorktree: false, profile: strict }).args).toEqual(expect.arrayContaining(['--permission-mode', 'manual']));
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src-main/engine/config';
import { sandbox } from './fixture';

/** Loads a user file with `text` and returns the ConfigError it must raise. */
function errorFor(text: string): { error: ConfigError; file: string } {
  const box = sandbox();
  const file = box.write('home/config.toml', text);
  try {
    loadConfig({ home: box.home, cwd: box.project });
  } catch (error) {
    if (error instanceof ConfigError) return { error, file };
    throw error;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

describe('value validation', () => {
  it('names file, key, expectation, found value and the default for a wrong type', () => {
    const { error, file } = errorFor('max_parallel_sessions = "four"\n');
    expect(error.message).toBe(
      `${file}: max_parallel_sessions: expected a non-negative integer, found string "four" (fix the value or remove the key to use the default, 8)`,
    );
    expect(error).toMatchObject({ file, key: 'max_parallel_sessions', expected: 'a non-negative integer', found: 'string "four"' });
  });

  const cases: { name: string; toml: string; key: string; expected: string; found: string }[] = [
    { name: 'negative count', toml: 'max_parallel_worktrees = -1', key: 'max_parallel_worktrees', expected: 'a non-negative integer', found: 'integer -1' },
    { name: 'fractional token budget', toml: 'token_budget = 1.5', key: 'token_budget', expected: 'a non-negative integer', found: 'number 1.5' },
    { name: 'zero heartbeat', toml: 'heartbeat_interval_secs = 0', key: 'heartbeat_interval_secs', expected: 'an integer of at least 1', found: 'integer 0' },
    { name: 'zero session timeout', toml: 'session_timeout_secs = 0', key: 'session_timeout_secs', expected: 'an integer of at least 1', found: 'integer 0' },
    { name: 'negative cost budget', toml: 'cost_budget_usd = -2.5', key: 'cost_budget_usd', expected: 'a non-negative number', found: 'number -2.5' },
    { name: 'non-finite cost budget', toml: 'cost_budget_usd = inf', key: 'cost_budget_usd', expected: 'a non-negative number', found: 'number inf' },
    { name: 'boolean as string', toml: 'auto_create_worktrees = "yes"', key: 'auto_create_worktrees', expected: 'a boolean (true or false)', found: 'string "yes"' },
    {
      name: 'budget threshold out of (0,1)',
      toml: '[budget_alert_thresholds]\ncritical = 1.0',
      key: 'budget_alert_thresholds.critical',
      expected: 'a number greater than 0 and less than 1',
      found: 'integer 1',
    },
    { name: 'risk threshold above 1', toml: '[risk_thresholds]\nblock = 1.2', key: 'risk_thresholds.block', expected: 'a number from 0 to 1', found: 'number 1.2' },
    {
      name: 'unknown conflict strategy',
      toml: '[conflict_resolution]\nstrategy = "yolo"',
      key: 'conflict_resolution.strategy',
      expected: 'one of "escalate", "last_write_wins", "merge"',
      found: 'string "yolo"',
    },
    {
      name: 'unknown worktree permission mode',
      toml: '[worktree_permission_mode]\nclaude = "bogusMode"',
      key: 'worktree_permission_mode.claude',
      expected: 'one of "default", "acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan"',
      found: 'string "bogusMode"',
    },
    {
      name: "a Claude mode given to Codex's sandbox",
      toml: '[worktree_permission_mode]\ncodex = "acceptEdits"',
      key: 'worktree_permission_mode.codex',
      expected: 'one of "read-only", "workspace-write", "danger-full-access"',
      found: 'string "acceptEdits"',
    },
    {
      name: "a profile mode its agent does not have",
      toml: '[agent_profiles.writer]\nagent = "gemini"\npermission_mode = "acceptEdits"',
      key: 'agent_profiles.writer.permission_mode',
      expected: `one of "default", "auto_edit", "yolo", "plan" (gemini's permission modes)`,
      found: 'string "acceptEdits"',
    },
    {
      name: 'a bogus profile mode for the default agent (claude)',
      toml: '[agent_profiles.writer]\npermission_mode = "bogusMode"',
      key: 'agent_profiles.writer.permission_mode',
      expected: `one of "default", "acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan" (claude's permission modes)`,
      found: 'string "bogusMode"',
    },
    { name: 'theme case', toml: 'theme = "dark"', key: 'theme', expected: 'one of "Dark", "Light"', found: 'string "dark"' },
    { name: 'pane layout', toml: 'pane_layout = "tabs"', key: 'pane_layout', expected: 'one of "horizontal", "vertical", "grid"', found: 'string "tabs"' },
    { name: 'default mode', toml: 'default_mode = "batch"', key: 'default_mode', expected: 'one of "headless", "interactive"', found: 'string "batch"' },
    {
      name: 'completion delivery',
      toml: '[completion_summary_notifications]\ndelivery = "email"',
      key: 'completion_summary_notifications.delivery',
      expected: 'one of "desktop", "tui_popup", "desktop_and_tui_popup"',
      found: 'string "email"',
    },
    {
      name: 'webhook provider',
      toml: '[[webhook_notifications.targets]]\nprovider = "teams"\nurl = "https://x"',
      key: 'webhook_notifications.targets[0].provider',
      expected: 'one of "slack", "discord"',
      found: 'string "teams"',
    },
    {
      name: 'webhook target without url',
      toml: '[[webhook_notifications.targets]]\nprovider = "slack"',
      key: 'webhook_notifications.targets[0].url',
      expected: 'a string',
      found: 'nothing',
    },
    {
      name: 'quiet hour out of range',
      toml: '[desktop_notifications.quiet_hours]\nstart_hour = 24',
      key: 'desktop_notifications.quiet_hours.start_hour',
      expected: 'an integer from 0 to 23',
      found: 'integer 24',
    },
    { name: 'pane size percent', toml: 'linear_pane_size_percent = 150', key: 'linear_pane_size_percent', expected: 'an integer from 20 to 80', found: 'integer 150' },
    { name: 'table expected', toml: 'conflict_resolution = true', key: 'conflict_resolution', expected: 'a table', found: 'boolean true' },
    { name: 'empty path', toml: 'db_path = ""', key: 'db_path', expected: 'a non-empty path string', found: 'string ""' },
    { name: 'runner program', toml: '[harness_runners.acme]\nprogram = 7', key: 'harness_runners.acme.program', expected: 'a string', found: 'integer 7' },
    {
      name: 'runner base_args',
      toml: '[harness_runners.acme]\nbase_args = ["run", 3]',
      key: 'harness_runners.acme.base_args',
      expected: 'an array of strings',
      found: 'integer 3 at index 1',
    },
    { name: 'runner env value', toml: '[harness_runners.acme.env]\nDEBUG = 1', key: 'harness_runners.acme.env.DEBUG', expected: 'a string', found: 'integer 1' },
    {
      name: 'runner inline flag',
      toml: '[harness_runners.acme]\ninline_system_prompt_for_task = "no"',
      key: 'harness_runners.acme.inline_system_prompt_for_task',
      expected: 'a boolean (true or false)',
      found: 'string "no"',
    },
    {
      name: 'profile tools',
      toml: '[agent_profiles.r]\nallowed_tools = "Read"',
      key: 'agent_profiles.r.allowed_tools',
      expected: 'an array of strings',
      found: 'string "Read"',
    },
    {
      name: 'profile budget',
      toml: '[agent_profiles.r]\nmax_budget_usd = "1"',
      key: 'agent_profiles.r.max_budget_usd',
      expected: 'a non-negative number',
      found: 'string "1"',
    },
    {
      name: 'template step without task',
      toml: '[orchestration_templates.t]\n[[orchestration_templates.t.steps]]\nname = "plan"',
      key: 'orchestration_templates.t.steps[0].task',
      expected: 'a string',
      found: 'nothing',
    },
    {
      name: 'template step task not a string',
      toml: '[[orchestration_templates.t.steps]]\ntask = ["a"]',
      key: 'orchestration_templates.t.steps[0].task',
      expected: 'a string',
      found: 'array ["a"]',
    },
  ];

  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const { error, file } = errorFor(`${c.toml}\n`);
      expect({ file: error.file, key: error.key, expected: error.expected, found: error.found }).toEqual({
        file,
        key: c.key,
        expected: c.expected,
        found: c.found,
      });
      expect(error.message.startsWith(`${file}: ${c.key}: expected ${c.expected}, found ${c.found} (`)).toBe(true);
    });
  }

  it('suggests the right spelling of an enum value written in the wrong case', () => {
    expect(errorFor('theme = "light"\n').error.message).toContain('did you mean "Light"?');
  });

  it('reports budget alert thresholds that are not increasing instead of silently resetting them', () => {
    const { error, file } = errorFor('[budget_alert_thresholds]\nadvisory = 0.8\nwarning = 0.75\n');
    expect(error.key).toBe('budget_alert_thresholds');
    expect(error.message).toContain(`${file}: budget_alert_thresholds: expected advisory < warning < critical`);
    expect(error.message).toContain('found advisory 0.8, warning 0.75, critical 0.9');
  });

  it('reports risk thresholds that are not increasing', () => {
    const { error } = errorFor('[risk_thresholds]\nreview = 0.9\n');
    expect(error.message).toContain('risk_thresholds: expected review < confirm < block, found review 0.9, confirm 0.6, block 0.85');
  });

  it('blames the project file when the project layer breaks the threshold order', () => {
    const box = sandbox();
    box.write('home/config.toml', '[budget_alert_thresholds]\nadvisory = 0.4\n');
    const project = box.writeTrusted('project/switchyard.toml', '[budget_alert_thresholds]\ncritical = 0.3\n');
    expect(() => loadConfig({ home: box.home, cwd: box.project })).toThrow(`${project}: budget_alert_thresholds`);
  });

  it('rejects a worktree branch prefix made only of slashes', () => {
    const { error, file } = errorFor('worktree_branch_prefix = "//"\n');
    expect(error.message).toContain(`${file}: worktree_branch_prefix`);
    expect(error.message).toContain('worktree_branch_prefix cannot be empty');
    expect(error.found).toBe('string "//"');
  });

  it('rejects two profiles in one file whose names differ only in case', () => {
    const { error } = errorFor('[agent_profiles.Reviewer]\nmodel = "a"\n[agent_profiles.reviewer]\nmodel = "b"\n');
    expect(error.key).toBe('agent_profiles.reviewer');
    expect(error.found).toBe('"Reviewer" and "reviewer"');
  });

  it('reports a TOML syntax error with file, line and column', () => {
    const box = sandbox();
    const file = box.writeTrusted('project/switchyard.toml', 'theme = "Dark"\n\nmax_parallel_sessions = = 4\n');
    let caught: unknown;
    try {
      loadConfig({ home: box.home, cwd: box.project });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    // The second `=` on line 3 is where the value should start.
    expect(error.message.split('\n')[0]).toBe(`${file}:3:25: invalid TOML: invalid value`);
    expect(error).toMatchObject({ file, line: 3, column: 25 });
  });
});

// Every enumerated config value is checked against its allowed list at load (issue 13), and the
// message names the allowed values; the settings form's own check uses the same lists.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src-main/engine/config';
import { setConfigValues } from '../../../src-main/engine/config/edit';
import { describeConfigSchema } from '../../../src-main/engine/views';
import { allowedValues, choiceProblem } from '../../../src-main/api/setting-choices';
import { sandbox } from './fixture';

function errorFor(text: string): ConfigError {
  const box = sandbox();
  box.write('home/config.toml', text);
  try {
    loadConfig({ home: box.home, cwd: box.project });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

const loads = (text: string) => {
  const box = sandbox();
  box.write('home/config.toml', text);
  return loadConfig({ home: box.home, cwd: box.project }).config;
};

describe('enumerated values at load', () => {
  const refused: [string, string, RegExp][] = [
    ['[agent_profiles.x]\npermission_mode = "bogusMode"', 'agent_profiles.x.permission_mode', /expected one of "default", "acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan" \(claude's permission modes\), found string "bogusMode"/],
    ['[agent_profiles.x]\nagent = "codex"\npermission_mode = "acceptEdits"', 'agent_profiles.x.permission_mode', /expected one of "read-only", "workspace-write", "danger-full-access" \(codex's permission modes\)/],
    ['default_mode = "batch"', 'default_mode', /expected one of "headless", "interactive", found string "batch"/],
    ['theme = "Solarized"', 'theme', /expected one of "Dark", "Light"/],
    ['pane_layout = "tabs"', 'pane_layout', /expected one of "horizontal", "vertical", "grid"/],
    ['[conflict_resolution]\nstrategy = "coin_flip"', 'conflict_resolution.strategy', /expected one of "escalate", "last_write_wins", "merge"/],
    ['[worktree_permission_mode]\ngemini = "acceptEdits"', 'worktree_permission_mode.gemini', /expected one of "default", "auto_edit", "yolo", "plan"/],
    ['[completion_summary_notifications]\ndelivery = "email"', 'completion_summary_notifications.delivery', /expected one of "desktop", "tui_popup", "desktop_and_tui_popup"/],
    ['[[webhook_notifications.targets]]\nprovider = "teams"\nurl = "https://x"', 'webhook_notifications.targets', /expected one of "slack", "discord"/],
    ['default_agent = "claud"', 'default_agent', /expected one of "claude", "codex", "opencode", "gemini", "auto", found string "claud" \(fix the name, or configure \[harness_runners\.claud\]/],
    ['[agent_profiles.x]\nagent = "cursor"', 'agent_profiles.x.agent', /expected one of "claude", "codex", "opencode", "gemini", "auto"/],
    ['[computer_use_dispatch]\nagent = "robot"', 'computer_use_dispatch.agent', /found string "robot"/],
    ['[orchestration_templates.t]\n[[orchestration_templates.t.steps]]\ntask = "x"\nagent = "nobody"', 'orchestration_templates.t.steps[0].agent', /found string "nobody"/],
  ];
  for (const [toml, key, message] of refused) {
    it(`refuses ${key} outside its list, naming the allowed values`, () => {
      const error = errorFor(toml);
      expect(error.message).toContain(`: ${key.replace(/\[\d+\].*$/, '')}`);
      expect(error.message).toMatch(message);
    });
  }

  it('accepts aliases, auto, configured runners and template placeholders', () => {
    const config = loads(
      [
        'default_agent = "claude-code"',
        '[harness_runners.aider]',
        'program = "aider"',
        '[agent_profiles.a]',
        'agent = "Aider"',
        'permission_mode = "anything-aider-takes"',
        '[agent_profiles.b]',
        'agent = "auto"',
        '[orchestration_templates.t]',
        'agent = "{{ agent }}"',
        '[[orchestration_templates.t.steps]]',
        'task = "x"',
        '',
      ].join('\n'),
    );
    expect(config.default_agent).toBe('claude-code');
  });
});

describe('the settings form', () => {
  it('is refused by setConfigValues with the loader message, and nothing is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-enum-'));
    try {
      const file = join(dir, 'config.toml');
      writeFileSync(file, '[agent_profiles.writer]\nmodel = "opus"\n');
      const result = setConfigValues(file, [{ key: 'agent_profiles.writer.permission_mode', value: 'bogusMode' }], dir);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors[0]).toMatchObject({ key: 'agent_profiles.writer.permission_mode' });
      expect(!result.ok && result.errors[0]?.message).toMatch(/expected one of "default", "acceptEdits".*found string "bogusMode"/);
      expect(readFileSync(file, 'utf8')).toBe('[agent_profiles.writer]\nmodel = "opus"\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows the allowed values of agent and permission-mode fields, per agent', () => {
    const fields = describeConfigSchema();
    const mode = fields.find((f) => f.key === 'agent_profiles.<name>.permission_mode')!;
    const agent = fields.find((f) => f.key === 'default_agent')!;
    expect(choiceProblem(allowedValues(mode, { runners: [], defaultAgent: 'claude' }), 'bogusMode')).toBe(
      'expected one of "default", "acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan" (claude\'s permission modes), found "bogusMode"',
    );
    expect(choiceProblem(allowedValues(mode, { runners: [], profileAgent: 'codex', defaultAgent: 'claude' }), 'workspace-write')).toBeNull();
    expect(choiceProblem(allowedValues(mode, { runners: [], profileAgent: 'codex', defaultAgent: 'claude' }), 'acceptEdits')).toMatch(/codex's permission modes/);
    // A runner's modes are its own CLI's business.
    expect(allowedValues(mode, { runners: ['aider'], profileAgent: 'aider', defaultAgent: 'claude' })).toBeNull();
    const agents = allowedValues(agent, { runners: ['aider'], defaultAgent: 'claude' });
    expect(agents?.values).toEqual(['claude', 'codex', 'opencode', 'gemini', 'auto', 'aider']);
    expect(choiceProblem(agents, 'Claude-Code')).toBeNull();
    expect(choiceProblem(agents, 'claud')).toMatch(/^expected one of "claude", .*"aider" \(agents Switchyard can start/);
    expect(choiceProblem(agents, '')).toBeNull();
  });
});

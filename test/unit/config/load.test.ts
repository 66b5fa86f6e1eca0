import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configEntries, defaultConfig, loadConfig } from '../../../src-main/engine/config';
import { sandbox } from './fixture';

describe('defaultConfig', () => {
  it('keeps ECC2 defaults but puts the database and worktrees in the data home', () => {
    const config = defaultConfig('/data/sw');
    expect(config.db_path).toBe('/data/sw/switchyard.db');
    expect(config.worktree_root).toBe('/data/sw/worktrees');
    expect(config.default_mode).toBe('headless');
    expect(config.worktree_branch_prefix).toBe('ecc');
    expect(config.max_parallel_sessions).toBe(8);
    expect(config.max_parallel_worktrees).toBe(6);
    expect(config.session_timeout_secs).toBe(3600);
    expect(config.heartbeat_interval_secs).toBe(30);
    expect(config.cost_budget_usd).toBe(10);
    expect(config.token_budget).toBe(500_000);
    expect(config.budget_alert_thresholds).toEqual({ advisory: 0.5, warning: 0.75, critical: 0.9 });
    expect(config.risk_thresholds).toEqual({ review: 0.35, confirm: 0.6, block: 0.85 });
    expect(config.conflict_resolution).toEqual({ enabled: true, strategy: 'escalate', notify_lead: true });
    expect(config.desktop_notifications.quiet_hours).toEqual({ enabled: false, start_hour: 22, end_hour: 8 });
    expect(config.computer_use_dispatch).toEqual({ use_worktree: false });
  });
});

describe('loadConfig layers', () => {
  it('uses the defaults when there is no file anywhere, and creates nothing', () => {
    const box = sandbox();
    const home = join(box.root, 'not-yet-created');
    const loaded = loadConfig({ home, cwd: box.project });
    expect(loaded.config).toEqual(defaultConfig(home));
    expect(loaded.files).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.sources['max_parallel_sessions']).toEqual({ kind: 'default' });
    expect(existsSync(home)).toBe(false);
    expect(readdirSync(box.project)).toEqual([]);
  });

  it('applies the user file and records it as the source of the keys it sets', () => {
    const box = sandbox();
    const file = box.write('home/config.toml', 'max_parallel_sessions = 3\n[conflict_resolution]\nstrategy = "merge"\n');
    const loaded = loadConfig({ home: box.home, cwd: box.project });
    expect(loaded.config.max_parallel_sessions).toBe(3);
    expect(loaded.config.conflict_resolution).toEqual({ enabled: true, strategy: 'merge', notify_lead: true });
    expect(loaded.files).toEqual([{ kind: 'user', path: file }]);
    expect(loaded.sources['max_parallel_sessions']).toEqual({ kind: 'user', file });
    expect(loaded.sources['conflict_resolution.strategy']).toEqual({ kind: 'user', file });
    expect(loaded.sources['conflict_resolution.enabled']).toEqual({ kind: 'default' });
  });

  it('finds the nearest switchyard.toml walking up from a nested cwd, and it wins over the user file', () => {
    const box = sandbox();
    const user = box.write('home/config.toml', 'max_parallel_sessions = 3\nmax_parallel_worktrees = 2\n');
    box.write('switchyard.toml', 'max_parallel_sessions = 99\n'); // further up: shadowed by the nearer one
    const project = box.writeTrusted('project/switchyard.toml', 'max_parallel_sessions = 5\n');
    const nested = join(box.project, 'src', 'deep');
    mkdirSync(nested, { recursive: true });
    const loaded = loadConfig({ home: box.home, cwd: nested });
    expect(loaded.config.max_parallel_sessions).toBe(5);
    expect(loaded.config.max_parallel_worktrees).toBe(2);
    expect(loaded.files).toEqual([
      { kind: 'user', path: user },
      { kind: 'project', path: project },
    ]);
    expect(loaded.sources['max_parallel_sessions']).toEqual({ kind: 'project', file: project });
    expect(loaded.sources['max_parallel_worktrees']).toEqual({ kind: 'user', file: user });
  });

  it('reads an explicit configFile instead of the user file', () => {
    const box = sandbox();
    box.write('home/config.toml', 'max_parallel_sessions = 3\ntoken_budget = 7\n');
    const explicit = box.write('elsewhere/custom.toml', 'max_parallel_sessions = 2\n');
    const loaded = loadConfig({ home: box.home, cwd: box.project, configFile: explicit });
    expect(loaded.config.max_parallel_sessions).toBe(2);
    expect(loaded.config.token_budget).toBe(500_000);
    expect(loaded.files).toEqual([{ kind: 'user', path: explicit }]);
  });

  it('fails naming an explicit configFile that does not exist (a missing user file is fine)', () => {
    const box = sandbox();
    const missing = join(box.root, 'nope.toml');
    expect(() => loadConfig({ home: box.home, cwd: box.project, configFile: missing })).toThrow(ConfigError);
    expect(() => loadConfig({ home: box.home, cwd: box.project, configFile: missing })).toThrow(`${missing}: config file not found`);
  });

  it('deep-merges one agent profile across layers, with arrays replaced', () => {
    const box = sandbox();
    const user = box.write(
      'home/config.toml',
      '[agent_profiles.reviewer]\nmodel = "opus"\nallowed_tools = ["Read", "Grep"]\npermission_mode = "plan"\n',
    );
    const project = box.writeTrusted('project/switchyard.toml', '[agent_profiles.reviewer]\nallowed_tools = ["Edit"]\ntoken_budget = 900\n');
    const loaded = loadConfig({ home: box.home, cwd: box.project });
    expect(loaded.config.agent_profiles['reviewer']).toEqual({
      model: 'opus',
      permission_mode: 'plan',
      allowed_tools: ['Edit'],
      token_budget: 900,
      disallowed_tools: [],
      add_dirs: [],
    });
    expect(loaded.sources['agent_profiles.reviewer.model']).toEqual({ kind: 'user', file: user });
    expect(loaded.sources['agent_profiles.reviewer.allowed_tools']).toEqual({ kind: 'project', file: project });
    expect(loaded.sources['agent_profiles.reviewer.add_dirs']).toEqual({ kind: 'default' });
  });

  it('merges harness runners and profiles whose names differ only in case or spaces', () => {
    const box = sandbox();
    box.write('home/config.toml', '[harness_runners.Cursor]\nprogram = "cursor-agent"\n');
    box.writeTrusted('project/switchyard.toml', '[harness_runners." cursor "]\ntask_flag = "--task"\n');
    const runners = loadConfig({ home: box.home, cwd: box.project }).config.harness_runners;
    expect(Object.keys(runners)).toEqual(['cursor']);
    expect(runners['cursor']).toMatchObject({ program: 'cursor-agent', task_flag: '--task', inline_system_prompt_for_task: true, env: {} });
  });

  it('resolves relative paths against the setting file and expands ~; add_dirs stay as written', () => {
    const box = sandbox();
    box.write('home/config.toml', 'db_path = "state/sw.db"\nworktree_root = "~/sw-trees"\n');
    box.writeTrusted('project/switchyard.toml', 'worktree_root = "../trees"\n[agent_profiles.p]\nadd_dirs = ["docs", "~/x"]\n');
    const { config } = loadConfig({ home: box.home, cwd: box.project });
    expect(config.db_path).toBe(join(box.home, 'state', 'sw.db'));
    expect(config.worktree_root).toBe(join(box.root, 'trees'));
    expect(config.agent_profiles['p']?.add_dirs).toEqual(['docs', '~/x']);
    const userOnly = loadConfig({ home: box.home, cwd: box.root }).config;
    expect(userOnly.worktree_root).toBe(join(homedir(), 'sw-trees'));
  });

  it('warns about an unknown key with the file and a did-you-mean suggestion, and ignores it', () => {
    const box = sandbox();
    const file = box.write(
      'home/config.toml',
      'max_paralel_sessions = 3\ntotally_unrelated = 1\n[agent_profiles.r]\nmodle = "opus"\n',
    );
    const loaded = loadConfig({ home: box.home, cwd: box.project });
    expect(loaded.config.max_parallel_sessions).toBe(8);
    expect(loaded.warnings.map((w) => w.key)).toEqual(['max_paralel_sessions', 'totally_unrelated', 'agent_profiles.r.modle']);
    const [typo, unrelated, nested] = loaded.warnings;
    expect(typo?.file).toBe(file);
    expect(typo?.message).toContain(file);
    expect(typo?.message).toContain('did you mean max_parallel_sessions?');
    expect(unrelated?.message).not.toContain('did you mean');
    expect(nested?.message).toContain('did you mean agent_profiles.r.model?');
  });

  it('lists every effective value with its source, sorted by key', () => {
    const box = sandbox();
    const file = box.write('home/config.toml', 'theme = "Light"\n[harness_runners.acme]\nprogram = "acme"\n');
    const entries = configEntries(loadConfig({ home: box.home, cwd: box.project }));
    const keys = entries.map((e) => e.key);
    expect(keys).toEqual([...keys].sort());
    expect(entries.find((e) => e.key === 'theme')).toEqual({ key: 'theme', value: 'Light', source: { kind: 'user', file } });
    expect(entries.find((e) => e.key === 'harness_runners.acme.program')?.source).toEqual({ kind: 'user', file });
    expect(entries.find((e) => e.key === 'harness_runners.acme.base_args')).toEqual({
      key: 'harness_runners.acme.base_args',
      value: [],
      source: { kind: 'default' },
    });
    expect(entries.find((e) => e.key === 'token_budget')).toEqual({ key: 'token_budget', value: 500_000, source: { kind: 'default' } });
  });
});

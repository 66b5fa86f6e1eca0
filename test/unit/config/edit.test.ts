import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src-main/engine/config';
import { editConfigText, setConfigValues } from '../../../src-main/engine/config/edit';
import { describeConfigSchema } from '../../../src-main/engine/views';

const ORIGINAL = `# Switchyard settings, kept by hand
max_parallel_sessions = 4 # small machine
theme = "Dark"
mystery_key = "kept" # not a Switchyard key
worktree_setup.copy_files = [
  ".env", # secrets
]

[conflict_resolution]
# who wins
strategy = "escalate"
enabled = true

[agent_profiles.Reviewer]
model = "opus"
allowed_tools = ["Read", "Grep"]

[[webhook_notifications.targets]]
provider = "slack"
url = "https://hooks.example/a"

[budget_alert_thresholds]
advisory = 0.4 # earlier heads-up
`;

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-cfg-edit-'));
  file = join(dir, 'config.toml');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = () => loadConfig({ home: dir, cwd: '/', configFile: file }).config;

describe('setConfigValues', () => {
  it('replaces values in place and keeps comments, key order and unknown keys', () => {
    writeFileSync(file, ORIGINAL);
    const result = setConfigValues(
      file,
      [
        { key: 'max_parallel_sessions', value: 6 },
        { key: 'conflict_resolution.strategy', value: 'merge' },
        { key: 'agent_profiles.reviewer.allowed_tools', value: ['Read', 'Edit "safe"'] },
        { key: 'budget_alert_thresholds.advisory', value: 0.3 },
      ],
      dir,
    );
    expect(result.ok).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(
      ORIGINAL.replace('max_parallel_sessions = 4 #', 'max_parallel_sessions = 6 #')
        .replace('strategy = "escalate"', 'strategy = "merge"')
        .replace('allowed_tools = ["Read", "Grep"]', 'allowed_tools = ["Read", "Edit \\"safe\\""]')
        .replace('advisory = 0.4 #', 'advisory = 0.3 #'),
    );
    const config = load();
    expect(config.max_parallel_sessions).toBe(6);
    expect(config.conflict_resolution.strategy).toBe('merge');
    expect(config.agent_profiles['reviewer']?.allowed_tools).toEqual(['Read', 'Edit "safe"']);
    expect(config.budget_alert_thresholds.advisory).toBe(0.3);
    // The unknown key is still there, reported as the loader reports it.
    expect(result.ok && result.warnings.map((w) => w.key)).toEqual(['mystery_key']);
    expect(result.ok && result.warnings[0]?.message).toContain(`${file}: unknown key mystery_key`);
  });

  it('appends new keys at the end of their table and creates missing tables', () => {
    writeFileSync(file, ORIGINAL);
    const result = setConfigValues(
      file,
      [
        { key: 'conflict_resolution.notify_lead', value: false },
        { key: 'default_mode', value: 'interactive' },
        { key: 'agent_profiles.reviewer.token_budget', value: 2000 },
        { key: 'harness_runners.mycli.program', value: '/usr/local/bin/my cli' },
        { key: 'harness_runners.mycli.base_args', value: ['--yes'] },
        { key: 'worktree_setup.setup_commands', value: ['npm ci'] },
      ],
      dir,
    );
    expect(result.ok).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('strategy = "escalate"\nenabled = true\nnotify_lead = false\n');
    expect(text).toContain('model = "opus"\nallowed_tools = ["Read", "Grep"]\ntoken_budget = 2000\n');
    expect(text).toContain('worktree_setup.copy_files = [\n  ".env", # secrets\n]\nworktree_setup.setup_commands = ["npm ci"]\ndefault_mode = "interactive"\n');
    expect(text.endsWith('[harness_runners.mycli]\nprogram = "/usr/local/bin/my cli"\nbase_args = ["--yes"]\n')).toBe(true);
    const config = load();
    expect(config.default_mode).toBe('interactive');
    expect(config.conflict_resolution.notify_lead).toBe(false);
    expect(config.agent_profiles['reviewer']?.token_budget).toBe(2000);
    expect(config.harness_runners['mycli']).toMatchObject({ program: '/usr/local/bin/my cli', base_args: ['--yes'] });
    expect(config.worktree_setup?.setup_commands).toEqual(['npm ci']);
  });

  it('deletes keys and whole tables, and replaces [[array]] tables', () => {
    writeFileSync(file, ORIGINAL);
    const result = setConfigValues(
      file,
      [
        { key: 'theme', value: undefined },
        { key: 'agent_profiles.reviewer', value: undefined },
        { key: 'webhook_notifications.targets', value: [{ provider: 'discord', url: 'https://d.example/x' }] },
      ],
      dir,
    );
    expect(result.ok).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('theme');
    expect(text).not.toContain('Reviewer');
    expect(text).not.toContain('[[webhook_notifications.targets]]');
    expect(text).toContain('# who wins');
    const config = load();
    expect(config.theme).toBe('Dark'); // back to the default
    expect(config.agent_profiles).toEqual({});
    expect(config.webhook_notifications.targets).toEqual([{ provider: 'discord', url: 'https://d.example/x' }]);
  });

  it('edits values inside inline tables', () => {
    writeFileSync(file, 'risk_thresholds = { review = 0.3, confirm = 0.6, block = 0.9 } # tuned\n');
    expect(setConfigValues(file, [{ key: 'risk_thresholds.block', value: 0.95 }], dir).ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('risk_thresholds = { review = 0.3, confirm = 0.6, block = 0.95 } # tuned\n');
  });

  it('refuses invalid values, writes nothing and reports each bad field with the loader message', () => {
    writeFileSync(file, ORIGINAL);
    const result = setConfigValues(
      file,
      [
        { key: 'max_parallel_sessions', value: 'four' },
        { key: 'theme', value: 'Light' },
        { key: 'conflict_resolution.strategy', value: 'Merge' },
      ],
      dir,
    );
    expect(result.ok).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(readdirSync(dir)).toEqual(['config.toml']); // no temp file left behind
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        key: 'max_parallel_sessions',
        message: `${file}: max_parallel_sessions: expected a non-negative integer, found string "four" (fix the value or remove the key to use the default, 8)`,
      },
      {
        key: 'conflict_resolution.strategy',
        message: `${file}: conflict_resolution.strategy: expected one of "escalate", "last_write_wins", "merge", found string "Merge" (did you mean "merge"? Values are case-sensitive)`,
      },
    ]);
  });

  it('applies the cross-key checks of loadConfig (threshold order, profile names)', () => {
    writeFileSync(file, ORIGINAL);
    const order = setConfigValues(file, [{ key: 'budget_alert_thresholds.warning', value: 0.3 }], dir);
    expect(order.ok).toBe(false);
    expect(!order.ok && order.errors[0]?.message).toContain('budget_alert_thresholds: expected advisory < warning < critical');
    const profile = setConfigValues(file, [{ key: 'default_agent_profile', value: 'writer' }], dir);
    expect(!profile.ok && profile.errors[0]).toMatchObject({ key: 'default_agent_profile' });
    expect(!profile.ok && profile.errors[0]?.message).toContain('the name of a defined agent profile (one of: reviewer)');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it('creates the file when it does not exist yet', () => {
    const nested = join(dir, 'home', 'config.toml');
    const result = setConfigValues(nested, [{ key: 'token_budget', value: 1000 }, { key: 'desktop_notifications.quiet_hours.enabled', value: true }], dir);
    expect(result.ok).toBe(true);
    expect(readFileSync(nested, 'utf8')).toBe('token_budget = 1000\n\n[desktop_notifications.quiet_hours]\nenabled = true\n');
    expect(existsSync(nested)).toBe(true);
    expect(statSync(nested).mode & 0o777).toBe(0o600); // written private, like everything in the data home
  });

  it('keeps CRLF line endings', () => {
    expect(editConfigText('theme = "Dark"\r\n\r\n[app]\r\nclose_to_tray = true\r\n', [{ key: 'app.start_at_login', value: true }])).toBe(
      'theme = "Dark"\r\n\r\n[app]\r\nclose_to_tray = true\r\nstart_at_login = true\r\n',
    );
  });
});

describe('describeConfigSchema', () => {
  it('lists every key with type, default, range and a description', () => {
    const fields = describeConfigSchema('/h');
    const byKey = new Map(fields.map((f) => [f.key, f]));
    expect(byKey.get('max_parallel_sessions')).toMatchObject({ type: 'int', default: 8, min: 0, expected: 'a non-negative integer' });
    expect(byKey.get('linear_pane_size_percent')).toMatchObject({ min: 20, max: 80, default: 35 });
    expect(byKey.get('conflict_resolution.strategy')).toMatchObject({ type: 'enum', values: ['escalate', 'last_write_wins', 'merge'], default: 'escalate' });
    expect(byKey.get('budget_alert_thresholds.advisory')).toMatchObject({ type: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.5 });
    expect(byKey.get('db_path')).toMatchObject({ type: 'path', default: '/h/switchyard.db' });
    expect(byKey.get('agent_profiles.<name>.token_budget')?.type).toBe('int');
    expect(byKey.get('harness_runners.<name>.inline_system_prompt_for_task')?.default).toBe(true);
    expect(byKey.get('webhook_notifications.targets')?.itemFields?.map((f) => [f.key, f.required])).toEqual([
      ['provider', true],
      ['url', true],
    ]);
    for (const f of fields) expect(f.description.length).toBeGreaterThan(0);
  });
});

// `[merge_queue]` (issue 15): validated like every key, a check command counts as code a project
// file runs (so it needs trust), and the user's config can set it per repository.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src-main/engine/config';
import { executableKeys } from '../../../src-main/engine/config/executable';
import { repoMergeSettings } from '../../../src-main/engine/merge-queue/settings';
import { sandbox } from './fixture';

describe('[merge_queue] config', () => {
  it('has safe defaults: no check (unchecked), no automatic resolvers', () => {
    const box = sandbox();
    expect(loadConfig({ home: box.home, cwd: box.project }).config.merge_queue).toEqual({
      check_timeout_secs: 1800,
      auto_resolve: false,
      max_resolve_attempts: 2,
      repositories: {},
    });
  });

  it.each([
    ['check_timeout_secs = 0', 'merge_queue.check_timeout_secs', 'an integer of at least 1'],
    ['auto_resolve = "yes"', 'merge_queue.auto_resolve', 'a boolean (true or false)'],
    ['max_resolve_attempts = -1', 'merge_queue.max_resolve_attempts', 'a non-negative integer'],
    ['check_command = ["npm", "test"]', 'merge_queue.check_command', 'a string'],
  ])('rejects %s naming the key and what it expects', (line, key, expected) => {
    const box = sandbox();
    box.write('home/config.toml', `[merge_queue]\n${line}\n`);
    let error: unknown;
    try {
      loadConfig({ home: box.home, cwd: box.project });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(key);
    expect((error as ConfigError).message).toContain(expected);
  });

  it('warns about a misspelt key with a suggestion', () => {
    const box = sandbox();
    box.write('home/config.toml', '[merge_queue]\ncheck_comand = "npm test"\n');
    const { warnings } = loadConfig({ home: box.home, cwd: box.project });
    expect(warnings.map((w) => w.message).join('\n')).toContain('check_command');
  });

  it('refuses an empty check command with the fix', () => {
    const box = sandbox();
    const file = box.writeTrusted('project/switchyard.toml', '[merge_queue]\ncheck_command = "  "\n');
    expect(() => repoMergeSettings({ home: box.home }, box.project)).toThrow(`${file}: merge_queue.check_command is empty`);
  });

  it('lists check_command, the resolver agent and auto_resolve among the keys a project file needs trust for', () => {
    const keys = executableKeys({ merge_queue: { check_command: 'npm test', check_timeout_secs: 60, auto_resolve: true, resolver_agent: 'codex', repositories: { '/x': { check_command: 'make' } } } });
    expect(keys.map((k) => k.key)).toEqual(['merge_queue.check_command', 'merge_queue.auto_resolve', 'merge_queue.resolver_agent', 'merge_queue.repositories."/x".check_command']);
  });

  it('applies the user\'s per-repository table to that repository only, over the top-level settings', () => {
    const box = sandbox();
    box.write('home/config.toml', `[merge_queue]\ncheck_timeout_secs = 60\n\n[merge_queue.repositories."${box.project}"]\ncheck_command = "make check"\n`);
    const here = repoMergeSettings({ home: box.home }, box.project);
    expect(here.settings).toMatchObject({ check_command: 'make check', check_timeout_secs: 60 });
    expect(here.checkCommandFile).toBe(`${box.home}/config.toml`);
    expect(repoMergeSettings({ home: box.home }, box.root).settings.check_command).toBeUndefined();
  });

  it('an untrusted project file that declares [merge_queue] makes the queue refuse that repository, naming `switchyard trust`', () => {
    const box = sandbox();
    const file = box.write('project/switchyard.toml', '[merge_queue]\ncheck_command = "npm test"\n');
    const mq = repoMergeSettings({ home: box.home }, box.project);
    expect(mq.settings.check_command).toBeUndefined();
    expect(mq.refusal).toContain(`${file} declares [merge_queue] but is not trusted`);
    expect(mq.refusal).toContain(`switchyard trust ${file}`);
    // One without [merge_queue] changes nothing about the queue.
    box.write('project/switchyard.toml', 'theme = "Light"\n');
    expect(repoMergeSettings({ home: box.home }, box.project).refusal).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, resolveAgentProfile } from '../../../src-main/engine/config';
import type { Config } from '../../../src-main/engine/config';
import { sandbox } from './fixture';

function load(userToml: string): Config {
  const box = sandbox();
  box.write('home/config.toml', userToml);
  return loadConfig({ home: box.home, cwd: box.project }).config;
}

const chain = `
[agent_profiles.base]
agent = "codex"
model = "opus"
allowed_tools = ["Read", "Grep"]
disallowed_tools = ["Bash"]
add_dirs = ["docs"]
max_budget_usd = 1.0
token_budget = 100
append_system_prompt = "Be careful."

[agent_profiles.reviewer]
inherits = "base"
model = "sonnet"
allowed_tools = ["Grep", "Edit", "Edit"]
add_dirs = ["specs", "docs"]
token_budget = 750
append_system_prompt = "Review thoroughly."

[agent_profiles.strict]
inherits = "Reviewer"
permission_mode = "read-only"
disallowed_tools = ["Write"]
`;

describe('resolveAgentProfile', () => {
  it('applies the child over its parent: scalars child-wins, lists appended without duplicates, prompts joined', () => {
    const config = load(chain);
    expect(resolveAgentProfile(config, 'reviewer')).toEqual({
      profile_name: 'reviewer',
      agent: 'codex',
      model: 'sonnet',
      allowed_tools: ['Read', 'Grep', 'Edit'],
      disallowed_tools: ['Bash'],
      add_dirs: ['docs', 'specs'],
      max_budget_usd: 1,
      token_budget: 750,
      append_system_prompt: 'Be careful.\n\nReview thoroughly.',
    });
  });

  it('resolves a three-level chain parent first and keeps the requested name', () => {
    const config = load(chain);
    expect(resolveAgentProfile(config, 'Strict')).toEqual({
      profile_name: 'Strict',
      agent: 'codex',
      model: 'sonnet',
      allowed_tools: ['Read', 'Grep', 'Edit'],
      disallowed_tools: ['Bash', 'Write'],
      permission_mode: 'read-only',
      add_dirs: ['docs', 'specs'],
      max_budget_usd: 1,
      token_budget: 750,
      append_system_prompt: 'Be careful.\n\nReview thoroughly.',
    });
    // The parent is unchanged by its children.
    expect(resolveAgentProfile(config, 'base').model).toBe('opus');
  });

  it('fails for an unknown profile name', () => {
    const config = load(chain);
    expect(() => resolveAgentProfile(config, 'ghost')).toThrow(/^Unknown agent profile: ghost$/);
    expect(() => resolveAgentProfile(config, 'toString')).toThrow('Unknown agent profile: toString');
  });

  it('fails on an inheritance cycle in a config built without loadConfig', () => {
    const config = defaultConfig('/tmp/sy-home');
    const profile = (inherits: string) => ({ inherits, allowed_tools: [], disallowed_tools: [], add_dirs: [] });
    config.agent_profiles = { a: profile('b'), b: profile('a') };
    expect(() => resolveAgentProfile(config, 'a')).toThrow(/^agent profile inheritance cycle: a -> b -> a$/);
  });
});

describe('agent profile checks at load', () => {
  function loadError(toml: string): { error: ConfigError; file: string } {
    const box = sandbox();
    const file = box.write('home/config.toml', toml);
    try {
      loadConfig({ home: box.home, cwd: box.project });
    } catch (error) {
      if (error instanceof ConfigError) return { error, file };
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('reports an inheritance cycle with the file and the chain', () => {
    const { error, file } = loadError('[agent_profiles.a]\ninherits = "b"\n[agent_profiles.b]\ninherits = "a"\n[agent_profiles.c]\n');
    expect(error.message).toContain(`${file}: agent_profiles.b.inherits: agent profile inheritance cycle: a -> b -> a`);
    expect(error.key).toBe('agent_profiles.b.inherits');
  });

  it('reports a profile inheriting itself', () => {
    const { error } = loadError('[agent_profiles.loop]\ninherits = "loop"\n');
    expect(error.message).toContain('agent profile inheritance cycle: loop -> loop');
  });

  it('reports inherits naming an unknown profile, naming both profiles', () => {
    const { error, file } = loadError('[agent_profiles.child]\ninherits = "ghost"\n');
    expect(error.message).toContain(`${file}: agent_profiles.child.inherits: agent profile child inherits unknown profile ghost`);
    expect(error).toMatchObject({ key: 'agent_profiles.child.inherits', expected: 'the name of a defined agent profile', found: 'string "ghost"' });
  });

  it('reports default_agent_profile naming an unknown profile', () => {
    const { error, file } = loadError('default_agent_profile = "nobody"\n[agent_profiles.reviewer]\nmodel = "opus"\n');
    expect(error.message).toBe(
      `${file}: default_agent_profile: expected the name of a defined agent profile (one of: reviewer), found string "nobody" (fix the name, define the profile, or remove the key)`,
    );
  });

  it('accepts default_agent_profile written in another case, and a parent defined in another layer', () => {
    const box = sandbox();
    box.write('home/config.toml', 'default_agent_profile = "Reviewer"\n[agent_profiles.base]\nmodel = "opus"\n');
    box.writeTrusted('project/switchyard.toml', '[agent_profiles.reviewer]\ninherits = "base"\n');
    const { config } = loadConfig({ home: box.home, cwd: box.project });
    expect(config.default_agent_profile).toBe('Reviewer');
    expect(resolveAgentProfile(config, config.default_agent_profile ?? '').model).toBe('opus');
  });
});

// doctor's "can this agent start unattended?" checks, on throwaway homes with the agents' own files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unattendedCheck } from '../../../src-main/engine/harness/unattended';

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));
const fresh = () => (home = mkdtempSync(join(tmpdir(), 'sy-unattended-')));
const write = (rel: string, text: string) => {
  mkdirSync(join(home, rel, '..'), { recursive: true });
  writeFileSync(join(home, rel), text);
};

describe('unattended checks', () => {
  it('claude: onboarding, credentials and the API-key question', () => {
    fresh();
    expect(unattendedCheck('claude', { env: { HOME: home, ANTHROPIC_API_KEY: 'sk-ant-xyz-0123456789abcdefghij' } })?.problem).toMatch(/first-run setup is not done .*run `claude` once/);
    write('.claude.json', JSON.stringify({ hasCompletedOnboarding: true }));
    expect(unattendedCheck('claude', { env: { HOME: home } })?.problem).toMatch(/no credentials: run `claude` and log in, or set ANTHROPIC_API_KEY/);
    expect(unattendedCheck('claude', { env: { HOME: home, ANTHROPIC_API_KEY: 'sk-ant-xyz-0123456789abcdefghij' } })?.problem).toMatch(/Do you want to use this API key\?/);
    write('.claude.json', JSON.stringify({ hasCompletedOnboarding: true, customApiKeyResponses: { approved: ['0123456789abcdefghij'] } }));
    expect(unattendedCheck('claude', { env: { HOME: home, ANTHROPIC_API_KEY: 'sk-ant-xyz-0123456789abcdefghij' } })).toEqual({ ok: true, problem: null });
  });

  it('codex: a login, OPENAI_API_KEY, or the configured provider key', () => {
    fresh();
    expect(unattendedCheck('codex', { env: { HOME: home } })?.problem).toMatch(/run `codex login`, or set OPENAI_API_KEY/);
    write('.codex/config.toml', 'model_provider = "stub"\n[model_providers.stub]\nenv_key = "STUB_KEY"\n');
    expect(unattendedCheck('codex', { env: { HOME: home } })?.problem).toBe("Codex's provider stub reads its key from $STUB_KEY, which is not set");
    expect(unattendedCheck('codex', { env: { HOME: home, STUB_KEY: 'k' } })?.ok).toBe(true);
  });

  it('gemini: an auth method chosen, and its key', () => {
    fresh();
    expect(unattendedCheck('gemini', { env: { HOME: home, GEMINI_API_KEY: 'k' } })?.problem).toMatch(/no auth method chosen .*Use Gemini API key/);
    write('.gemini/settings.json', JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));
    expect(unattendedCheck('gemini', { env: { HOME: home } })?.problem).toMatch(/GEMINI_API_KEY is not set/);
    expect(unattendedCheck('gemini', { env: { HOME: home, GEMINI_API_KEY: 'k' } })?.ok).toBe(true);
  });

  it('opencode: a saved login or a provider key', () => {
    fresh();
    expect(unattendedCheck('opencode', { env: { HOME: home } })?.problem).toMatch(/opencode auth login/);
    write('.local/share/opencode/auth.json', '{}');
    expect(unattendedCheck('opencode', { env: { HOME: home } })?.ok).toBe(true);
  });
});

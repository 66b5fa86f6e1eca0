// Pricing token-only agents: the operator's [model_prices] first, then the bundled table (never
// fetched), else "unknown" with the reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { priceTokens, sessionCost } from '../../../src-main/engine/agents/prices';
import { ConfigError, loadConfig } from '../../../src-main/engine/config';

const tokens = { input: 1000, output: 45, cacheRead: 200, cacheWrite: 0 };

afterEach(() => vi.unstubAllGlobals());

describe('priceTokens', () => {
  it("prices Codex's gpt-5.5 from the bundled table (cached input inside input) without touching the network", () => {
    const fetch = vi.fn(() => Promise.reject(new Error('no network in a price lookup')));
    vi.stubGlobal('fetch', fetch);
    const c = priceTokens({ harness: 'codex', model: 'gpt-5.5', tokens, prices: {} });
    // 800 fresh * $5 + 200 cached * $0.50 + 45 * $30 per million.
    expect(c).toEqual({ status: 'priced', usd: 0.00545, note: 'gpt-5.5 priced from @pydantic/genai-prices 0.1.8' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('counts fresh input apart from cache reads for agents that report them so (Gemini)', () => {
    const c = priceTokens({ harness: 'gemini', model: 'gemini-2.5-flash', tokens: { input: 1000, output: 30, cacheRead: 0, cacheWrite: 0 }, prices: {} });
    expect(c.usd).toBeCloseTo(0.000375, 12);
  });

  it('[model_prices] wins over the table, and prices a model the table lacks', () => {
    const prices = { 'gpt-5.5': { input_mtok: 1, output_mtok: 2 }, 'my-model': { input_mtok: 1, output_mtok: 10, cache_read_mtok: 0.1 } };
    expect(priceTokens({ harness: 'codex', model: 'gpt-5.5', tokens, prices })).toMatchObject({ status: 'priced', usd: (1000 * 1 + 45 * 2) / 1e6 });
    expect(priceTokens({ harness: 'codex', model: 'my-model', tokens, prices })).toEqual({
      status: 'priced',
      usd: 0.00127,
      note: 'my-model priced from [model_prices."my-model"] in the config',
    });
  });

  it('an unpriced model or none at all is unknown, with what to do', () => {
    const none = priceTokens({ harness: 'codex', model: 'stub-unpriced-1', tokens, prices: {} });
    expect(none).toMatchObject({ status: 'unknown', usd: 0 });
    expect(none.note).toBe(
      'no price for model "stub-unpriced-1" in @pydantic/genai-prices 0.1.8; add [model_prices."stub-unpriced-1"] with input_mtok and output_mtok (USD per million tokens) to config.toml',
    );
    const nameless = priceTokens({ harness: 'gemini', model: null, tokens, prices: {} });
    expect(nameless.status).toBe('unknown');
    expect(nameless.note).toBe("gemini did not say which model it used, so its tokens cannot be priced; set `model` in the session's agent profile");
  });
});

describe('sessionCost', () => {
  it("keeps the agent's own cost, and says not reported when there is neither cost nor tokens", () => {
    expect(sessionCost({ harness: 'opencode', reportedUsd: 0.02, model: null, tokens, prices: {} })).toEqual({ status: 'reported', usd: 0.02, note: null });
    expect(sessionCost({ harness: 'aider', reportedUsd: null, model: null, tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, prices: {} })).toEqual({
      status: 'not_reported',
      usd: 0,
      note: null,
    });
  });
});

describe('[model_prices] in config.toml', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  const load = (text: string) => {
    dir ||= mkdtempSync(join(tmpdir(), 'sy-prices-'));
    writeFileSync(join(dir, 'config.toml'), text);
    return loadConfig({ home: dir, cwd: dir });
  };

  it('loads per-million prices under the model name', () => {
    const { config } = load('[model_prices."gpt-5.5"]\ninput_mtok = 2.5\noutput_mtok = 10\n');
    expect(config.model_prices).toEqual({ 'gpt-5.5': { input_mtok: 2.5, output_mtok: 10 } });
  });

  it('refuses a bad price naming the key', () => {
    expect(() => load('[model_prices."gpt-5.5"]\ninput_mtok = "cheap"\noutput_mtok = 10\n')).toThrow(ConfigError);
    expect(() => load('[model_prices."gpt-5.5"]\ninput_mtok = "cheap"\noutput_mtok = 10\n')).toThrow(/model_prices\."gpt-5\.5"\.input_mtok: expected a non-negative number, found string "cheap"/);
    expect(() => load('[model_prices.m]\ninput_mtok = 1\n')).toThrow(/model_prices\.m\.output_mtok: .*output_mtok is required/);
  });
});

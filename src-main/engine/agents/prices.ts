// Pricing tokens for agents that report no cost (Codex, Gemini, interactive Claude): the operator's
// `[model_prices."<model>"]` first, then the price table bundled with @pydantic/genai-prices (pinned).
// Only the bundled data is used: updatePrices/enableAutoUpdate are never called, so no price is
// ever fetched from the network and a figure never changes under a running session.
import { createRequire } from 'node:module';
import type * as GenaiPrices from '@pydantic/genai-prices';
import type { ModelPriceConfig } from '../config/types';
import type { CostStatus, SessionMetrics } from '../model';

let table: typeof GenaiPrices | null = null;
/**
 * The price table (~0.5 MB of data) is loaded the first time a price is needed: a session runner
 * imports this module, and most runners never price anything (an idle session, a Claude stream
 * that reports its own cost). Synchronous, as pricing is.
 */
const calcPrice: typeof GenaiPrices.calcPrice = (...args) => {
  table ??= createRequire(import.meta.url)('@pydantic/genai-prices') as typeof GenaiPrices;
  return table.calcPrice(...args);
};

export const PRICE_TABLE = '@pydantic/genai-prices 0.1.8';

/** Token totals as stored: `input` is what the agent's adapter reported as input. */
export interface TokenTotals {
  input: number;
  /** Output including reasoning tokens (priced as output). */
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export type CostFigure = { status: Exclude<CostStatus, 'not_reported'>; usd: number; note: string | null } | { status: 'not_reported'; usd: 0; note: null };

/**
 * OpenAI's accounting (Codex): input_tokens already contains the cached part. The other agents'
 * adapters report fresh input with cache reads apart (Anthropic's and Gemini's `input`).
 */
const INPUT_INCLUDES_CACHE = new Set(['codex']);

/** The table's provider for an agent's models, tried first (a model name alone may match several). */
const PROVIDER_HINT: Record<string, string> = { codex: 'openai', gemini: 'google', claude: 'anthropic' };

const round = (n: number) => Math.round(n * 1e9) / 1e9;

function findOverride(prices: Record<string, ModelPriceConfig> | undefined, model: string): ModelPriceConfig | undefined {
  if (!prices) return undefined;
  if (Object.hasOwn(prices, model)) return prices[model];
  const lower = model.toLowerCase();
  const key = Object.keys(prices).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : prices[key];
}

function fromTable(model: string, harness: string, usage: { fresh: number; cacheRead: number; cacheWrite: number; output: number }): number | null {
  // genai-prices counts input_tokens as the whole prompt, cache reads and writes included.
  const tableUsage = {
    input_tokens: usage.fresh + usage.cacheRead + usage.cacheWrite,
    cache_read_tokens: usage.cacheRead,
    cache_write_tokens: usage.cacheWrite,
    output_tokens: usage.output,
  };
  const hint = PROVIDER_HINT[harness];
  for (const options of hint ? [{ providerId: hint }, {}] : [{}]) {
    try {
      const result = calcPrice(tableUsage, model, options);
      if (result) return result.total_price;
    } catch {
      // an unknown provider or model: try without the hint, then report it unknown
    }
  }
  return null;
}

/** The cost of these tokens for `model`, or why it is unknown. */
export function priceTokens(opts: {
  harness: string;
  model: string | null | undefined;
  tokens: TokenTotals;
  prices: Record<string, ModelPriceConfig> | undefined;
}): CostFigure {
  const { harness, tokens } = opts;
  const model = opts.model?.trim() || null;
  if (!model) {
    return {
      status: 'unknown',
      usd: 0,
      note: `${harness} did not say which model it used, so its tokens cannot be priced; set \`model\` in the session's agent profile`,
    };
  }
  const cacheRead = Math.max(0, tokens.cacheRead);
  const cacheWrite = Math.max(0, tokens.cacheWrite);
  const fresh = INPUT_INCLUDES_CACHE.has(harness) ? Math.max(0, tokens.input - cacheRead - cacheWrite) : Math.max(0, tokens.input);
  const output = Math.max(0, tokens.output);
  const override = findOverride(opts.prices, model);
  if (override) {
    const usd =
      (fresh * override.input_mtok +
        cacheRead * (override.cache_read_mtok ?? override.input_mtok) +
        cacheWrite * (override.cache_write_mtok ?? override.input_mtok) +
        output * override.output_mtok) /
      1e6;
    return { status: 'priced', usd: round(usd), note: `${model} priced from [model_prices."${model}"] in the config` };
  }
  const usd = fromTable(model, harness, { fresh, cacheRead, cacheWrite, output });
  if (usd === null) {
    return {
      status: 'unknown',
      usd: 0,
      note: `no price for model "${model}" in ${PRICE_TABLE}; add [model_prices."${model}"] with input_mtok and output_mtok (USD per million tokens) to config.toml`,
    };
  }
  return { status: 'priced', usd: round(usd), note: `${model} priced from ${PRICE_TABLE}` };
}

/**
 * What a session's cost is, from what its agent reported: its own cost wins; tokens without a cost
 * are priced; neither is "not reported" (never $0 to people).
 */
export function sessionCost(opts: {
  harness: string;
  reportedUsd: number | null;
  model: string | null | undefined;
  tokens: TokenTotals;
  prices: Record<string, ModelPriceConfig> | undefined;
}): CostFigure {
  if (opts.reportedUsd !== null) return { status: 'reported', usd: opts.reportedUsd, note: null };
  const t = opts.tokens;
  if (t.input + t.output + t.cacheRead + t.cacheWrite <= 0) return { status: 'not_reported', usd: 0, note: null };
  return priceTokens(opts);
}

/** The metrics fields a cost figure sets. */
export function costMetrics(c: CostFigure): Pick<SessionMetrics, 'costUsd' | 'costStatus' | 'costNote'> {
  return { costUsd: c.usd, costStatus: c.status, costNote: c.note };
}

// Headless Gemini (real CLI 0.61, stub API) reports tokens but no cost: Switchyard prices them at
// the model the stream names (result.stats.models), or says "unknown" with the reason.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { geminiEnv, seedGeminiHome } from '../fixtures/stub-model/gemini-env';
import { startGeminiStub, type GeminiStub } from '../fixtures/stub-model/gemini-server';
import { repoRoot, tempDir } from '../helpers/cli';
import { initUserRepo, switchyardCli } from '../helpers/repo-world';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let stub: GeminiStub | undefined;

beforeEach(() => {
  dir = tempDir('sy-gemcost-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['home', 'user-home', 'gemini-home', 'repo']) mkdirSync(join(root, d));
  seedGeminiHome(join(root, 'gemini-home'));
  initUserRepo(repo);
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = geminiEnv({ home: join(root, 'user-home'), cliHome: join(root, 'gemini-home'), stubUrl: stub!.url });
  return { ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` };
}

const { sy, json } = switchyardCli(() => join(root, 'home'), env, () => repo);

async function run(profile: string): Promise<Session & { cost: string }> {
  const started = await json<Session>(['start', '--agent', 'gemini', '--profile', profile, '-t', 'say hi']);
  await sy(['wait', started.id, '--timeout', '120']);
  return json<Session & { cost: string }>(['status', started.id]);
}

describe('headless Gemini cost (real CLI, stub API)', () => {
  it('prices gemini-2.5-flash from the bundled table and says "unknown" with the reason for an unpriced model', async () => {
    stub = await startGeminiStub({ script: () => ({ parts: [{ text: 'Hello.' }], usage: { promptTokenCount: 1000, candidatesTokenCount: 30 } }) });
    writeFileSync(
      join(root, 'home', 'config.toml'),
      ['[agent_profiles.flash]', 'agent = "gemini"', 'model = "gemini-2.5-flash"', '[agent_profiles.unpriced]', 'agent = "gemini"', 'model = "gemini-unpriced-stub"', ''].join('\n'),
    );

    const priced = await run('flash');
    expect(priced.state, priced.stateReason ?? '').toBe('completed');
    // The model Gemini asked for, as the stub saw it, is the one priced.
    expect(stub.mainRequests().at(-1)?.model).toBe('gemini-2.5-flash');
    expect(priced.metrics).toMatchObject({ inputTokens: 1000, outputTokens: 30, costStatus: 'priced' });
    // $0.30 in / $2.50 out per million: 0.0003 + 0.000075.
    expect(priced.metrics.costUsd).toBeCloseTo(0.000375, 9);
    expect(priced.metrics.costNote).toBe('gemini-2.5-flash priced from @pydantic/genai-prices 0.1.8');

    const unknown = await run('unpriced');
    expect(unknown.state, unknown.stateReason ?? '').toBe('completed');
    expect(unknown.metrics).toMatchObject({ inputTokens: 1000, outputTokens: 30, costUsd: 0, costStatus: 'unknown' });
    expect(unknown.cost).toBe('unknown');
    expect(unknown.metrics.costNote).toContain('no price for model "gemini-unpriced-stub"');
  }, 300_000);
});

// Cost for token-only agents and hard budgets at every launch, through the real `switchyard` CLI
// with the real Codex CLI (0.171) against the Responses API stub: a priced model costs what the
// bundled price table says, an unpriced one is "unknown" with the reason, [model_prices] changes
// the figure, and a spent budget refuses start, resume, delegate, schedules, templates and the
// intake (naming the budget and the spend) until --over-budget insists. Deleting a session keeps
// its spend counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src-main/engine/model';
import { codexEnv, startCodexStub, writeCodexHome, type CodexStub, type CodexTurnContext, type CodexStubTurn } from '../fixtures/stub-model/codex-server';
import { cleanEnv, cliPath, repoRoot, tempDir } from '../helpers/cli';
import { initUserRepo, switchyardCli } from '../helpers/repo-world';
import { startServeProcess } from '../integration/server/serve-process';
import { openSocket } from '../integration/server/ws-client';

let dir: { path: string; cleanup: () => void };
let root: string;
let repo: string;
let stub: CodexStub | undefined;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = tempDir('sy-cost-');
  root = realpathSync(dir.path);
  repo = join(root, 'repo');
  for (const d of ['sy-home', 'home', 'codex-home', 'repo']) mkdirSync(join(root, d));
  initUserRepo(repo);
});

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await stub?.close();
  stub = undefined;
  dir.cleanup();
});

function env(): NodeJS.ProcessEnv {
  const base = codexEnv({ home: join(root, 'home'), codexHome: join(root, 'codex-home') });
  const merged = cleanEnv({ ...base, PATH: `${join(repoRoot, 'node_modules', '.bin')}:${base.PATH}` });
  for (const key of Object.keys(merged)) if (key.startsWith('OPENAI_') || (key.startsWith('CODEX_') && key !== 'CODEX_HOME')) delete merged[key];
  return merged;
}

const { sy, json } = switchyardCli(() => join(root, 'sy-home'), env, () => repo);
const configFile = () => join(root, 'sy-home', 'config.toml');

/**
 * One model call, no tools: 1000 input tokens (200 of them cached), 40 out + 5 reasoning. A
 * conversation whose task says "fail on purpose" answers 400 (also when resumed with a "continue" note).
 */
function answerScript(ctx: CodexTurnContext): CodexStubTurn {
  if (/fail on purpose/.test(JSON.stringify(ctx.body.input ?? []))) return { output: [], httpError: { status: 400, message: 'stub: scripted failure' } };
  return { output: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 1000, cached_input_tokens: 200, output_tokens: 40, reasoning_tokens: 5 } };
}

type StatusJson = Session & { cost: string };

async function runToEnd(args: string[]): Promise<StatusJson> {
  const started = await json<Session>(['start', '--agent', 'codex', ...args]);
  await sy(['wait', started.id, '--timeout', '120']);
  return json<StatusJson>(['status', started.id]);
}

/** `switchyard remote serve` on a free port; resolves with its URL. */
function startIntake(token: string): Promise<string> {
  const proc = spawn(process.execPath, [cliPath, '--home', join(root, 'sy-home'), 'remote', 'serve', '--bind', '127.0.0.1:0'], {
    cwd: repo,
    env: { ...env(), SWITCHYARD_REMOTE_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`remote serve exited (${code}): ${out}`)));
  });
}

describe('cost of token-only agents (real Codex CLI, stub API)', () => {
  it('prices a known model from the bundled table, says "unknown" with the reason for an unpriced one, and [model_prices] sets the figure', async () => {
    stub = await startCodexStub({ script: answerScript });
    writeCodexHome(join(root, 'codex-home'), stub.baseUrl);
    writeFileSync(configFile(), ['[agent_profiles.unpriced]', 'agent = "codex"', 'model = "stub-unpriced-1"', ''].join('\n'));

    // gpt-5.5 (Codex's configured model) at the table's $5 / $0.50 cached / $30 per million:
    // 800 fresh + 200 cached in, 45 out = 0.004 + 0.0001 + 0.00135.
    const priced = await runToEnd(['-t', 'say hi']);
    expect(priced.state, priced.stateReason ?? '').toBe('completed');
    expect(priced.metrics).toMatchObject({ inputTokens: 1000, cacheReadTokens: 200, outputTokens: 45, costStatus: 'priced' });
    expect(priced.metrics.costUsd).toBeCloseTo(0.00545, 9);
    expect(priced.metrics.costNote).toBe('gpt-5.5 priced from @pydantic/genai-prices 0.1.8');
    expect(priced.cost).toBe('$0.00545');

    const unknown = await runToEnd(['--profile', 'unpriced', '-t', 'say hi']);
    expect(unknown.state, unknown.stateReason ?? '').toBe('completed');
    // The stub saw the profile's model, so Codex really ran it.
    expect(stub.mainRequests().at(-1)?.body?.model).toBe('stub-unpriced-1');
    expect(unknown.metrics).toMatchObject({ tokensUsed: 1045, costUsd: 0, costStatus: 'unknown' });
    expect(unknown.cost).toBe('unknown');
    expect(unknown.metrics.costNote).toContain('no price for model "stub-unpriced-1"');
    expect(unknown.metrics.costNote).toContain('[model_prices."stub-unpriced-1"]');
    const text = await sy(['status', unknown.id]);
    expect(text.stdout).toContain('Cost:    unknown (no price for model "stub-unpriced-1"');

    appendFileSync(configFile(), ['[model_prices."stub-unpriced-1"]', 'input_mtok = 1.0', 'output_mtok = 10.0', 'cache_read_mtok = 0.1', ''].join('\n'));
    // 800 * $1 + 200 * $0.10 + 45 * $10 per million = $0.00127.
    const overridden = await runToEnd(['--profile', 'unpriced', '-t', 'say hi']);
    expect(overridden.metrics.costStatus).toBe('priced');
    expect(overridden.metrics.costUsd).toBeCloseTo(0.00127, 9);
    expect(overridden.metrics.costNote).toBe('stub-unpriced-1 priced from [model_prices."stub-unpriced-1"] in the config');
  }, 300_000);
});

describe('a spent hard budget refuses every launch until --over-budget', () => {
  it('start, resume, delegate, a schedule run, a template and the intake refuse it, naming the budget; deleting a session keeps its spend counted', async () => {
    stub = await startCodexStub({ script: answerScript });
    writeCodexHome(join(root, 'codex-home'), stub.baseUrl);
    const first = await runToEnd(['-t', 'say hi']);
    expect(first.metrics.costUsd).toBeCloseTo(0.00545, 9);

    writeFileSync(
      configFile(),
      [
        'cost_budget_usd = 0.005',
        '[orchestration_templates.pair]',
        '[[orchestration_templates.pair.steps]]',
        'task = "step one of {{task}}"',
        'agent = "codex"',
        '',
      ].join('\n'),
    );
    const budgetLine = 'cost budget spent: $0.00545 used of cost_budget_usd = 0.005';
    const refused = (r: { code: number | null; stderr: string }) => {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(budgetLine);
      expect(r.stderr).toContain(`raise cost_budget_usd in ${configFile()}`);
      expect(r.stderr).toContain('--over-budget');
    };

    refused(await sy(['start', '--agent', 'codex', '-t', 'more work']));
    expect(await json<Session[]>(['sessions'])).toHaveLength(1);

    // Insisting starts it (this one fails at the stub, leaving a session to resume).
    const insisted = await sy(['start', '--agent', 'codex', '--over-budget', '-t', 'fail on purpose', '--json']);
    expect(insisted.code, insisted.stderr).toBe(0);
    const failedId = (JSON.parse(insisted.stdout) as Session).id;
    await sy(['wait', failedId, '--timeout', '120']);
    expect((await json<Session>(['status', failedId])).state).toBe('failed');

    refused(await sy(['resume', failedId]));
    refused(await sy(['delegate', first.id, '-t', 'follow up']));
    expect((await sy(['schedule', 'add', '--cron', '* * * * *', '--agent', 'codex', '-t', 'nightly'])).code).toBe(0);
    refused(await sy(['schedule', 'run-due']));
    refused(await sy(['template', 'pair', '-t', 'x']));
    expect(await json<Session[]>(['sessions'])).toHaveLength(2);

    const token = 'intake-test-token-0123456789';
    const url = await startIntake(token);
    const post = (body: unknown) =>
      fetch(`${url}/dispatch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const no = await post({ task: 'remote work', agent: 'codex' });
    expect(no.status).toBe(409);
    const noBody = (await no.json()) as { error: string; field: string };
    expect(noBody.error).toContain(budgetLine);
    expect(noBody.field).toBe('over_budget');
    const yes = await post({ task: 'remote work', agent: 'codex', over_budget: true });
    expect(yes.status).toBe(202);

    const resumed = await sy(['resume', failedId, '--over-budget']);
    expect(resumed.code, resumed.stderr).toBe(0);
    await sy(['wait', failedId, '--timeout', '120']);

    // Deleting the priced session keeps what it spent: the refusal names the same spend.
    const del = await sy(['delete', first.id, '--force']);
    expect(del.code, del.stderr).toBe(0);
    expect(await json<Session[]>(['sessions'])).toHaveLength(1);
    refused(await sy(['start', '--agent', 'codex', '-t', 'after delete']));
  }, 300_000);
});

describe('config edits reach a running `switchyard serve`', () => {
  it('a cost budget lowered in config.toml refuses the next start over the API, with no restart', async () => {
    stub = await startCodexStub({ script: answerScript });
    writeCodexHome(join(root, 'codex-home'), stub.baseUrl);
    const first = await runToEnd(['-t', 'say hi']);
    expect(first.metrics.costUsd).toBeCloseTo(0.00545, 9);

    const serve = await startServeProcess({ home: join(root, 'sy-home'), cwd: repo, env: env() });
    try {
      const ws = await openSocket(`${serve.base}/api?token=${serve.token}`, { Origin: serve.base });
      let id = 0;
      const call = async (op: string, input: unknown) => {
        id += 1;
        ws.send({ t: 'call', id, op, input });
        const m = await ws.next((x) => x.id === id);
        return m.result as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
      };
      const overview = async () => (await call('budgetOverview', {})).value as { global: { cost: { used: number; budget: number } } };
      expect((await overview()).global.cost).toMatchObject({ budget: 10 });

      writeFileSync(configFile(), 'cost_budget_usd = 0.005\n');
      // The host stats the file every second and before each call: the very next call sees it.
      expect((await overview()).global.cost.budget).toBe(0.005);
      const refused = await call('startSession', { task: 'more work', agent: 'codex', worktree: false });
      expect(refused.ok).toBe(false);
      expect(refused.error?.code).toBe('over_budget');
      expect(refused.error?.message).toContain('cost budget spent: $0.00545 used of cost_budget_usd = 0.005');
      expect(serve.output()).toContain('configuration reloaded');

      writeFileSync(configFile(), 'cost_budget_usd = 1\n');
      const allowed = await call('startSession', { task: 'more work', agent: 'codex', worktree: false });
      expect(allowed.ok, JSON.stringify(allowed.error)).toBe(true);
      await sy(['wait', String((allowed.value as { id: string }).id), '--timeout', '120']);
      ws.close();
    } finally {
      await serve.stop();
    }
  }, 300_000);
});

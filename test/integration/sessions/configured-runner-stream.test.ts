// A configured runner (`[harness_runners.<name>]`) that prints one of the built-in machine streams
// declares it with `output_format`, and its session then reports tokens, tool calls and the agent's
// session id like the built-in agent would. Its task follows `--`, so a task that starts with "-"
// stays the task. The runner program is a small script replaying a stream captured from Codex.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli';
import { makeWorld, type World } from '../../helpers/sessions';

let world: World | undefined;
afterEach(() => {
  world?.cleanup();
  world = undefined;
});

const SAMPLE = join(repoRoot, 'test', 'fixtures', 'stub-model', 'codex-exec-json-command.jsonl');

function replayAgent(w: World): string {
  const script = join(w.bin, 'replay-agent');
  writeFileSync(
    script,
    `#!${process.execPath}\n` +
      `require('node:fs').appendFileSync(${JSON.stringify(join(w.root, 'replay-argv.json'))}, JSON.stringify(process.argv.slice(2)) + '\\n');\n` +
      `process.stdout.write(require('node:fs').readFileSync(${JSON.stringify(SAMPLE)}));\n`,
  );
  chmodSync(script, 0o755);
  return script;
}

describe('a configured runner with output_format', () => {
  it('reports what the stream says and gets its task after `--`', async () => {
    world = makeWorld({});
    const w = world;
    const program = replayAgent(w);
    writeFileSync(join(w.home, 'config.toml'), `[harness_runners.replay]\nprogram = ${JSON.stringify(program)}\noutput_format = "codex-json"\n`);
    const task = '- a task that reads like a flag';
    const s = await w.startJson(['--agent', 'replay', '--no-worktree', '--task', task]);
    expect((await w.cli(['wait', s.id, '--timeout', '30'])).code).toBe(0);
    const done = await w.status(s.id);
    expect(done.state).toBe('completed');
    expect(done.metrics).toMatchObject({ inputTokens: 2400, cacheReadTokens: 400 });
    expect(done.metrics.toolCalls).toBeGreaterThanOrEqual(1);
    expect(done.harnessSessionId).toBe('01a23172-758b-7b02-b109-379a5138cdb0');
    const argv = JSON.parse(readFileSync(join(w.root, 'replay-argv.json'), 'utf8').trim()) as string[];
    expect(argv.slice(-2)).toEqual(['--', task]);
  });

  it('without output_format reports no figures, and end_of_options = "" passes the task bare', async () => {
    world = makeWorld({});
    const w = world;
    const program = replayAgent(w);
    writeFileSync(join(w.home, 'config.toml'), `[harness_runners.replay]\nprogram = ${JSON.stringify(program)}\nend_of_options = ""\n`);
    const s = await w.startJson(['--agent', 'replay', '--no-worktree', '--task', 'plain task']);
    await w.cli(['wait', s.id, '--timeout', '30']);
    const done = await w.status(s.id);
    expect(done.metrics.tokensUsed).toBe(0);
    expect(done.harnessSessionId).toBeNull();
    const argv = JSON.parse(readFileSync(join(w.root, 'replay-argv.json'), 'utf8').trim()) as string[];
    expect(argv).toEqual(['plain task']);
  });

  it('refuses an unknown output_format at load, naming the choices', async () => {
    world = makeWorld({});
    const w = world;
    writeFileSync(join(w.home, 'config.toml'), '[harness_runners.replay]\nprogram = "x"\noutput_format = "yaml"\n');
    const r = await w.cli(['sessions']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('harness_runners.replay.output_format');
    expect(r.stderr).toContain('"codex-json"');
  });
});

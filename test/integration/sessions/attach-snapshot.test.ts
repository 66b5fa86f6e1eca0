// `switchyard attach` and the UI's terminal on a session with a long log (issue 14): both show the
// screen (a bounded snapshot) and then live output. Numbered lines keep arriving while they
// attach; each must show exactly once, in order, and the UI must get the log's bytes after the
// snapshot, byte for byte.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Terminal } from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalEvent } from '../../../src-main/api';
import { SNAPSHOT_MAX_BYTES } from '../../../src-main/engine/runner';
import { openStore } from '../../../src-main/engine/store';
import { openTerminalStream } from '../../../src-main/host/terminal';
import { cliPath } from '../../helpers/cli';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';

let world: World;
afterEach(() => world?.cleanup());

/** Every line a terminal shows after `data` (with a long scrollback). */
async function shownLines(data: string | Buffer): Promise<string[]> {
  const term = new Terminal({ cols: 200, rows: 50, scrollback: 100_000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const lines: string[] = [];
  for (let i = 0; i < term.buffer.active.length; i++) lines.push(term.buffer.active.getLine(i)?.translateToString(true) ?? '');
  term.dispose();
  return lines;
}

const numbersIn = (lines: string[]) => lines.map((l) => /^line (\d{7}) /.exec(l)?.[1]).filter((n): n is string => n !== undefined).map(Number);

function expectConsecutive(numbers: number[], last: number): void {
  expect(numbers.length).toBeGreaterThan(200);
  expect(numbers.at(-1)).toBe(last);
  expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => last - numbers.length + 1 + i));
}

describe('attaching to a session with a long log', () => {
  it('shows the screen, then every live line once and in order, in the CLI and in the UI', async () => {
    world = makeWorld({ mode: 'numbered:2' });
    const s = await world.startJson(['--mode', 'interactive', '--no-worktree', '--task', 'count']);
    const logPath = join(world.home, 'logs', `${s.id}.log`);
    await waitFor('2 MB of output', () => existsSync(logPath) && statSync(logPath).size > 2 * 1024 * 1024, 30_000);

    const attach = spawn(process.execPath, [cliPath, '--home', world.home, 'attach', s.id], { cwd: world.work, env: world.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const cliOut: Buffer[] = [];
    attach.stdout.on('data', (d: Buffer) => cliOut.push(d));
    const attachDone = new Promise<number | null>((resolve) => attach.on('close', resolve));

    const store = openStore(join(world.home, 'switchyard.db'));
    const events: TerminalEvent[] = [];
    const stop = openTerminalStream({ store, sessionId: s.id, fromOffset: 0, listener: (e) => events.push(e) });
    try {
      // Both are attached and lines keep coming: let 20 more arrive, then stop the agent.
      await waitFor('both clients to show output', () => cliOut.length > 0 && events.some((e) => e.kind === 'output'), 30_000);
      const size = statSync(logPath).size;
      await waitFor('20 more lines', () => statSync(logPath).size > size + 20 * 60, 30_000);
      writeFileSync(join(world.work, 'STOP'), '');
      await waitFor('the UI stream to end', () => events.some((e) => e.kind === 'exit'), 30_000);
      expect(await attachDone).toBe(0);
    } finally {
      stop();
      store.close();
    }

    const log = readFileSync(logPath);
    const last = numbersIn(log.toString('utf8').split('\n')).at(-1)!;
    // CLI: the screen and its scrollback, then live lines, each number once.
    const cli = Buffer.concat(cliOut);
    expect(cli.length).toBeLessThan(log.length / 2);
    expectConsecutive(numbersIn(await shownLines(cli)), last);

    // UI: one event draws the screen, standing for [0, end); the rest is the log from end, exactly.
    const outputs = events.filter((e): e is Extract<TerminalEvent, { kind: 'output' }> => e.kind === 'output');
    const [first, ...rest] = outputs;
    expect(first!.offset).toBe(0);
    expect(first!.end).toBeGreaterThan(2 * 1024 * 1024);
    expect(Buffer.byteLength(first!.data)).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    let at = first!.end;
    for (const e of rest) {
      expect(e.offset).toBe(at);
      at = e.end;
    }
    expect(at).toBe(log.length);
    expect(rest.map((e) => e.data).join('')).toBe(log.subarray(first!.end).toString('utf8'));
    expectConsecutive(numbersIn(await shownLines(outputs.map((e) => e.data).join(''))), last);
  }, 120_000);
});

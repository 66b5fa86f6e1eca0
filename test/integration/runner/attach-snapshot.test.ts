// Attach shows the screen, not the history (issue 14): a client attaching to a session with a long
// log draws a snapshot of the screen (bounded), then gets live output from exactly where the
// snapshot ends. Numbered lines keep arriving while the client attaches: each must show once, in
// order, and the bytes after the snapshot must be the log's, byte for byte.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Terminal } from '@xterm/headless';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_MAX_BYTES, connectRunner, planAttach, runAgentInPty, stripTerminalQueries } from '../../../src-main/engine/runner';
import { FAKE_AGENT } from '../../helpers/sessions';
import { capture, makeTempDir, recordingPort, waitFor } from './helpers';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = makeTempDir()));
afterEach(() => cleanup());

/** What a terminal of this size shows after `data`: its visible rows, and every line with scrollback. */
async function render(data: Buffer | string, cols: number, rows: number, scrollback = 0): Promise<{ screen: string[]; all: string[] }> {
  const term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(data, resolve));
  const buffer = term.buffer.active;
  const all: string[] = [];
  for (let i = 0; i < buffer.length; i++) all.push(buffer.getLine(i)?.translateToString(true) ?? '');
  const screen = all.slice(buffer.baseY, buffer.baseY + rows);
  term.dispose();
  return { screen, all };
}

function lineNumbers(lines: string[]): number[] {
  return lines.map((l) => /^line (\d{7}) /.exec(l)?.[1]).filter((n): n is string => n !== undefined).map(Number);
}

describe('attaching to a session with a long log', () => {
  it('draws the last screen from a bounded snapshot, then every live line exactly once, in order', async () => {
    const logPath = join(dir, 'logs', 's.log');
    const socketPath = join(dir, 'sockets', 's.sock');
    const port = recordingPort();
    const run = runAgentInPty({
      program: process.execPath,
      args: [FAKE_AGENT],
      env: { ...process.env, FAKE_AGENT_MODE: 'numbered:3' },
      cwd: dir,
      cols: 80,
      rows: 24,
      logPath,
      socketPath,
      heartbeatIntervalMs: 0,
      port,
    });
    await waitFor(() => existsSync(logPath) && statSync(logPath).size > 3 * 1024 * 1024, 'the agent to print 3 MB', 30_000);
    const client = await connectRunner(socketPath);
    const plan = await planAttach(client, logPath, { cols: 80, rows: 24 });
    const snapshot = plan.snapshot!;
    expect(snapshot, 'a 3 MB log is attached through a snapshot').not.toBeNull();
    const live = capture(client, plan.fromOffset);
    // Lines go on arriving while we attach; stop the agent once some have come live.
    await waitFor(() => lineNumbers(live.text().split('\n')).length >= 20, 'live lines', 30_000);
    writeFileSync(join(dir, 'STOP'), '');
    await live.exit;
    await run;
    client.close();

    const log = readFileSync(logPath);
    // Bounded: the snapshot is at most 1 MB, and the runner sent only what followed it.
    expect(snapshot.data.length).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    expect(snapshot.end).toBe(plan.fromOffset);
    expect(live.gaps).toEqual([]);
    // No byte lost or shown twice at the switch: what came live is the log from the snapshot's end.
    expect(live.bytes().equals(log.subarray(snapshot.end))).toBe(true);
    // The snapshot holds no terminal query (the history's DA1), so a terminal never answers it.
    expect(stripTerminalQueries(snapshot.data).equals(snapshot.data)).toBe(true);
    expect(log.includes(Buffer.from('\x1b[c'))).toBe(true);
    expect(snapshot.data.includes(Buffer.from('\x1b[c'))).toBe(false);
    // ... and it keeps the mode set long before its tail (bracketed paste).
    expect(snapshot.data.includes(Buffer.from('\x1b[?2004h'))).toBe(true);

    // It draws the screen the whole log had drawn at that offset.
    const whole = await render(log.subarray(0, snapshot.end), 80, 24);
    const drawn = await render(snapshot.data, 80, 24, 1000);
    expect(drawn.screen).toEqual(whole.screen);
    // Snapshot, then live output, as a user sees it: numbered lines once each, in order, none missing.
    const shown = await render(Buffer.concat([snapshot.data, live.bytes()]), 80, 24, 5000);
    const numbers = lineNumbers(shown.all);
    expect(numbers.length).toBeGreaterThan(500);
    const last = numbers.at(-1)!;
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => last - numbers.length + 1 + i));
    expect(lineNumbers(log.toString('utf8').split('\n')).at(-1)).toBe(last);
  }, 90_000);
});

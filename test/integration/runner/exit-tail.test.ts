import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAgentInPty } from '../../../src-main/engine/runner';
import { makeTempDir, nodeAgent, recordingPort } from './helpers';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => cleanup());

describe('runAgentInPty under load', () => {
  it('keeps the last output of an agent that exits while the runner is busy', async () => {
    const bulkBytes = 160 * 1024;
    // Block the runner's event loop most of the time, as dozens of sessions or a GC pause would.
    const busy = setInterval(() => {
      const until = Date.now() + 40;
      while (Date.now() < until) {
        // spin
      }
    }, 5);
    try {
      for (const run of [1]) {
        const logPath = join(dir, `tail-${run}.log`);
        const result = await runAgentInPty({
          ...nodeAgent('print-exit.mjs', JSON.stringify({ bulkBytes })),
          env: { ...process.env },
          cwd: dir,
          logPath,
          socketPath: join(dir, `tail-${run}.sock`),
          heartbeatIntervalMs: 0,
          port: recordingPort(),
        });
        const expected = Math.ceil(bulkBytes / 80) * 81;
        expect(readFileSync(logPath).length).toBe(expected);
        expect(result.bytes).toBe(expected);
      }
    } finally {
      clearInterval(busy);
    }
  });
});

// A Switchyard world whose `claude` is the fake TUI that probes its terminal and approves on any
// input (test/fixtures/runner/asks-terminal.mjs), and readers for what it recorded.
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli';
import { makeWorld, waitFor } from './sessions';
import type { World } from './sessions';

export const ASK_AGENT = join(repoRoot, 'test', 'fixtures', 'runner', 'asks-terminal.mjs');

export interface AskRecord {
  kind: string;
  /** The bytes it received (JSON-decoded), or the text after the kind. */
  value: string;
}

export interface AskWorld extends World {
  askLog: string;
  records(): AskRecord[];
  /** Starts an interactive session of the fake TUI under a detached runner. */
  startAsking(env?: NodeJS.ProcessEnv): Promise<string>;
  waitForRecord(kind: string, timeoutMs?: number): Promise<AskRecord>;
}

export function makeAskWorld(): AskWorld {
  const world = makeWorld({ agents: [] });
  symlinkSync(ASK_AGENT, join(world.bin, 'claude'));
  const askLog = join(world.root, 'ask.log');
  world.env.ASK_LOG = askLog;
  const records = (): AskRecord[] =>
    existsSync(askLog)
      ? readFileSync(askLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const at = line.indexOf(' ');
            const kind = at < 0 ? line : line.slice(0, at);
            const rest = at < 0 ? '' : line.slice(at + 1);
            return { kind, value: rest.startsWith('"') ? (JSON.parse(rest) as string) : rest };
          })
      : [];
  return Object.assign(world, {
    askLog,
    records,
    async startAsking(env: NodeJS.ProcessEnv = {}) {
      const session = await world.startJson(['--task', 'probe the terminal', '--no-worktree', '--mode', 'interactive', '--agent', 'claude'], { env });
      return session.id;
    },
    waitForRecord: (kind: string, timeoutMs = 30_000) => waitFor(`the fake TUI to record ${kind}`, () => records().find((r) => r.kind === kind), timeoutMs),
  });
}

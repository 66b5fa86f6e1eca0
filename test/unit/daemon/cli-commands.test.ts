// The orchestration commands run in-process on a commander program of their own (the lead wires
// them into program.ts), against a real data home in a temp dir.
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerOrchestrationCommands } from '../../../src-main/cli/commands/orchestration';
import { CliContext } from '../../../src-main/cli/context';

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ out: string; err: string; error?: Error }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (err += `${t}\n`) };
  const context = new CliContext({ home }, io, home, { HOME: home });
  const program = new Command('switchyard').exitOverride();
  registerOrchestrationCommands(program, () => context);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, err };
  } catch (error) {
    return { out, err, error: error as Error };
  } finally {
    context.close();
  }
}

describe('orchestration commands', () => {
  it('adds, lists and removes schedules; an invalid expression is refused with the spec message', async () => {
    home = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    const added = await run(['schedule', 'add', '--cron', '*/15 * * * *', '-t', 'Check backlog', '--no-worktree', '--json']);
    const schedule = JSON.parse(added.out) as { id: number; cronExpr: string; useWorktree: boolean };
    expect(schedule).toMatchObject({ cronExpr: '*/15 * * * *', useWorktree: false });
    const listed = JSON.parse((await run(['schedule', 'list', '--json'])).out) as { id: number }[];
    expect(listed.map((s) => s.id)).toEqual([schedule.id]);
    const bad = await run(['schedule', 'add', '--cron', '* * *', '-t', 'x']);
    expect(bad.error?.message).toBe('invalid cron expression `* * *`: expected 5, 6, or 7 fields but found 3');
    expect((await run(['schedule', 'remove', String(schedule.id)])).out).toContain(`Removed schedule ${schedule.id}`);
    expect(JSON.parse((await run(['schedule', 'list', '--json'])).out)).toEqual([]);
  });

  it('queues remote requests in priority order and shows them, and lists the events they produced', async () => {
    home = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    await run(['remote', 'add', '-t', 'low one', '--priority', 'low']);
    await run(['remote', 'computer-use', '--goal', 'Check the banner', '--target-url', 'https://ecc.tools', '--priority', 'critical']);
    const rows = JSON.parse((await run(['remote', 'list', '--json'])).out) as { priority: string; requestKind: string }[];
    expect(rows.map((r) => [r.priority, r.requestKind])).toEqual([
      ['critical', 'computer_use'],
      ['low', 'standard'],
    ]);
    const events = JSON.parse((await run(['events', '--json'])).out) as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['remote_queued', 'remote_queued']);
    const noToken = await run(['remote', 'serve']);
    expect(noToken.error?.message).toContain('needs a bearer token');
  });

  it('cancels a pending remote request and retries it (remote cancel / remote retry), refusing what does not apply', async () => {
    home = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    await run(['remote', 'add', '-t', 'maybe later']);
    const [queued] = JSON.parse((await run(['remote', 'list', '--json'])).out) as { id: number }[];
    const id = String(queued!.id);
    expect((await run(['remote', 'cancel', id])).out).toBe(`Cancelled remote request ${id}.\n`);
    expect(JSON.parse((await run(['remote', 'list', '--json'])).out)).toEqual([]);
    const all = JSON.parse((await run(['remote', 'list', '--all', '--json'])).out) as { status: string }[];
    expect(all.map((r) => r.status)).toEqual(['cancelled']);
    expect((await run(['remote', 'cancel', id])).error?.message).toContain(`remote request ${id} cannot be cancelled: it is cancelled; only a pending request can`);
    expect((await run(['remote', 'retry', id])).out).toBe(`Remote request ${id} is pending again.\n`);
    expect((await run(['remote', 'retry', id])).error?.message).toContain('it is still pending');
    expect((await run(['remote', 'retry', 'x1'])).error?.message).toContain('expected a remote request id');
  });

  it('runs one daemon tick and reports each step', async () => {
    home = mkdtempSync(join(tmpdir(), 'sy-cli-'));
    const { out, error } = await run(['daemon', '--once', '--json']);
    expect(error).toBeUndefined();
    const report = JSON.parse(out.trim()) as { steps: { name: string; status: string }[] };
    expect(report.steps.slice(0, 8).map((s) => [s.name, s.status])).toEqual([
      ['runners', 'ok'],
      ['metrics', 'ok'],
      ['heartbeats', 'ok'],
      ['budgets', 'ok'],
      ['conflicts', 'ok'],
      ['delegate_results', 'ok'],
      ['schedules', 'ok'],
      ['remote_dispatch', 'ok'],
    ]);
  });
});

// The board operations through the API host, on a real repository and store: results match the
// contract's schemas, expected failures come back as values, and refusals as typed errors.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../../src-main/api';
import type { OperationName, Result } from '../../../src-main/api';
import { encodeMessage } from '../../../src-main/engine/comms';
import { loadConfig } from '../../../src-main/engine/config';
import { openStore, type Store } from '../../../src-main/engine/store';
import { createGit, createWorktree } from '../../../src-main/engine/worktrees';
import { createApiHost, type ApiHost } from '../../../src-main/host';
import { commitFile, git, initRepo, insertSession, minutesAgo } from '../../integration/worktrees/helpers';

let root: string;
let repo: string;
let store: Store;
let host: ApiHost;

async function call(op: OperationName, input: unknown): Promise<unknown> {
  const r = (await host.call(op, input)) as Result<unknown>;
  if (!r.ok) throw new Error(`${op}: ${r.error.code} ${r.error.message}`);
  const parsed = operations[op].output.safeParse(r.value);
  expect(parsed.success, `${op} result matches its schema: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
  return r.value;
}

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'sy-board-api-')));
  const home = join(root, 'home');
  mkdirSync(home);
  repo = initRepo(join(root, 'repo'));
  commitFile(repo, 'shared.txt', 'one\ntwo\n', 'add shared');
  const config = loadConfig({ home, cwd: repo }).config;
  store = openStore(config.db_path);
  const g = createGit();
  const wt = async (id: string) => (await createWorktree(g, config, id, { root: repo, baseBranch: 'main' })).worktree;
  const a = insertSession(store, 'ready-a', 'completed', minutesAgo(30), await wt('ready-a'));
  commitFile(a.worktree!.path, 'shared.txt', 'one\nTWO\n');
  const b = insertSession(store, 'blocked-b', 'completed', minutesAgo(20), await wt('blocked-b'));
  commitFile(b.worktree!.path, 'shared.txt', 'one\n2\n');
  const c = insertSession(store, 'dirty-c', 'completed', minutesAgo(10), await wt('dirty-c'));
  writeFileSync(join(c.worktree!.path, 'notes.txt'), 'draft\n');
  insertSession(store, 'lead', 'running', minutesAgo(5));
  insertSession(store, 'helper', 'idle', minutesAgo(4));
  const { content, msgType } = encodeMessage({ kind: 'task_handoff', task: 'first job', context: '', priority: 'normal' });
  store.markMessageRead(store.sendMessage('lead', 'helper', content, msgType).id);
  host = createApiHost({ home, cwd: repo, runnerCommand: [process.execPath, '/nonexistent/cli.js'] });
});

afterAll(async () => {
  await host?.dispose();
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('board operations', () => {
  it('builds the board and the diff views in the contract’s shapes', async () => {
    const board = (await call('mergeBoard', {})) as { columns: Record<string, { sessionId: string }[]> };
    expect(board.columns.ready!.map((c) => c.sessionId)).toEqual(['ready-a']);
    expect(board.columns.blocked!.map((c) => c.sessionId)).toEqual(['blocked-b']);
    expect(board.columns.dirty!.map((c) => c.sessionId)).toEqual(['dirty-c']);
    const diff = (await call('worktreeDiff', { id: 'dirty-c' })) as { files: { path: string; uncommitted: boolean }[] };
    expect(diff.files).toMatchObject([{ path: 'notes.txt', uncommitted: true }]);
  });

  it('returns a refused merge as a value for the card, and a merge as its outcome', async () => {
    expect(await call('mergeCard', { id: 'dirty-c' })).toEqual({ ok: false, error: 'Worktree ecc/dirty-c has uncommitted changes; commit them on the branch (switchyard commit) or discard them before merging' });
    expect(await call('mergeCard', { id: 'ready-a' })).toMatchObject({ ok: true, result: { sessionId: 'ready-a', branch: 'ecc/ready-a', baseBranch: 'main', cleanedWorktree: true } });
    expect(git(repo, 'show', 'main:shared.txt')).toBe('one\nTWO\n');
    // b now conflicts with main itself: the rebase stops and says so on the card.
    const rebase = (await call('rebaseCard', { id: 'blocked-b' })) as { ok: boolean; error?: string };
    expect(rebase.ok).toBe(false);
    expect(rebase.error).toContain('the rebase was aborted');
    expect(await call('mergeAllReady', {})).toMatchObject({ ok: true, result: { merged: [] } });
  });

  it('refuses the diff of a session without a worktree as a typed error', async () => {
    const r = (await host.call('worktreeDiff', { id: 'lead' })) as Result<unknown>;
    expect(r).toMatchObject({ ok: false, error: { code: 'rejected' } });
    if (!r.ok) expect(r.error.message).toMatch(/^Session lead has no worktree/);
  });

  it('draws the delegation graph, previews an assignment without sending, then assigns', async () => {
    const graph = (await call('delegationGraph', {})) as { nodes: { sessionId: string; role: string; handoffBacklog: number }[] };
    expect(graph.nodes.find((n) => n.sessionId === 'lead')?.role).toBe('lead');
    expect(graph.nodes.find((n) => n.sessionId === 'helper')).toMatchObject({ role: 'delegate', handoffBacklog: 0 });

    const preview = await call('previewAssignment', { lead: 'lead', task: 'write the docs' });
    expect(preview).toEqual({ sessionId: 'helper', action: 'reused_idle', delegateState: 'idle', handoffBacklog: 0, graphMatchTerms: [] });
    expect(store.unreadTaskHandoffCounts(['helper']).get('helper') ?? 0).toBe(0);

    expect(await call('assignTask', { lead: 'lead', task: 'write the docs' })).toMatchObject({ sessionId: 'helper', action: 'reused_idle', delivery: 'inbox', queuedMessageId: null });
    expect(store.unreadTaskHandoffCounts(['helper']).get('helper')).toBe(1);
    expect(await call('drainInbox', { lead: 'lead' })).toEqual({ routed: [] });
    expect(await call('rebalanceTeam', { lead: 'lead' })).toEqual({ rerouted: [] });
  });

  it('names the field of a bad input', async () => {
    const r = (await host.call('previewAssignment', { lead: 'lead', task: '  ' })) as Result<unknown>;
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!r.ok) expect(r.error.message).toMatch(/task: describe the task/);
  });
});

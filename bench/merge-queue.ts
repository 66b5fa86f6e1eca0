// Benchmark: building the merge queue for 10, 20 and 50 session branches (half edit the same line of
// one file, half edit their own files). Prints time and git processes per build, git calls per
// ready × candidate pair, and proof that the user's checkout is untouched. Target: 50 branches < 3 s.
// Run: node --import tsx bench/merge-queue.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src-main/engine/config';
import { buildMergeQueue } from '../src-main/engine/merge-queue';
import type { Session } from '../src-main/engine/model';
import { openStore } from '../src-main/engine/store';
import { createGit, createWorktree, type Git, type WorktreeDeps } from '../src-main/engine/worktrees';
import { report, type Figure } from './lib/report';

const TARGET_MS = 3000;
const SIZES = [10, 20, 50];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

function snapshot(repo: string): string {
  return [git(repo, 'for-each-ref'), git(repo, 'status', '--porcelain'), git(repo, 'worktree', 'list', '--porcelain')].join('\n');
}

function session(id: string, i: number, worktree: Session['worktree']): Session {
  const at = new Date(Date.now() - (100 - i) * 1000).toISOString();
  return {
    id, task: `task ${i}`, project: 'bench', taskGroup: 'bench', agentType: 'claude', mode: 'headless', state: 'stopped',
    pid: null, runnerPid: null, workingDir: worktree?.path ?? '/tmp', worktree, harness: 'claude', detectedHarnesses: [],
    harnessSessionId: null, attention: null, stateReason: null, exitCode: null, exitSignal: null,
    createdAt: at, updatedAt: at, lastHeartbeatAt: at,
    metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
  };
}

async function run(n: number): Promise<{ n: number; ms: number; calls: number; ready: number; blocked: number; bound: number; untouched: boolean }> {
  const root = mkdtempSync(join(tmpdir(), 'sy-bench-mq-'));
  try {
    const repo = join(root, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    git(repo, 'config', 'user.name', 'Bench');
    git(repo, 'config', 'user.email', 'bench@example.com');
    writeFileSync(join(repo, 'shared.txt'), Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'init');
    const config = { ...defaultConfig(join(root, 'home')), worktree_root: join(root, 'worktrees') };
    const store = openStore(join(root, 'state.db'));
    const setupGit = createGit();
    for (let i = 0; i < n; i++) {
      const id = `s${String(i).padStart(7, '0')}`;
      const { worktree } = await createWorktree(setupGit, config, id, { root: repo, baseBranch: 'main' });
      if (i % 2 === 0) writeFileSync(join(worktree.path, 'shared.txt'), `changed by ${id}\n` + Array.from({ length: 49 }, (_, k) => `line ${k + 1}`).join('\n') + '\n');
      else writeFileSync(join(worktree.path, `own-${id}.txt`), `${id}\n`);
      git(worktree.path, 'add', '.');
      git(worktree.path, 'commit', '-q', '-m', `work ${id}`);
      store.insertSession(session(id, i, worktree));
    }
    const counting: Git = createGit();
    const deps: WorktreeDeps = { home: join(root, 'home'), config, store, runner: { command: [] }, git: counting };
    const before = snapshot(repo);
    const start = performance.now();
    const report = await buildMergeQueue(deps);
    const ms = performance.now() - start;
    const untouched = snapshot(repo) === before;
    store.close();
    const ready = report.readyEntries.length;
    return { n, ms, calls: counting.calls, ready, blocked: report.blockedEntries.length, bound: Math.max(1, ready) * n, untouched };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const rows = [];
for (const n of SIZES) rows.push(await run(n));
const figures: Figure[] = [];
for (const r of rows) {
  const last = r.n === SIZES[SIZES.length - 1];
  figures.push({ what: `queue build, ${r.n} branches`, value: r.ms, unit: 'ms', digits: 0, ...(last ? { target: `< ${TARGET_MS} ms`, ok: r.ms < TARGET_MS } : {}) });
  figures.push({ what: `git calls, ${r.n} branches (${r.ready} ready, ${r.blocked} blocked)`, value: r.calls, unit: '', digits: 0 });
  figures.push({ what: `git calls per ready × candidate, ${r.n} branches`, value: r.calls / r.bound, unit: '', digits: 2, target: '≤ 3 + 3/ready', ok: r.calls <= 3 * r.n + r.bound * 3 });
  figures.push({ what: `user's checkout untouched, ${r.n} branches`, value: r.untouched ? 1 : 0, unit: r.untouched ? '(yes)' : '(NO)', digits: 0, target: 'yes', ok: r.untouched });
}
report('merge-queue', figures, ['half the branches edit the same line of one file (they conflict pairwise), half edit their own files']);

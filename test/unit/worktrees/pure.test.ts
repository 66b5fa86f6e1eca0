// Naming, ordering and messages that need no repository.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src-main/engine/config';
import { queueOrder } from '../../../src-main/engine/merge-queue';
import type { Session } from '../../../src-main/engine/model';
import { worktreePlan } from '../../../src-main/engine/worktrees';
import { conflictSummary } from '../../../src-main/engine/worktrees/inspect';

const s = (id: string, state: Session['state'], updatedAt: string, project = 'p', taskGroup = 'g') => ({ id, state, updatedAt, project, taskGroup }) as Session;

describe('worktree naming', () => {
  it('puts the worktree at <root>/<id> on branch <prefix>/<id>, trimming slashes from the prefix', () => {
    expect(worktreePlan({ worktree_root: '/w', worktree_branch_prefix: '/team/ecc/' }, 'abcd1234')).toEqual({ path: '/w/abcd1234', branch: 'team/ecc/abcd1234' });
  });
});

describe('merge queue order', () => {
  it('puts inactive sessions first, then the oldest update, then project, group and id on ties', () => {
    const sorted = [
      s('live', 'running', '2026-01-01T00:00:00Z'),
      s('new', 'stopped', '2026-01-03T00:00:00Z'),
      s('old', 'completed', '2026-01-02T00:00:00Z'),
      s('tie-b', 'failed', '2026-01-04T00:00:00Z', 'b'),
      s('tie-a', 'failed', '2026-01-04T00:00:00Z', 'a'),
    ].sort(queueOrder);
    expect(sorted.map((x) => x.id)).toEqual(['old', 'new', 'tie-a', 'tie-b', 'live']);
  });
});

describe('conflict summary', () => {
  it('names the first three paths and counts the rest', () => {
    expect(conflictSummary(['a'])).toBe('Merge blocked by 1 conflict(s): a');
    expect(conflictSummary(['a', 'b', 'c', 'd', 'e'])).toBe('Merge blocked by 5 conflict(s): a, b, c, +2 more');
  });
});

describe('[worktree_setup] config', () => {
  const load = (toml: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-wt-cfg-'));
    try {
      writeFileSync(join(dir, 'config.toml'), toml);
      return loadConfig({ home: dir, cwd: dir }).config;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('defaults to nothing and reads copy_files and setup_commands', () => {
    expect(load('').worktree_setup).toEqual({ copy_files: [], setup_commands: [] });
    expect(load('[worktree_setup]\ncopy_files = [".env"]\nsetup_commands = ["npm ci"]\n').worktree_setup).toEqual({ copy_files: ['.env'], setup_commands: ['npm ci'] });
  });
  it('refuses a copy_files path that leaves the repository', () => {
    expect(() => load('[worktree_setup]\ncopy_files = ["../secrets"]\n')).toThrow('worktree_setup.copy_files: expected paths relative to the repository root');
    expect(() => load('[worktree_setup]\ncopy_files = ["/etc/passwd"]\n')).toThrow('worktree_setup.copy_files');
  });
});

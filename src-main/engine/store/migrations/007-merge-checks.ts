// Version 7: the merge queue's check of each branch on the merged tree, and its resolver (issue 15).
import type { Migration } from './types';

const SQL = `
-- One row per branch (session) the queue checked: its latest check, and the resolver working on it.
-- state: unchecked | checking | passed | failed | timed_out | resolving | needs_you | landed.
-- base_oid/branch_oid/candidate_oid: the base tip and branch tip tested, and the merge commit built
-- of them (the commit the base moves to on landing). scratch_path: the scratch worktree kept after a
-- failure for inspection (NULL once removed). attempts: resolver sessions started for this branch.
CREATE TABLE merge_checks (
  session_id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  branch TEXT NOT NULL,
  base_branch TEXT NOT NULL,
  base_oid TEXT,
  branch_oid TEXT,
  candidate_oid TEXT,
  check_command TEXT,
  started_at TEXT,
  finished_at TEXT,
  duration_ms INTEGER,
  exit_code INTEGER,
  log_path TEXT,
  log_tail TEXT,
  scratch_path TEXT,
  message TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  resolver_session_id TEXT,
  resolver_scratch_path TEXT,
  resolve_kind TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_merge_checks_resolver ON merge_checks(resolver_session_id);
`;

export const migration007: Migration = {
  version: 7,
  name: 'merge-checks',
  up(db) {
    db.exec(SQL);
  },
};

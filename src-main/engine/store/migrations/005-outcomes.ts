// Version 5: what a session produced and what it was refused (the real agent loop, issue 10).
import type { Migration } from './types';

const SQL = `
-- One row per session once it has something to say: the agent's final summary (its last answer),
-- the commit Switchyard made of its work, when its branch was merged, and a one-shot prompt that
-- the next run sends instead of the task (a retry after denied actions were allowed).
CREATE TABLE session_outcomes (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  summary TEXT,
  commit_sha TEXT,
  committed_at TEXT,
  merged_at TEXT,
  resume_prompt TEXT,
  updated_at TEXT NOT NULL
);

-- Tool calls the agent's permission rules denied (Claude's result.permission_denials and the other
-- agents' equivalents). allowed_at is set once the operator re-ran the session allowing them.
CREATE TABLE permission_denials (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  tool_name TEXT NOT NULL,
  tool_use_id TEXT,
  input_json TEXT NOT NULL,
  input_summary TEXT NOT NULL,
  created_at TEXT NOT NULL,
  allowed_at TEXT,
  UNIQUE (session_id, tool_use_id)
);
CREATE INDEX idx_permission_denials_session ON permission_denials(session_id, id);
`;

export const migration005: Migration = {
  version: 5,
  name: 'outcomes',
  up(db) {
    db.exec(SQL);
  },
};

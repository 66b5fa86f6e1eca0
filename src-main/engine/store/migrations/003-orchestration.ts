// Version 3: what the daemon and its policies keep between ticks and between processes.
import type { Migration } from './types';

const SQL = `
-- Engine events (stale sessions, budget alerts and stops, conflicts, schedules, remote dispatch...),
-- written by whichever process produced them so the CLI, the daemon and the UI read one history.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  session_id TEXT,
  payload_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX idx_events_kind ON events(kind, id);
CREATE INDEX idx_events_session ON events(session_id, id);

-- The highest budget-alert level already announced per scope ("global:tokens", "global:cost",
-- "session:<id>"), so each threshold crossing alerts once.
CREATE TABLE budget_alert_state (
  scope TEXT PRIMARY KEY,
  level REAL NOT NULL,
  updated_at TEXT NOT NULL
);

-- Read positions in the hook JSONL files, so a restarted daemon does not ingest rows twice.
CREATE TABLE metrics_cursors (
  name TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  offset INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  ino INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- One daemon per database (so per data home): the holder's pid, host and last sign of life.
CREATE TABLE daemon_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  owner TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
`;

export const migration003: Migration = {
  version: 3,
  name: 'orchestration',
  up(db) {
    db.exec(SQL);
  },
};

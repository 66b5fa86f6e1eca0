// Version 2: what Switchyard adds on top of ECC2's tables.
import type Database from 'better-sqlite3';
import { messagePriority, priorityToInt } from '../priority';
import type { Migration } from './types';

const SQL = `
ALTER TABLE sessions ADD COLUMN mode TEXT NOT NULL DEFAULT 'headless';
ALTER TABLE sessions ADD COLUMN runner_pid INTEGER;
ALTER TABLE sessions ADD COLUMN harness_session_id TEXT;
ALTER TABLE sessions ADD COLUMN attention TEXT;
ALTER TABLE sessions ADD COLUMN state_reason TEXT;
ALTER TABLE sessions ADD COLUMN exit_code INTEGER;
ALTER TABLE sessions ADD COLUMN exit_signal TEXT;
ALTER TABLE sessions ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN cache_creation_tokens INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_sessions_updated ON sessions(updated_at);

-- Precomputed handoff priority, so backlog ordering is plain SQL.
ALTER TABLE messages ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
CREATE INDEX idx_messages_handoffs ON messages(to_session, msg_type, read, priority);
CREATE INDEX idx_messages_from ON messages(from_session, msg_type);

CREATE TABLE output_logs (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  log_path TEXT NOT NULL,
  socket_path TEXT,
  bytes INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

CREATE TABLE file_activity (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  path TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  diff_preview TEXT,
  patch_preview TEXT,
  timestamp TEXT NOT NULL
);
CREATE INDEX idx_file_activity_session ON file_activity(session_id, timestamp, id);
CREATE INDEX idx_file_activity_path ON file_activity(path, timestamp);
`;

function backfillMessagePriorities(db: Database.Database): void {
  const rows = db.prepare(`SELECT id, content FROM messages WHERE msg_type = 'task_handoff'`).all() as {
    id: number;
    content: string;
  }[];
  const update = db.prepare('UPDATE messages SET priority = ? WHERE id = ?');
  for (const row of rows) update.run(priorityToInt(messagePriority('task_handoff', row.content)), row.id);
}

export const migration002: Migration = {
  version: 2,
  name: 'switchyard additions',
  up(db) {
    db.exec(SQL);
    backfillMessagePriorities(db);
  },
};

// Version 4: history the operator views chart (spend over time).
import type { Migration } from './types';

const SQL = `
-- Cumulative tokens and cost of a session each time they changed (written by the metrics writers,
-- at most every few seconds per session). No foreign key: spend history outlives deleted sessions.
CREATE TABLE metrics_samples (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  tokens_used INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  sampled_at TEXT NOT NULL
);
CREATE INDEX idx_metrics_samples_time ON metrics_samples(sampled_at, id);
CREATE INDEX idx_metrics_samples_session ON metrics_samples(session_id, id);
`;

export const migration004: Migration = {
  version: 4,
  name: 'view-history',
  up(db) {
    db.exec(SQL);
  },
};

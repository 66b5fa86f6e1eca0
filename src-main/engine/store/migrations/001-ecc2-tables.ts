// Version 1: the tables ECC2's StateStore keeps (upstream store.rs), in their final column set.
// ECC2's session_output ring buffer and session_board projection are left out: Switchyard keeps
// output in per-session log files (output_logs, version 2) and derives the board in the UI.
import type { Migration } from './types';

const SQL = `
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  task TEXT NOT NULL,
  project TEXT NOT NULL DEFAULT '',
  task_group TEXT NOT NULL DEFAULT '',
  agent_type TEXT NOT NULL,
  harness TEXT NOT NULL DEFAULT 'unknown',
  detected_harnesses_json TEXT NOT NULL DEFAULT '[]',
  working_dir TEXT NOT NULL DEFAULT '.',
  state TEXT NOT NULL DEFAULT 'pending',
  pid INTEGER,
  worktree_path TEXT,
  worktree_branch TEXT,
  worktree_base TEXT,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  tokens_used INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0,
  files_changed INTEGER NOT NULL DEFAULT 0,
  duration_secs INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_heartbeat_at TEXT NOT NULL
);
CREATE INDEX idx_sessions_state ON sessions(state);

CREATE TABLE session_profiles (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  profile_name TEXT NOT NULL,
  model TEXT,
  allowed_tools_json TEXT NOT NULL DEFAULT '[]',
  disallowed_tools_json TEXT NOT NULL DEFAULT '[]',
  permission_mode TEXT,
  add_dirs_json TEXT NOT NULL DEFAULT '[]',
  max_budget_usd REAL,
  token_budget INTEGER,
  append_system_prompt TEXT
);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  from_session TEXT NOT NULL,
  to_session TEXT NOT NULL,
  content TEXT NOT NULL,
  msg_type TEXT NOT NULL DEFAULT 'info',
  read INTEGER NOT NULL DEFAULT 0,
  timestamp TEXT NOT NULL
);
CREATE INDEX idx_messages_to_session ON messages(to_session, read);

CREATE TABLE tool_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hook_event_id TEXT UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  tool_name TEXT NOT NULL,
  input_summary TEXT NOT NULL DEFAULT '',
  input_params_json TEXT NOT NULL DEFAULT '{}',
  output_summary TEXT NOT NULL DEFAULT '',
  trigger_summary TEXT NOT NULL DEFAULT '',
  duration_ms INTEGER NOT NULL DEFAULT 0,
  risk_score REAL NOT NULL DEFAULT 0,
  timestamp TEXT NOT NULL,
  file_paths_json TEXT NOT NULL DEFAULT '[]',
  file_events_json TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX idx_tool_log_session ON tool_log(session_id);

CREATE TABLE decision_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  decision TEXT NOT NULL,
  alternatives_json TEXT NOT NULL DEFAULT '[]',
  reasoning TEXT NOT NULL DEFAULT '',
  timestamp TEXT NOT NULL
);
CREATE INDEX idx_decision_log_session ON decision_log(session_id, timestamp, id);

CREATE TABLE context_graph_entities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  entity_key TEXT NOT NULL UNIQUE,
  entity_type TEXT NOT NULL,
  name TEXT NOT NULL,
  path TEXT,
  summary TEXT NOT NULL DEFAULT '',
  metadata_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_context_entities_session ON context_graph_entities(session_id, updated_at);
CREATE INDEX idx_context_entities_type ON context_graph_entities(entity_type, updated_at);

CREATE TABLE context_graph_relations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  from_entity_id INTEGER NOT NULL REFERENCES context_graph_entities(id) ON DELETE CASCADE,
  to_entity_id INTEGER NOT NULL REFERENCES context_graph_entities(id) ON DELETE CASCADE,
  relation_type TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE(from_entity_id, to_entity_id, relation_type)
);
CREATE INDEX idx_context_relations_session ON context_graph_relations(session_id);
CREATE INDEX idx_context_relations_from ON context_graph_relations(from_entity_id);
CREATE INDEX idx_context_relations_to ON context_graph_relations(to_entity_id);

CREATE TABLE context_graph_observations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  entity_id INTEGER NOT NULL REFERENCES context_graph_entities(id) ON DELETE CASCADE,
  observation_type TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 1,
  pinned INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '',
  details_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX idx_context_observations_entity ON context_graph_observations(entity_id, created_at);
CREATE INDEX idx_context_observations_session ON context_graph_observations(session_id);

CREATE TABLE context_graph_connector_checkpoints (
  connector_name TEXT NOT NULL,
  source_path TEXT NOT NULL,
  source_signature TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (connector_name, source_path)
);

CREATE TABLE pending_worktree_queue (
  session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  repo_root TEXT NOT NULL,
  requested_at TEXT NOT NULL
);
CREATE INDEX idx_pending_worktree_queue_requested ON pending_worktree_queue(requested_at);

CREATE TABLE scheduled_tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  cron_expr TEXT NOT NULL,
  task TEXT NOT NULL,
  agent_type TEXT NOT NULL,
  profile_name TEXT,
  working_dir TEXT NOT NULL,
  project TEXT NOT NULL DEFAULT '',
  task_group TEXT NOT NULL DEFAULT '',
  use_worktree INTEGER NOT NULL DEFAULT 1,
  last_run_at TEXT,
  next_run_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX idx_scheduled_tasks_next_run ON scheduled_tasks(next_run_at, id);

CREATE TABLE remote_dispatch_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_kind TEXT NOT NULL DEFAULT 'standard',
  target_session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
  task TEXT NOT NULL,
  target_url TEXT,
  priority INTEGER NOT NULL DEFAULT 1,
  agent_type TEXT NOT NULL,
  profile_name TEXT,
  working_dir TEXT NOT NULL,
  project TEXT NOT NULL DEFAULT '',
  task_group TEXT NOT NULL DEFAULT '',
  use_worktree INTEGER NOT NULL DEFAULT 1,
  source TEXT NOT NULL DEFAULT '',
  requester TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  result_session_id TEXT,
  result_action TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  dispatched_at TEXT
);
CREATE INDEX idx_remote_dispatch_status ON remote_dispatch_requests(status, priority DESC, created_at, id);

CREATE TABLE conflict_incidents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conflict_key TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  first_session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  second_session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  active_session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  paused_session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  first_action TEXT NOT NULL,
  second_action TEXT NOT NULL,
  strategy TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX idx_conflict_incidents_sessions
  ON conflict_incidents(first_session_id, second_session_id, resolved_at, updated_at);

CREATE TABLE daemon_activity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_dispatch_at TEXT,
  last_dispatch_routed INTEGER NOT NULL DEFAULT 0,
  last_dispatch_deferred INTEGER NOT NULL DEFAULT 0,
  last_dispatch_leads INTEGER NOT NULL DEFAULT 0,
  chronic_saturation_streak INTEGER NOT NULL DEFAULT 0,
  last_recovery_dispatch_at TEXT,
  last_recovery_dispatch_routed INTEGER NOT NULL DEFAULT 0,
  last_recovery_dispatch_leads INTEGER NOT NULL DEFAULT 0,
  last_rebalance_at TEXT,
  last_rebalance_rerouted INTEGER NOT NULL DEFAULT 0,
  last_rebalance_leads INTEGER NOT NULL DEFAULT 0,
  last_auto_merge_at TEXT,
  last_auto_merge_merged INTEGER NOT NULL DEFAULT 0,
  last_auto_merge_active_skipped INTEGER NOT NULL DEFAULT 0,
  last_auto_merge_conflicted_skipped INTEGER NOT NULL DEFAULT 0,
  last_auto_merge_dirty_skipped INTEGER NOT NULL DEFAULT 0,
  last_auto_merge_failed INTEGER NOT NULL DEFAULT 0,
  last_auto_prune_at TEXT,
  last_auto_prune_pruned INTEGER NOT NULL DEFAULT 0,
  last_auto_prune_active_skipped INTEGER NOT NULL DEFAULT 0
);
INSERT INTO daemon_activity (id) VALUES (1);
`;

export const migration001: Migration = {
  version: 1,
  name: 'ecc2 tables',
  up(db) {
    db.exec(SQL);
  },
};

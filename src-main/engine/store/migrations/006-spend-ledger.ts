// Version 6: what every session cost, kept when the session is deleted, and how its cost is known.
import type { Migration } from './types';

const SQL = `
-- How a session's cost_usd is known: 'reported' by the agent, 'priced' from its tokens with the
-- price table, 'unknown' (tokens without a price; cost_note says why), or NULL: nothing reported.
-- cost_note names the model and price source, or the reason the cost is unknown.
ALTER TABLE sessions ADD COLUMN cost_status TEXT;
ALTER TABLE sessions ADD COLUMN cost_note TEXT;
UPDATE sessions SET cost_status = 'reported' WHERE cost_usd > 0;

-- A remote request whose sender insisted on launching over a spent hard budget.
ALTER TABLE remote_dispatch_requests ADD COLUMN over_budget INTEGER NOT NULL DEFAULT 0;

-- Each session's latest tokens and cost, kept by triggers whoever writes the session row (runner
-- taps, hook events, ECC cost rows), and never deleted with the session: budgets and "spent"
-- totals count work that was paid for, whether or not its session is still listed.
CREATE TABLE spend_ledger (
  session_id TEXT PRIMARY KEY,
  agent_type TEXT NOT NULL,
  tokens_used INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  cost_status TEXT,
  deleted_at TEXT,
  updated_at TEXT NOT NULL
);

CREATE TRIGGER spend_ledger_on_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO spend_ledger (session_id, agent_type, tokens_used, cost_usd, cost_status, updated_at)
  VALUES (NEW.id, NEW.agent_type, NEW.tokens_used, NEW.cost_usd, NEW.cost_status, NEW.updated_at)
  ON CONFLICT(session_id) DO UPDATE SET tokens_used = excluded.tokens_used, cost_usd = excluded.cost_usd,
    cost_status = excluded.cost_status, deleted_at = NULL, updated_at = excluded.updated_at;
END;

CREATE TRIGGER spend_ledger_on_update AFTER UPDATE OF tokens_used, cost_usd, cost_status ON sessions
WHEN OLD.tokens_used IS NOT NEW.tokens_used OR OLD.cost_usd IS NOT NEW.cost_usd OR OLD.cost_status IS NOT NEW.cost_status
BEGIN
  INSERT INTO spend_ledger (session_id, agent_type, tokens_used, cost_usd, cost_status, updated_at)
  VALUES (NEW.id, NEW.agent_type, NEW.tokens_used, NEW.cost_usd, NEW.cost_status, NEW.updated_at)
  ON CONFLICT(session_id) DO UPDATE SET tokens_used = excluded.tokens_used, cost_usd = excluded.cost_usd,
    cost_status = excluded.cost_status, updated_at = excluded.updated_at;
END;

CREATE TRIGGER spend_ledger_on_delete AFTER DELETE ON sessions BEGIN
  UPDATE spend_ledger SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE session_id = OLD.id;
END;

INSERT INTO spend_ledger (session_id, agent_type, tokens_used, cost_usd, cost_status, updated_at)
SELECT id, agent_type, tokens_used, cost_usd, cost_status, updated_at FROM sessions;

-- Sessions deleted before this version left their spend in metrics_samples: their latest sample.
INSERT INTO spend_ledger (session_id, agent_type, tokens_used, cost_usd, cost_status, deleted_at, updated_at)
SELECT m.session_id, 'unknown', m.tokens_used, m.cost_usd, CASE WHEN m.cost_usd > 0 THEN 'reported' END, m.sampled_at, m.sampled_at
FROM metrics_samples m
WHERE m.id = (SELECT MAX(id) FROM metrics_samples x WHERE x.session_id = m.session_id)
  AND m.session_id NOT IN (SELECT id FROM sessions);
`;

export const migration006: Migration = {
  version: 6,
  name: 'spend-ledger',
  up(db) {
    db.exec(SQL);
  },
};

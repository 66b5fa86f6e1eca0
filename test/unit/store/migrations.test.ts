import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentSchemaVersion,
  inspectDatabase,
  migrate,
  openStore,
  SCHEMA_VERSION,
} from '../../../src-main/engine/store';
import { tempDir } from './helpers';

const TABLES = [
  'schema_version',
  'session_outcomes',
  'permission_denials',
  'sessions',
  'session_profiles',
  'messages',
  'tool_log',
  'file_activity',
  'decision_log',
  'conflict_incidents',
  'context_graph_entities',
  'context_graph_relations',
  'pending_worktree_queue',
  'scheduled_tasks',
  'remote_dispatch_requests',
  'daemon_activity',
  'output_logs',
];

let tmp: { dir: string; cleanup(): void };
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function tableNames(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
}

describe('schema migrations', () => {
  it('creates every table on an empty file, in a parent directory it creates, with WAL and foreign keys', () => {
    const dbPath = join(tmp.dir, 'a', 'b', 'switchyard.db');
    const store = openStore(dbPath);
    store.close();
    expect(existsSync(dbPath)).toBe(true);

    const db = new Database(dbPath);
    expect(currentSchemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(7);
    expect(tableNames(db)).toEqual(expect.arrayContaining(TABLES));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version, name FROM schema_version ORDER BY version').all();
    expect(versions).toEqual([
      { version: 1, name: 'ecc2 tables' },
      { version: 2, name: 'switchyard additions' },
      { version: 3, name: 'orchestration' },
      { version: 4, name: 'view-history' },
      { version: 5, name: 'outcomes' },
      { version: 6, name: 'spend-ledger' },
      { version: 7, name: 'merge-checks' },
    ]);
    expect(tableNames(db)).toContain('metrics_samples');
    expect(tableNames(db)).toEqual(expect.arrayContaining(['events', 'budget_alert_state', 'metrics_cursors', 'daemon_lock']));
    db.close();
    expect(inspectDatabase(dbPath)).toMatchObject({ exists: true, schemaVersion: SCHEMA_VERSION, compatible: true });
  });

  it('upgrades a database left at version 1, keeping its rows and filling defaults for new columns', () => {
    const dbPath = join(tmp.dir, 'old.db');
    const db = new Database(dbPath);
    expect(migrate(db, 1)).toBe(1);
    expect(tableNames(db)).not.toContain('output_logs');
    db.prepare(
      `INSERT INTO sessions (id, task, project, task_group, agent_type, working_dir, state, pid, tokens_used, cost_usd,
         created_at, updated_at, last_heartbeat_at)
       VALUES ('old1', 'fix the login page', '', '', 'codex', '/repos/shop', 'running', 4242, 900, 1.5,
         '2025-12-01T00:00:00.000Z', '2025-12-02T00:00:00.000Z', '2025-12-02T00:00:00.000Z')`,
    ).run();
    const insertMsg = db.prepare(
      `INSERT INTO messages (from_session, to_session, content, msg_type, timestamp) VALUES (?, ?, ?, 'task_handoff', ?)`,
    );
    insertMsg.run('lead', 'old1', JSON.stringify({ task: 'routine', context: 'c' }), '2025-12-01T00:00:00.000Z');
    insertMsg.run('lead', 'old1', JSON.stringify({ task: 'urgent', priority: 'critical' }), '2025-12-01T00:00:01.000Z');
    db.close();
    expect(inspectDatabase(dbPath)).toMatchObject({ schemaVersion: 1, compatible: true });

    const store = openStore(dbPath);
    try {
      const s = store.getSession('old1');
      expect(s).toMatchObject({
        id: 'old1',
        task: 'fix the login page',
        project: 'shop',
        taskGroup: 'fix the login page',
        agentType: 'codex',
        state: 'running',
        pid: 4242,
        mode: 'headless',
        runnerPid: null,
        harness: 'unknown',
        harnessSessionId: null,
        attention: null,
        stateReason: null,
        exitCode: null,
        exitSignal: null,
        updatedAt: '2025-12-02T00:00:00.000Z',
      });
      expect(s?.metrics).toMatchObject({ tokensUsed: 900, costUsd: 1.5, cacheReadTokens: 0, cacheCreationTokens: 0 });
      // The new priority column was back-filled from the content of existing handoffs.
      expect(store.unreadTaskHandoffsForSession('old1', 10).map((m) => [m.priority, JSON.parse(m.content).task])).toEqual([
        ['critical', 'urgent'],
        ['normal', 'routine'],
      ]);
      // The new tables work on the upgraded file.
      store.upsertOutputLog({ sessionId: 'old1', logPath: '/logs/old1.log' });
      expect(store.getOutputLog('old1')?.logPath).toBe('/logs/old1.log');
    } finally {
      store.close();
    }
    const check = new Database(dbPath);
    expect(currentSchemaVersion(check)).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('refuses a database from a newer Switchyard, naming the file, both versions and the fix', () => {
    const dbPath = join(tmp.dir, 'future.db');
    openStore(dbPath).close();
    const db = new Database(dbPath);
    db.prepare(`INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'from the future', 'x')`).run(
      SCHEMA_VERSION + 5,
    );
    db.close();

    let message = '';
    try {
      openStore(dbPath).close();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(dbPath);
    expect(message).toContain(`schema version ${SCHEMA_VERSION + 5}`);
    expect(message).toContain(`up to ${SCHEMA_VERSION}`);
    expect(message).toMatch(/upgrade Switchyard/);
    expect(inspectDatabase(dbPath)).toMatchObject({ compatible: false, schemaVersion: SCHEMA_VERSION + 5 });
  });

  it('is a no-op on an up-to-date database and reports a file that does not exist without creating it', () => {
    const dbPath = join(tmp.dir, 'again.db');
    openStore(dbPath).close();
    openStore(dbPath).close();
    const db = new Database(dbPath);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(SCHEMA_VERSION);
    expect((db.prepare('SELECT COUNT(*) AS n FROM daemon_activity').get() as { n: number }).n).toBe(1);
    db.close();

    const missing = join(tmp.dir, 'missing.db');
    expect(inspectDatabase(missing)).toEqual({ exists: false, schemaVersion: null, compatible: true, integrity: null, problems: [], error: null });
    expect(existsSync(missing)).toBe(false);
  });
});

// Metrics ingestion from the ECC hook files, across a daemon restart (a new store connection).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsIngestor, metricsPaths } from '../../../src-main/engine/policies';
import { openStore } from '../../../src-main/engine/store';
import { buildSession, createFixture, type Fixture } from '../../unit/policies/fixture';

let fx: Fixture;
afterEach(() => fx.cleanup());

const cost = (sessionId: string, input: number, output: number, usd: number) =>
  JSON.stringify({ timestamp: new Date().toISOString(), session_id: sessionId, model: 'sonnet', input_tokens: input, output_tokens: output, cache_write_tokens: 5, cache_read_tokens: 7, estimated_cost_usd: usd }) + '\n';
const tool = (id: string, sessionId: string, path: string) =>
  JSON.stringify({ id, session_id: sessionId, tool_name: 'Edit', input_summary: `edit ${path}`, output_summary: 'ok', file_events: [{ path, action: 'edit' }], timestamp: '2026-04-09T00:05:00.000Z' }) + '\n';

describe('metrics ingestion', () => {
  it('takes the latest cost row per session, dedupes tool calls by id, and does not re-ingest after a restart', () => {
    fx = createFixture();
    fx.store.insertSession(buildSession('s1', 'running', fx.clock.now));
    const paths = metricsPaths(fx.store.path);
    mkdirSync(dirname(paths.costs), { recursive: true });
    appendFileSync(paths.costs, cost('s1', 100, 50, 0.5) + cost('s1', 300, 120, 1.25) + cost('not-ours', 9, 9, 9));
    appendFileSync(paths.toolUsage, tool('t1', 's1', 'src/a.ts') + tool('t1', 's1', 'src/a.ts') + tool('t2', 's1', 'src/b.ts'));

    const first = new MetricsIngestor(fx.store).ingest(() => fx.clock.now);
    expect(first).toMatchObject({ costSessions: ['s1'], toolCalls: 2, skippedRows: 1 });
    const s = fx.store.getSession('s1');
    // Cumulative rows: the latest is the total (ECC2 summed them: 400 / 170 / 1.75).
    expect(s?.metrics).toMatchObject({ inputTokens: 300, outputTokens: 120, tokensUsed: 420, costUsd: 1.25, cacheReadTokens: 7, cacheCreationTokens: 5, toolCalls: 2, filesChanged: 2, durationSecs: 60 });
    expect(fx.store.listFileActivity('s1', 10).map((f) => [f.path, f.action])).toEqual([
      ['src/b.ts', 'modify'],
      ['src/a.ts', 'modify'],
    ]);
    // Metrics are not a sign of life: the heartbeat is untouched.
    expect(s?.lastHeartbeatAt).toBe(fx.clock.now.toISOString());

    // A restarted daemon (new connection, new ingestor) resumes after the persisted cursors.
    const restarted = openStore(fx.store.path);
    try {
      expect(new MetricsIngestor(restarted).ingest(() => fx.clock.now)).toMatchObject({ costSessions: [], toolCalls: 0, skippedRows: 0 });
      appendFileSync(paths.costs, cost('s1', 500, 200, 2));
      appendFileSync(paths.toolUsage, tool('t3', 's1', 'src/a.ts'));
      expect(new MetricsIngestor(restarted).ingest(() => fx.clock.now)).toMatchObject({ costSessions: ['s1'], toolCalls: 1 });
      expect(restarted.getSession('s1')?.metrics).toMatchObject({ tokensUsed: 700, costUsd: 2, toolCalls: 3, filesChanged: 2 });
    } finally {
      restarted.close();
    }
  });
});

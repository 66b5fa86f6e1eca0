import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { delegationGraph, toolLogView } from '../../../src-main/engine/views';
import { addSession, handoff, openFixture, type Fixture } from '../delegation/helpers';

let fx: Fixture;
beforeEach(() => {
  fx = openFixture();
});
afterEach(() => fx.cleanup());

describe('toolLogView', () => {
  it('pages the log newest first with the action the configured thresholds suggest', () => {
    addSession(fx, 's1', 'running');
    const log = (id: string, toolName: string, input: string, riskScore: number, ts: string) =>
      fx.store.insertToolLog({ hookEventId: id, sessionId: 's1', toolName, inputSummary: input, inputParamsJson: '{}', outputSummary: '', durationMs: 1, riskScore, timestamp: ts });
    log('1', 'Read', 'src/a.ts', 0.05, '2026-01-01T00:00:01.000Z');
    log('2', 'Bash', 'rm -rf build', 0.65, '2026-01-01T00:00:02.000Z');
    log('3', 'Bash', 'git push --force origin main', 1, '2026-01-01T00:00:03.000Z');
    fx.config.risk_thresholds = { review: 0.3, confirm: 0.7, block: 0.9 };
    const view = toolLogView(fx.store, fx.config, 's1', 1, 2);
    expect(view).toMatchObject({ total: 3, pages: 2, page: 1, pageSize: 2, thresholds: { review: 0.3, confirm: 0.7, block: 0.9 } });
    expect(view.entries.map((e) => [e.hookEventId, e.suggestedAction])).toEqual([
      ['3', 'block'],
      ['2', 'review'], // 0.65 is below this config's confirm threshold
    ]);
    expect(view.entries[1]?.factors.map((f) => [f.part, f.matched])).toEqual([
      ['base', 'bash'],
      ['irreversibility', 'rm -rf'],
    ]);
    expect(view.actionCounts).toEqual({ allow: 0, review: 1, require_confirmation: 0, block: 1 });
    expect(toolLogView(fx.store, fx.config, 's1', 2, 2).entries.map((e) => e.suggestedAction)).toEqual(['allow']);
  });
});

describe('delegationGraph', () => {
  it('links leads to delegates with backlog and unread counts', () => {
    addSession(fx, 'lead', 'running', { agoSecs: 1 });
    addSession(fx, 'd1', 'idle', { agoSecs: 2 });
    addSession(fx, 'd2', 'running', { agoSecs: 3 });
    addSession(fx, 'solo', 'completed', { agoSecs: 4 });
    handoff(fx, 'lead', 'd1', 'write tests', { read: true });
    handoff(fx, 'lead', 'd1', 'fix lint');
    handoff(fx, 'lead', 'd2', 'docs');
    handoff(fx, 'lead', 'd2', 'more docs');
    handoff(fx, 'd2', 'd1', 'help me');
    fx.store.sendMessage('d1', 'lead', 'question?', 'query');
    const graph = delegationGraph(fx.store, fx.config);
    const node = (id: string) => graph.nodes.find((n) => n.sessionId === id);
    expect(graph.nodes.map((n) => n.sessionId)).toEqual(['lead', 'd1', 'd2', 'solo']);
    expect(node('lead')).toMatchObject({ role: 'lead', handoffBacklog: 0, unreadCount: 1, parentId: null });
    expect(node('d1')).toMatchObject({ role: 'delegate', handoffBacklog: 2, unreadCount: 2, parentId: 'd2' });
    expect(node('d2')).toMatchObject({ role: 'lead_and_delegate', handoffBacklog: 2, parentId: 'lead' });
    expect(node('solo')).toMatchObject({ role: 'standalone', handoffBacklog: 0 });
    expect(graph.edges.map((e) => [e.from, e.to, e.handoffs, e.unread])).toEqual([
      ['lead', 'd1', 2, 1],
      ['lead', 'd2', 2, 2],
      ['d2', 'd1', 1, 1],
    ]);
    expect(graph.totalSessions).toBe(4);
  });

  it('stays a few queries with many sessions and honours the limit', () => {
    addSession(fx, 'lead', 'running');
    for (let i = 0; i < 60; i++) {
      addSession(fx, `d${i}`, 'running', { agoSecs: i + 1 });
      handoff(fx, 'lead', `d${i}`, `task ${i}`);
    }
    const graph = delegationGraph(fx.store, fx.config, { limit: 40 });
    expect(graph.nodes).toHaveLength(40);
    expect(graph.totalSessions).toBe(61);
    expect(graph.edges).toHaveLength(39); // only edges between the nodes shown
    expect(graph.nodes.find((n) => n.sessionId === 'lead')?.atCapacity).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffPriority } from '../../../src-main/engine/store';
import { openTempStore, sampleSession, type TempStore } from './helpers';

let t: TempStore;
beforeEach(() => {
  t = openTempStore();
});
afterEach(() => t.cleanup());

const handoff = (task: string, priority?: string) =>
  JSON.stringify({ TaskHandoff: { task, context: 'ctx', ...(priority ? { priority } : {}) } });
const legacy = (task: string, priority?: string) => JSON.stringify({ task, ...(priority ? { priority } : {}) });

describe('handoff priority', () => {
  it('reads structured and flat handoffs, defaulting to normal', () => {
    expect(handoffPriority(handoff('a', 'critical'))).toBe('critical');
    expect(handoffPriority(handoff('a'))).toBe('normal');
    expect(handoffPriority(legacy('a', 'high'))).toBe('high');
    expect(handoffPriority(legacy('a', 'low'))).toBe('low');
    expect(handoffPriority(legacy('a', 'urgent'))).toBe('normal');
    expect(handoffPriority('plain text')).toBe('normal');
    expect(handoffPriority('[1,2]')).toBe('normal');
  });
});

describe('messages', () => {
  it('stores a message with its priority and lists a session’s newest messages oldest first', () => {
    const sent = t.store.sendMessage('planner', 'worker', legacy('fix auth', 'high'), 'task_handoff');
    expect(sent).toMatchObject({ fromSession: 'planner', toSession: 'worker', msgType: 'task_handoff', read: false, priority: 'high' });
    expect(t.store.getMessage(sent.id)).toEqual(sent);
    // Priority is a handoff notion; other types stay normal whatever their content says.
    expect(t.store.sendMessage('worker', 'planner', legacy('q', 'critical'), 'query').priority).toBe('normal');
    for (let i = 0; i < 4; i++) t.store.sendMessage('worker', 'other', `note ${i}`, 'info');

    const listed = t.store.listMessagesForSession('worker', 3);
    expect(listed.map((m) => m.content)).toEqual(['note 1', 'note 2', 'note 3']);
    expect(t.store.listMessagesForSession('planner', 10)).toHaveLength(2);
  });

  it('orders a session’s unread handoffs by priority, then id, and counts them', () => {
    const ids = [
      t.store.sendMessage('lead', 'w', legacy('low one', 'low'), 'task_handoff').id,
      t.store.sendMessage('lead', 'w', handoff('normal one'), 'task_handoff').id,
      t.store.sendMessage('lead', 'w', handoff('critical one', 'critical'), 'task_handoff').id,
      t.store.sendMessage('lead', 'w', legacy('high one', 'high'), 'task_handoff').id,
      t.store.sendMessage('lead', 'w', legacy('second critical', 'critical'), 'task_handoff').id,
    ];
    t.store.sendMessage('lead', 'w', 'just info', 'info');
    t.store.sendMessage('lead', 'elsewhere', handoff('not for w', 'critical'), 'task_handoff');

    const task = (c: string) => (JSON.parse(c) as { task?: string; TaskHandoff?: { task: string } }).TaskHandoff?.task ?? JSON.parse(c).task;
    expect(t.store.unreadTaskHandoffsForSession('w', 10).map((m) => task(m.content))).toEqual([
      'critical one',
      'second critical',
      'high one',
      'normal one',
      'low one',
    ]);
    expect(t.store.unreadTaskHandoffsForSession('w', 2)).toHaveLength(2);
    expect(t.store.unreadTaskHandoffCount('w')).toBe(5);

    expect(t.store.markMessageRead(ids[2]!)).toBe(true);
    expect(t.store.markMessageRead(ids[2]!)).toBe(false);
    expect(t.store.unreadTaskHandoffCount('w')).toBe(4);
    expect(t.store.unreadMessageCounts()).toEqual(new Map([['w', 5], ['elsewhere', 1]]));
    expect(t.store.unreadMessagesForSession('w', 10).map((m) => m.id)[0]).toBe(ids[0]);

    expect(t.store.markMessagesRead('w')).toBe(5);
    expect(t.store.unreadTaskHandoffCount('w')).toBe(0);
    expect(t.store.unreadMessageCounts()).toEqual(new Map([['elsewhere', 1]]));
  });

  it('orders handoff targets by top priority, then count, then oldest unread, then id', () => {
    // b: one critical. c and d: two normal each, c's oldest unread is older. f: one normal.
    // a: three low (the most, but the lowest priority). g: only a read handoff, so not a target.
    t.store.sendMessage('lead', 'c', handoff('c1'), 'task_handoff');
    t.store.sendMessage('lead', 'a', legacy('a1', 'low'), 'task_handoff');
    t.store.sendMessage('lead', 'd', handoff('d1'), 'task_handoff');
    t.store.sendMessage('lead', 'c', handoff('c2'), 'task_handoff');
    t.store.sendMessage('lead', 'a', legacy('a2', 'low'), 'task_handoff');
    t.store.sendMessage('lead', 'd', handoff('d2'), 'task_handoff');
    t.store.sendMessage('lead', 'a', legacy('a3', 'low'), 'task_handoff');
    t.store.sendMessage('lead', 'b', handoff('b1', 'critical'), 'task_handoff');
    t.store.sendMessage('lead', 'f', handoff('f1'), 'task_handoff');
    const readOne = t.store.sendMessage('lead', 'g', handoff('g1', 'critical'), 'task_handoff');
    t.store.markMessageRead(readOne.id);

    expect(t.store.unreadTaskHandoffTargets(10)).toEqual([
      { sessionId: 'b', unreadCount: 1 },
      { sessionId: 'c', unreadCount: 2 },
      { sessionId: 'd', unreadCount: 2 },
      { sessionId: 'f', unreadCount: 1 },
      { sessionId: 'a', unreadCount: 3 },
    ]);
    expect(t.store.unreadTaskHandoffTargets(2).map((x) => x.sessionId)).toEqual(['b', 'c']);
  });

  it('counts and queues unread queries and conflicts as approvals', () => {
    const q1 = t.store.sendMessage('w1', 'lead', JSON.stringify({ Query: { question: 'ok?' } }), 'query');
    t.store.sendMessage('w2', 'lead', JSON.stringify({ Conflict: { file: 'a.ts', description: 'both' } }), 'conflict');
    const q3 = t.store.sendMessage('w1', 'other', 'q', 'query');
    t.store.sendMessage('w1', 'lead', 'fyi', 'info');
    t.store.sendMessage('w1', 'lead', 'r', 'response');

    expect(t.store.unreadApprovalCounts()).toEqual(new Map([['lead', 2], ['other', 1]]));
    expect(t.store.unreadApprovalQueue(10).map((m) => m.msgType)).toEqual(['query', 'conflict', 'query']);
    t.store.markMessageRead(q1.id);
    expect(t.store.unreadApprovalQueue(10).map((m) => m.id)).toEqual([q1.id + 1, q3.id]);
    expect(t.store.unreadApprovalQueue(1)).toHaveLength(1);
  });

  it('derives delegated children and the parent from handoffs', () => {
    t.store.sendMessage('lead', 'w1', handoff('a'), 'task_handoff');
    t.store.sendMessage('lead', 'w2', handoff('b'), 'task_handoff');
    t.store.sendMessage('lead', 'w1', handoff('c'), 'task_handoff');
    t.store.sendMessage('lead', 'w3', 'hi', 'info');
    t.store.sendMessage('boss', 'w2', handoff('d'), 'task_handoff');
    t.store.markMessagesRead('w2');

    expect(t.store.delegatedChildren('lead', 10)).toEqual(['w1', 'w2']);
    expect(t.store.delegatedChildren('lead', 1)).toEqual(['w1']);
    expect(t.store.latestTaskHandoffSource('w2')).toBe('boss');
    expect(t.store.latestTaskHandoffSource('w1')).toBe('lead');
    expect(t.store.latestTaskHandoffSource('w3')).toBeNull();
  });

  it('mirrors messages into the context graph as session entities and a typed relation', () => {
    t.store.insertSession(sampleSession('lead'));
    t.store.sendMessage('lead', 'planner', handoff('build the thing'), 'task_handoff');
    t.store.sendMessage('lead', 'planner', handoff('build more'), 'task_handoff');

    const sessions = t.store.listContextEntities(null, 'session', 10);
    expect(sessions.map((e) => [e.name, e.sessionId]).sort()).toEqual([
      ['lead', 'lead'],
      ['planner', null],
    ]);
    expect(t.store.listContextEntities('lead', null, 10).map((e) => e.name)).toEqual(['lead']);
    const leadEntity = sessions.find((e) => e.name === 'lead')!;
    const relations = t.store.listContextRelations(leadEntity.id);
    expect(relations).toHaveLength(1);
    expect(relations[0]).toMatchObject({ relationType: 'delegates_to', fromEntityId: leadEntity.id });
    expect(relations[0]?.summary).toContain('build more');
  });
});

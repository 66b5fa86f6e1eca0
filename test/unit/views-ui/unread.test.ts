// Unread markers: a session is unread when what the operator would see of it changed since this
// browser last looked; running ↔ idle steps do not count, opening the session reads it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttentionSession } from '../../../src-main/api/attention';
import { NOW, buildSession } from '../policies/fixture';

// The renderer is outside tsconfig.node.json's project: its module is loaded by path and typed here.
type SeenMap = Record<string, string>;
interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
const { loadSeen, reconcileSeen, saveSeen, seenSignature } = (await import(join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'src', 'lib', 'unread.ts'))) as {
  loadSeen: (storage: KeyValue) => SeenMap;
  saveSeen: (seen: SeenMap, storage: KeyValue) => void;
  reconcileSeen: (seen: SeenMap, sessions: readonly AttentionSession[], selectedId: string | null) => { seen: SeenMap; unread: Set<string> };
  seenSignature: (s: AttentionSession) => string;
};

describe('unread markers', () => {
  it('marks nothing on the first visit, then sessions whose need or outcome changed; the open one is always read', () => {
    const first = reconcileSeen({}, [buildSession('a', 'running', NOW), buildSession('b', 'running', NOW), buildSession('c', 'running', NOW)], 'c');
    expect([...first.unread]).toEqual([]);
    const later = reconcileSeen(
      first.seen,
      [
        buildSession('a', 'idle', NOW), // a turn ended: not news
        buildSession('b', 'idle', NOW, { attention: 'needs_input' }),
        buildSession('c', 'completed', NOW), // open: read at once
        buildSession('d', 'running', NOW), // new: seen as it is
      ],
      'c',
    );
    expect([...later.unread]).toEqual(['b']);
    expect(later.seen.c).toBe('completed');
    // Opening b reads it.
    const opened = reconcileSeen(later.seen, [buildSession('b', 'idle', NOW, { attention: 'needs_input' })], 'b');
    expect([...opened.unread]).toEqual([]);
    expect(seenSignature(buildSession('x', 'failed', NOW))).toBe('failed');
  });

  it('is kept in storage and survives a broken value', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    saveSeen({ a: 'needs_input' }, storage);
    expect(loadSeen(storage)).toEqual({ a: 'needs_input' });
    data.set('switchyard.seen', '{not json');
    expect(loadSeen(storage)).toEqual({});
  });
});

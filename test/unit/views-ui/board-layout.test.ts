// The delegation graph's layout and the diff view's side-by-side pairing (pure functions of the UI).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiffLine } from '../../../src-main/api/ops-board';

// The renderer is outside tsconfig.node.json's project, so its modules are loaded by path and
// typed here (vitest compiles them all the same).
interface LayoutInput {
  id: string;
  parentId: string | null;
}
interface Point {
  x: number;
  y: number;
}
const board = join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'src', 'views', 'board');
const { NODE_H, NODE_W, READABLE_ZOOM, layoutGraph } = (await import(join(board, 'graph-layout.ts'))) as {
  NODE_H: number;
  NODE_W: number;
  READABLE_ZOOM: number;
  layoutGraph: (nodes: readonly LayoutInput[], aspect?: number) => Map<string, Point>;
};
const { splitRows } = (await import(join(board, 'diff-rows.ts'))) as { splitRows: (lines: readonly DiffLine[]) => { left: DiffLine | null; right: DiffLine | null }[] };

function overlaps(a: Point, b: Point): boolean {
  return a.x < b.x + NODE_W && b.x < a.x + NODE_W && a.y < b.y + NODE_H && b.y < a.y + NODE_H;
}

function bounds(at: Map<string, Point>): { width: number; height: number } {
  const ps = [...at.values()];
  return { width: Math.max(...ps.map((p) => p.x)) + NODE_W - Math.min(...ps.map((p) => p.x)), height: Math.max(...ps.map((p) => p.y)) + NODE_H - Math.min(...ps.map((p) => p.y)) };
}

describe('layoutGraph', () => {
  it('puts delegates right of their lead, by depth, centred on their lead', () => {
    const at = layoutGraph([
      { id: 'lead', parentId: null },
      { id: 'a', parentId: 'lead' },
      { id: 'b', parentId: 'lead' },
      { id: 'a1', parentId: 'a' },
    ]);
    const [lead, a, b, a1] = ['lead', 'a', 'b', 'a1'].map((id) => at.get(id)!);
    expect(a!.x).toBeGreaterThan(lead!.x + NODE_W);
    expect(b!.x).toBe(a!.x);
    expect(a1!.x).toBeGreaterThan(a!.x + NODE_W);
    expect(lead!.y).toBeGreaterThan(Math.min(a!.y, b!.y));
    expect(lead!.y).toBeLessThan(Math.max(a!.y, b!.y));
  });

  it('keeps 50 sessions apart and in a screen-like shape', () => {
    const nodes: LayoutInput[] = [];
    for (let t = 0; t < 4; t++) {
      nodes.push({ id: `lead${t}`, parentId: null });
      for (let d = 0; d < 9; d++) nodes.push({ id: `t${t}d${d}`, parentId: `lead${t}` });
    }
    for (let s = 0; nodes.length < 50; s++) nodes.push({ id: `solo${s}`, parentId: null });
    const at = layoutGraph(nodes);
    expect(at.size).toBe(50);
    const ps = [...at.entries()];
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) expect(overlaps(ps[i]![1], ps[j]![1]), `${ps[i]![0]} and ${ps[j]![0]}`).toBe(false);
    const { width, height } = bounds(at);
    // Fits a 16:10-ish canvas without shrinking one dimension to nothing.
    expect(width / height).toBeGreaterThan(0.8);
    expect(width / height).toBeLessThan(3);
    // A tall canvas gets a tall layout, a wide one a wide layout.
    const tall = bounds(layoutGraph(nodes, 0.6));
    const wide = bounds(layoutGraph(nodes, 3));
    expect(tall.width / tall.height).toBeLessThan(1);
    expect(wide.width / wide.height).toBeGreaterThan(2);
  });

  it('wraps a lead with many delegates into several columns', () => {
    const nodes: LayoutInput[] = [{ id: 'lead', parentId: null }, ...Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, parentId: 'lead' }))];
    const at = layoutGraph(nodes);
    const xs = new Set(Array.from({ length: 30 }, (_, i) => at.get(`d${i}`)!.x));
    expect(xs.size).toBeGreaterThan(1);
    expect(bounds(at).height).toBeLessThan(30 * NODE_H);
  });

  it('fits a lead and 14 delegates on a laptop-sized canvas at a zoom where 12 px text reads >= 11 px', () => {
    const nodes: LayoutInput[] = [{ id: 'lead', parentId: null }, ...Array.from({ length: 14 }, (_, i) => ({ id: `d${i}`, parentId: 'lead' }))];
    // The canvases of the browser test: 1024x768, 1280x800 and 1920x1080 windows (less the padding).
    for (const [w, h] of [[640, 582], [896, 614], [920, 690]] as const) {
      const { width, height } = bounds(layoutGraph(nodes, w / h));
      expect(Math.min(w / width, h / height), `${w}x${h}`).toBeGreaterThanOrEqual(READABLE_ZOOM);
    }
  });

  it('places every node of a delegation cycle once', () => {
    const at = layoutGraph([
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
      { id: 'c', parentId: 'c' },
    ]);
    expect([...at.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(overlaps(at.get('a')!, at.get('b')!)).toBe(false);
  });
});

describe('splitRows', () => {
  const ctx = (n: number, text: string): DiffLine => ({ kind: 'context', oldNo: n, newNo: n, text });
  const del = (n: number, text: string): DiffLine => ({ kind: 'del', oldNo: n, newNo: null, text });
  const add = (n: number, text: string): DiffLine => ({ kind: 'add', oldNo: null, newNo: n, text });

  it('pairs a run of deletions with the additions after it, leaving blanks on the shorter side', () => {
    const rows = splitRows([ctx(1, 'one'), del(2, 'two'), del(3, 'three'), add(2, 'TWO'), ctx(4, 'four'), add(4, 'new')]);
    expect(rows.map((r) => [r.left?.text ?? null, r.right?.text ?? null])).toEqual([
      ['one', 'one'],
      ['two', 'TWO'],
      ['three', null],
      ['four', 'four'],
      [null, 'new'],
    ]);
  });

  it('starts a new block when a deletion follows additions', () => {
    const rows = splitRows([add(1, 'a'), del(1, 'x'), add(2, 'b')]);
    expect(rows.map((r) => [r.left?.text ?? null, r.right?.text ?? null])).toEqual([
      [null, 'a'],
      ['x', 'b'],
    ]);
  });
});

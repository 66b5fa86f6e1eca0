// Positions for the delegation graph: each team is a tree laid out left to right (lead left, its
// delegates one column further per depth); a lead with many leaf delegates wraps them into a grid,
// and teams (plus sessions outside any team, as one grid) are packed into rows, so 50 sessions
// still fit a screen at a readable zoom.

export interface LayoutInput {
  id: string;
  /** Who handed this session work most recently (null for a lead or a standalone session). */
  parentId: string | null;
}

export interface Point {
  x: number;
  y: number;
}

export const NODE_W = 236;
export const NODE_H = 92;
/** Room for the edge labels ("2 handoffs · 1 unread") between a lead and its delegates. */
const GAP_X = 150;
const GAP_Y = 18;
const BLOCK_GAP = 48;
const GRID_GAP = 28;
/** Leaf delegates stacked in one column before they wrap into another. */
const MAX_STACK = 6;

interface Block {
  width: number;
  height: number;
  /** Positions relative to the block's top-left corner. */
  at: Map<string, Point>;
}

function gridBlock(ids: readonly string[], columns: number): Block {
  const at = new Map<string, Point>();
  ids.forEach((id, i) => at.set(id, { x: (i % columns) * (NODE_W + GRID_GAP), y: Math.floor(i / columns) * (NODE_H + GAP_Y) }));
  const rows = Math.ceil(ids.length / columns);
  const cols = Math.min(columns, ids.length);
  return { width: cols * NODE_W + (cols - 1) * GRID_GAP, height: rows * NODE_H + (rows - 1) * GAP_Y, at };
}

function place(into: Map<string, Point>, block: Block, dx: number, dy: number): void {
  for (const [id, p] of block.at) into.set(id, { x: p.x + dx, y: p.y + dy });
}

function treeBlock(id: string, children: ReadonlyMap<string, string[]>): Block {
  const kids = children.get(id) ?? [];
  const at = new Map<string, Point>();
  if (kids.length === 0) {
    at.set(id, { x: 0, y: 0 });
    return { width: NODE_W, height: NODE_H, at };
  }
  const allLeaves = kids.every((k) => (children.get(k) ?? []).length === 0);
  let kidsBlock: Block;
  if (allLeaves && kids.length > MAX_STACK) {
    kidsBlock = gridBlock(kids, Math.ceil(kids.length / MAX_STACK));
  } else {
    kidsBlock = { width: 0, height: 0, at: new Map() };
    for (const k of kids) {
      const b = treeBlock(k, children);
      if (kidsBlock.height > 0) kidsBlock.height += GAP_Y;
      place(kidsBlock.at, b, 0, kidsBlock.height);
      kidsBlock.height += b.height;
      kidsBlock.width = Math.max(kidsBlock.width, b.width);
    }
  }
  const height = Math.max(NODE_H, kidsBlock.height);
  at.set(id, { x: 0, y: Math.round((height - NODE_H) / 2) });
  place(at, kidsBlock, NODE_W + GAP_X, Math.round((height - kidsBlock.height) / 2));
  return { width: NODE_W + GAP_X + kidsBlock.width, height, at };
}

/**
 * Every node's top-left position, packed for a canvas of `aspect` (width / height) so fitView can
 * zoom as far in as possible. Cycles in `parentId` (A led B, later B led A) are cut.
 */
export function layoutGraph(nodes: readonly LayoutInput[], aspect = 16 / 9): Map<string, Point> {
  const ids = new Set(nodes.map((n) => n.id));
  const parentOf = new Map<string, string>();
  for (const n of nodes) if (n.parentId && n.parentId !== n.id && ids.has(n.parentId)) parentOf.set(n.id, n.parentId);

  const kidsOf = new Map<string, string[]>();
  for (const n of nodes) {
    const p = parentOf.get(n.id);
    if (p) kidsOf.set(p, [...(kidsOf.get(p) ?? []), n.id]);
  }
  // Roots: no parent among the nodes; then one member of each remaining cycle.
  const children = new Map<string, string[]>();
  const visited = new Set<string>();
  const roots: string[] = [];
  const claim = (root: string) => {
    roots.push(root);
    const stack = [root];
    visited.add(root);
    while (stack.length) {
      const cur = stack.pop() as string;
      for (const kid of kidsOf.get(cur) ?? []) {
        if (visited.has(kid)) continue;
        visited.add(kid);
        children.set(cur, [...(children.get(cur) ?? []), kid]);
        stack.push(kid);
      }
    }
  };
  for (const n of nodes) if (!parentOf.has(n.id)) claim(n.id);
  for (const n of nodes) if (!visited.has(n.id)) claim(n.id);

  const teams = roots.filter((r) => (children.get(r) ?? []).length > 0);
  const alone = roots.filter((r) => (children.get(r) ?? []).length === 0);
  const blocks = teams.map((r) => treeBlock(r, children));
  if (alone.length) blocks.push(gridBlock(alone, Math.max(1, Math.ceil(Math.sqrt(alone.length * 1.5)))));

  // Shelf packing: of the row widths worth trying, keep the one fitView can show largest on a
  // canvas of this aspect (the zoom is limited by whichever side is too long).
  const shelves = (limit: number) => {
    const at = new Map<string, Point>();
    let x = 0;
    let y = 0;
    let shelf = 0;
    let width = 0;
    for (const b of blocks) {
      if (x > 0 && x + b.width > limit) {
        x = 0;
        y += shelf + BLOCK_GAP;
        shelf = 0;
      }
      place(at, b, x, y);
      width = Math.max(width, x + b.width);
      x += b.width + BLOCK_GAP;
      shelf = Math.max(shelf, b.height);
    }
    return { at, score: Math.min(aspect / width, 1 / (y + shelf)) };
  };
  let best = shelves(0);
  let run = 0;
  for (const b of blocks) {
    run += (run > 0 ? BLOCK_GAP : 0) + b.width;
    const candidate = shelves(run);
    if (candidate.score > best.score) best = candidate;
  }
  const out = best.at;
  return out;
}

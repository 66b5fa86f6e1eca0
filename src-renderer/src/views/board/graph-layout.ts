// Positions for the delegation graph: each team is a tree laid out left to right (lead left, its
// delegates one column further per depth); a lead's leaf delegates form a grid whose number of
// columns is chosen, with the packing of teams into rows, so the whole graph is shown as large as
// the canvas allows. The aim is node text that is readable without zooming: a team of a lead and
// 14 delegates fits a laptop's canvas at about 1:1 (see READABLE_ZOOM).

export interface LayoutInput {
  id: string;
  /** Who handed this session work most recently (null for a lead or a standalone session). */
  parentId: string | null;
}

export interface Point {
  x: number;
  y: number;
}

export const NODE_W = 200;
export const NODE_H = 78;
/**
 * The smallest zoom at which node text (12 px at least, see board.css) is still >= 11 px on screen.
 * When the graph does not fit at this zoom, the view shows the first teams at it and the rest is a
 * pan (or "fit view") away, rather than shrinking every label below legibility.
 */
export const READABLE_ZOOM = 11 / 12;
/** Lead to its delegates (edges carry no labels: the counts are on the nodes). */
const GAP_X = 44;
const GAP_Y = 12;
const BLOCK_GAP = 40;
const GRID_GAP = 14;

interface Block {
  width: number;
  height: number;
  /** Positions relative to the block's top-left corner. */
  at: Map<string, Point>;
}

function gridBlock(ids: readonly string[], columns: number): Block {
  const at = new Map<string, Point>();
  // Column-major: delegates read top to bottom, then the next column.
  const rows = Math.ceil(ids.length / columns);
  ids.forEach((id, i) => at.set(id, { x: Math.floor(i / rows) * (NODE_W + GRID_GAP), y: (i % rows) * (NODE_H + GAP_Y) }));
  const cols = Math.ceil(ids.length / rows);
  return { width: cols * NODE_W + (cols - 1) * GRID_GAP, height: rows * NODE_H + (rows - 1) * GAP_Y, at };
}

function place(into: Map<string, Point>, block: Block, dx: number, dy: number): void {
  for (const [id, p] of block.at) into.set(id, { x: p.x + dx, y: p.y + dy });
}

/** `leafRows`: how many leaf delegates stack in one column before wrapping into the next. */
function treeBlock(id: string, children: ReadonlyMap<string, string[]>, leafRows: number): Block {
  const kids = children.get(id) ?? [];
  const at = new Map<string, Point>();
  if (kids.length === 0) {
    at.set(id, { x: 0, y: 0 });
    return { width: NODE_W, height: NODE_H, at };
  }
  const allLeaves = kids.every((k) => (children.get(k) ?? []).length === 0);
  let kidsBlock: Block;
  if (allLeaves) {
    kidsBlock = gridBlock(kids, Math.ceil(kids.length / Math.max(1, leafRows)));
  } else {
    kidsBlock = { width: 0, height: 0, at: new Map() };
    for (const k of kids) {
      const b = treeBlock(k, children, leafRows);
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

interface Packed {
  at: Map<string, Point>;
  width: number;
  height: number;
}

/** Shelf packing: blocks left to right, a new row once `limit` is passed. */
function shelves(blocks: readonly Block[], limit: number): Packed {
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
  return { at, width, height: y + shelf };
}

/** The zoom fitView could use for a layout of this size on a canvas of this aspect (relative units). */
const scoreOf = (p: Packed, aspect: number) => Math.min(aspect / p.width, 1 / p.height);

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
  const widestTeam = Math.max(1, ...[...children.values()].map((k) => k.length));

  // Of every column height for leaf delegates and every row width for the packing, keep the
  // layout fitView can show largest (the zoom is limited by whichever side is too long).
  let best: Packed | null = null;
  let bestScore = -1;
  for (let leafRows = 1; leafRows <= widestTeam; leafRows++) {
    const blocks = teams.map((r) => treeBlock(r, children, leafRows));
    if (alone.length) blocks.push(gridBlock(alone, Math.max(1, Math.ceil(Math.sqrt(alone.length * 1.5)))));
    let run = 0;
    const limits = [0];
    for (const b of blocks) {
      run += (run > 0 ? BLOCK_GAP : 0) + b.width;
      limits.push(run);
    }
    for (const limit of limits) {
      const candidate = shelves(blocks, limit);
      const score = scoreOf(candidate, aspect);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
  }
  return best?.at ?? new Map();
}

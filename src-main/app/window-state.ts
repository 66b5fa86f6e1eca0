// The main window's size and position, remembered in `<home>/window-state.json` and clamped to the
// displays present now (a monitor unplugged since last time must not leave the window off-screen).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** What the window is opened with: no x/y means "let the OS centre it". */
export interface InitialBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface SizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

export const WINDOW_STATE_FILE = 'window-state.json';

export function windowStatePath(home: string): string {
  return join(home, WINDOW_STATE_FILE);
}

const finite = z.number().finite();
const stateSchema = z.object({
  bounds: z.object({ x: finite, y: finite, width: finite.positive(), height: finite.positive() }),
  maximized: z.boolean().default(false),
});

/** The saved state, or null when the file is missing or not ours (a broken file is ignored, not fatal). */
export function readWindowState(file: string): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a crash mid-write leaves the previous state. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Below this much visible area the saved position is treated as lost. */
const MIN_VISIBLE_AREA = 100 * 60;

/**
 * Where to open the window: the saved bounds moved and shrunk to fit the display they overlap most
 * (`workAreas[0]` is the primary display); the defaults, centred, when nothing was saved or the saved
 * window is no longer visible.
 */
export function clampWindowState(saved: WindowState | null, workAreas: readonly Rect[], limits: SizeLimits): InitialBounds {
  const primary = workAreas[0];
  if (!saved) return { width: limits.width, height: limits.height, maximized: false };
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    if (o > bestArea) {
      best = area;
      bestArea = o;
    }
  }
  const fit = (size: number, min: number, room: number) => Math.round(Math.max(Math.min(size, room), Math.min(min, room)));
  if (!best || bestArea < MIN_VISIBLE_AREA) {
    if (!primary) return { width: limits.width, height: limits.height, maximized: saved.maximized };
    return {
      width: fit(saved.bounds.width, limits.minWidth, primary.width),
      height: fit(saved.bounds.height, limits.minHeight, primary.height),
      maximized: saved.maximized,
    };
  }
  const width = fit(saved.bounds.width, limits.minWidth, best.width);
  const height = fit(saved.bounds.height, limits.minHeight, best.height);
  const clamp = (v: number, lo: number, hi: number) => Math.round(Math.min(Math.max(v, lo), hi));
  return {
    x: clamp(saved.bounds.x, best.x, best.x + best.width - width),
    y: clamp(saved.bounds.y, best.y, best.y + best.height - height),
    width,
    height,
    maximized: saved.maximized,
  };
}

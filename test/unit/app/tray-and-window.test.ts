import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countSessions, trayMenuModel } from '../../../src-main/app/tray-model';
import { menuTemplate } from '../../../src-main/app/tray';
import { DEFAULT_WINDOW_SIZE } from '../../../src-main/app/window-options';
import { clampWindowState, readWindowState, windowStatePath, writeWindowState } from '../../../src-main/app/window-state';
import { NOW, buildSession } from '../policies/fixture';

describe('tray menu model', () => {
  it('counts every session the attention model says needs you (a failed one too), then live ones as running (incl. pending) or idle', () => {
    const counts = countSessions(
      [
        buildSession('r1', 'running', NOW),
        buildSession('p1', 'pending', NOW),
        buildSession('i1', 'idle', NOW),
        buildSession('i2', 'idle', NOW, { attention: 'needs_input' }),
        buildSession('s1', 'stale', NOW),
        buildSession('r2', 'running', NOW),
        buildSession('c1', 'completed', NOW),
        buildSession('f1', 'failed', NOW),
      ],
      new Map([['r2', 1]]),
    );
    expect(counts).toEqual({ running: 2, idle: 1, needsAttention: 4 });
  });

  it('shows the counts and the actions Open, New session, Pause daemon and Quit', () => {
    const model = trayMenuModel({ running: 2, idle: 1, needsAttention: 3 }, 'running');
    const labels = model.items.map((i) => (i.type === 'separator' ? '---' : i.label));
    expect(labels).toEqual(['Running: 2', 'Idle: 1', 'Needs attention: 3', '---', 'Open Switchyard', 'New session…', 'Pause daemon', '---', 'Quit Switchyard']);
    expect(model.icon).toBe('attention');
    expect(model.tooltip).toBe('Switchyard: 2 running, 1 idle, 3 need attention');
  });

  it('offers Resume when paused and disables the daemon item when another process runs the daemon', () => {
    const quiet = { running: 0, idle: 0, needsAttention: 0 };
    const daemonItem = (status: Parameters<typeof trayMenuModel>[1]) => trayMenuModel(quiet, status).items.find((i) => i.type === 'action' && i.action === 'toggle-daemon');
    expect(daemonItem('paused')).toMatchObject({ label: 'Resume daemon', enabled: true });
    expect(daemonItem('elsewhere')).toMatchObject({ label: 'Daemon runs in another process', enabled: false });
    expect(trayMenuModel(quiet, 'paused')).toMatchObject({ icon: 'normal', tooltip: 'Switchyard: 0 running, 0 idle, 0 need attention (daemon paused)' });
  });

  it('becomes an Electron menu template whose counts are read-only and whose actions call back', () => {
    const clicked: string[] = [];
    const template = menuTemplate(trayMenuModel({ running: 1, idle: 0, needsAttention: 1 }, 'running'), (a) => clicked.push(a));
    expect(template[0]).toMatchObject({ label: 'Running: 1', enabled: false });
    expect(template.filter((t) => t.type === 'separator')).toHaveLength(2);
    for (const item of template) (item.click as (() => void) | undefined)?.();
    expect(clicked).toEqual(['open', 'new-session', 'toggle-daemon', 'quit']);
  });
});

describe('window state', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const primary = { x: 0, y: 0, width: 1920, height: 1040 };
  const right = { x: 1920, y: 0, width: 2560, height: 1400 };

  it('is saved to the data home and read back; a broken or foreign file is ignored', () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-winstate-'));
    const file = windowStatePath(dir);
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, { bounds: { x: 40, y: 50, width: 1000, height: 700 }, maximized: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds: { x: 40, y: 50, width: 1000, height: 700 }, maximized: true });
    expect(readWindowState(file)).toEqual({ bounds: { x: 40, y: 50, width: 1000, height: 700 }, maximized: true });
    writeFileSync(file, '{"bounds": {"x": "left"}');
    expect(readWindowState(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 10 } }));
    expect(readWindowState(file)).toBeNull();
  });

  it('opens at the default size, centred, when nothing was saved', () => {
    expect(clampWindowState(null, [primary], DEFAULT_WINDOW_SIZE)).toEqual({ width: 1280, height: 820, maximized: false });
  });

  it('keeps a window that is fully visible where it was', () => {
    const saved = { bounds: { x: 2000, y: 100, width: 1200, height: 900 }, maximized: false };
    expect(clampWindowState(saved, [primary, right], DEFAULT_WINDOW_SIZE)).toEqual({ x: 2000, y: 100, width: 1200, height: 900, maximized: false });
  });

  it('pulls a window hanging off a display back inside it, shrinking it to fit', () => {
    const saved = { bounds: { x: 1500, y: -200, width: 3000, height: 900 }, maximized: false };
    // Overlaps the right display most: shrunk to its width, moved inside it.
    expect(clampWindowState(saved, [primary, right], DEFAULT_WINDOW_SIZE)).toEqual({ x: 1920, y: 0, width: 2560, height: 900, maximized: false });
  });

  it('forgets the position of a window on a display that is gone, keeping a size that fits the primary', () => {
    const saved = { bounds: { x: 2200, y: 300, width: 2400, height: 1300 }, maximized: true };
    expect(clampWindowState(saved, [primary], DEFAULT_WINDOW_SIZE)).toEqual({ width: 1920, height: 1040, maximized: true });
  });

  it('never opens below the minimum size when the display has room for it', () => {
    const saved = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(clampWindowState(saved, [primary], DEFAULT_WINDOW_SIZE)).toMatchObject({ width: 800, height: 500 });
  });
});

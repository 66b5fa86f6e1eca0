// The dock/taskbar badge shows the number of sessions that need the operator, as the tray does.
import { describe, expect, it } from 'vitest';
import { createAppBadge } from '../../../src-main/app/badge';
import { countSessions } from '../../../src-main/app/tray-model';
import { NOW, buildSession } from '../policies/fixture';

describe('dock badge', () => {
  it('shows the attention count, calls Electron only when it changes, and clears at zero', () => {
    const calls: number[] = [];
    const badge = createAppBadge({ setBadgeCount: (n) => (calls.push(n), true) });
    const waiting = buildSession('w', 'idle', NOW, { attention: 'needs_input' });
    const failed = buildSession('f', 'failed', NOW);
    badge.update(countSessions([waiting, failed, buildSession('r', 'running', NOW)]));
    badge.update(countSessions([waiting, failed, buildSession('r', 'running', NOW)]));
    expect(badge.shown).toBe(2);
    badge.update(countSessions([buildSession('w', 'running', NOW), failed]));
    badge.update(countSessions([]));
    expect(calls).toEqual([2, 1, 0]);
  });

  it('stops calling where the platform has no badge (setBadgeCount returns false or throws)', () => {
    const calls: number[] = [];
    const lines: string[] = [];
    const none = createAppBadge({ setBadgeCount: (n) => (calls.push(n), false) });
    none.update({ running: 0, idle: 0, needsAttention: 3 });
    none.update({ running: 0, idle: 0, needsAttention: 4 });
    expect(calls).toEqual([3]);
    const broken = createAppBadge(
      {
        setBadgeCount: () => {
          throw new Error('no launcher');
        },
      },
      (l) => lines.push(l),
    );
    broken.update({ running: 0, idle: 0, needsAttention: 1 });
    broken.update({ running: 0, idle: 0, needsAttention: 2 });
    expect(lines).toEqual(['switchyard: no dock badge: no launcher']);
  });
});

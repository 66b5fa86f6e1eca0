// Notification clicks and the tray's "New session…" reach the page as the contract's `shell` stream.
import { describe, expect, it } from 'vitest';
import { events, isEventName, shellEventSchema } from '../../../src-main/api/events';
import { SHELL_STREAM, ShellEvents } from '../../../src-main/app/shell-events';

describe('shell requests', () => {
  it('are a contract event stream whose payloads the page can trust', () => {
    expect(isEventName(SHELL_STREAM)).toBe(true);
    expect(shellEventSchema.parse({ kind: 'openSession', id: 'abcd1234' })).toEqual({ kind: 'openSession', id: 'abcd1234' });
    expect(shellEventSchema.safeParse({ kind: 'runCommand', cmd: 'rm -rf /' }).success).toBe(false);
    expect(events.shell.params.parse(undefined)).toEqual({});
  });

  it('deliver to subscribed pages, and keep the latest request for a page that subscribes later', () => {
    const shell = new ShellEvents();
    shell.emit({ kind: 'newSession' });
    shell.emit({ kind: 'openSession', id: 's1' }); // a click that launched the window: only this one matters
    const seen: unknown[] = [];
    const cancel = shell.stream({}, (p) => seen.push(p));
    expect(seen).toEqual([{ kind: 'openSession', id: 's1' }]);
    shell.emit({ kind: 'openSession', id: 's2' });
    cancel();
    shell.emit({ kind: 'newSession' });
    expect(seen).toEqual([{ kind: 'openSession', id: 's1' }, { kind: 'openSession', id: 's2' }]);
  });
});

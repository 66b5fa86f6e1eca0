// The CLI entry answers agent hooks on a fast path: exactly the words hooks are installed with.
import { describe, expect, it } from 'vitest';
import { hookCommandWords } from '../../../src-main/engine/agents/hooks';
import { parseHookEventArgv } from '../../../src-main/cli/hook-event';

describe('hook-event fast path', () => {
  it('takes the words every agent’s hooks are installed with', () => {
    const words = hookCommandWords(['node', 'cli.js'], '/data home', 'ab12cd34', 'claude', 'PostToolUse').slice(2);
    expect(parseHookEventArgv(words)).toEqual({ home: '/data home', config: undefined, agent: 'claude', sessionId: 'ab12cd34', event: 'PostToolUse' });
    expect(parseHookEventArgv(['--config', '/c.toml', 'hook-event', '--session-id', 'x', '--event', 'Stop'])).toMatchObject({ config: '/c.toml', agent: 'claude' });
  });

  it('leaves everything else to the full CLI (which explains usage errors)', () => {
    expect(parseHookEventArgv(['sessions'])).toBeNull();
    expect(parseHookEventArgv(['hook-event', '--event', 'Stop'])).toBeNull();
    expect(parseHookEventArgv(['hook-event', '--session-id', 'x', '--event', 'Stop', '--help'])).toBeNull();
    expect(parseHookEventArgv(['hook-event', '--session-id', 'x', '--event'])).toBeNull();
    expect(parseHookEventArgv(['--home'])).toBeNull();
  });
});

// How an interactive OpenCode session gets Switchyard's plugin: a private file in the session's
// folder, named in OPENCODE_CONFIG_CONTENT, and whatever the user set there themselves kept.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { opencodeInteractive, withPlugin } from '../../../src-main/engine/agents/opencode/interactive';
import type { InteractiveReportingContext } from '../../../src-main/engine/agents/interactive';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sy-ocint-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const ctx = (processEnv: NodeJS.ProcessEnv = {}): InteractiveReportingContext => ({
  sessionId: 'ab12cd34',
  home: join(root, 'home'),
  hookCommand: ['/usr/bin/node', '/opt/switchyard/cli.js'],
  workingDir: join(root, 'work'),
  sessionDir: join(root, 'home', 'sessions', 'ab12cd34'),
  processEnv,
});

describe('interactive OpenCode reporting', () => {
  it('writes the plugin 0600 in a 0700 folder of the session and names it in OPENCODE_CONFIG_CONTENT only', async () => {
    const c = ctx();
    const prepared = await opencodeInteractive.prepare(c);
    const plugin = join(c.sessionDir, 'opencode', 'plugin', 'switchyard.js');
    expect(prepared).toEqual({ args: [], env: { OPENCODE_CONFIG_CONTENT: JSON.stringify({ plugin: [pathToFileURL(plugin).href] }) } });
    expect(statSync(plugin).mode & 0o777).toBe(0o600);
    expect(statSync(join(c.sessionDir, 'opencode')).mode & 0o777).toBe(0o700);
    // The hook command it runs names this session, its data home and the agent.
    expect(readFileSync(plugin, 'utf8')).toContain(
      JSON.stringify(['/usr/bin/node', '/opt/switchyard/cli.js', '--home', c.home, 'hook-event', '--agent', 'opencode', '--session-id', 'ab12cd34', '--event']),
    );
    expect(opencodeInteractive.reportsThroughHooks).toBe(true);
  });

  it('adds to the user\'s own OPENCODE_CONFIG_CONTENT; falls back to OPENCODE_CONFIG_DIR when that is not JSON', async () => {
    expect(JSON.parse(withPlugin('{"plugin":["mine"],"model":"x/y"}', 'file:///p.js')!)).toEqual({ plugin: ['mine', 'file:///p.js'], model: 'x/y' });
    expect(withPlugin('{ // jsonc\n}', 'file:///p.js')).toBeNull();
    const c = ctx({ OPENCODE_CONFIG_CONTENT: '{ // jsonc\n}' });
    expect((await opencodeInteractive.prepare(c)).env).toEqual({ OPENCODE_CONFIG_DIR: join(c.sessionDir, 'opencode') });
    // Both are the user's: nothing of theirs is replaced.
    expect((await opencodeInteractive.prepare(ctx({ OPENCODE_CONFIG_CONTENT: '[1]', OPENCODE_CONFIG_DIR: '/mine' }))).env).toEqual({});
  });
});

// Interactive OpenCode reports through a per-session plugin (plugin.ts) rather than `--port`'s SSE
// stream: the plugin runs inside the agent, so nothing listens on a TCP port that any local user
// could drive the agent through, and no extra Switchyard process has to follow the stream.
//
// OpenCode 1.18.33 reads extra config from OPENCODE_CONFIG_CONTENT (inline JSON, merged after the
// user's global, project and OPENCODE_CONFIG files, plugin lists concatenated), so a `plugin`
// entry naming the session's file installs it without touching the user's own config. A user who
// sets OPENCODE_CONFIG_CONTENT themselves keeps it: the entry is added to theirs. If theirs is not
// plain JSON (OpenCode also takes JSONC), the plugin's folder goes in OPENCODE_CONFIG_DIR instead
// (OpenCode loads `<dir>/plugin/*.js` from it), unless that is taken too.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PRIVATE_FILE_MODE, mkdirPrivate } from '../../private-fs';
import { hookCommandWords } from '../hooks';
import type { InteractiveAgent, InteractiveReportingContext } from '../interactive';
import { opencodePluginSource } from './plugin';

const PLUGIN_FILE = 'switchyard.js';

type Obj = Record<string, unknown>;

/** The user's OPENCODE_CONFIG_CONTENT with the plugin added, or null when it is not a JSON object. */
export function withPlugin(userContent: string | undefined, pluginUrl: string): string | null {
  if (userContent === undefined || userContent.trim() === '') return JSON.stringify({ plugin: [pluginUrl] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(userContent);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const config = parsed as Obj;
  const plugins = Array.isArray(config.plugin) ? config.plugin : [];
  return JSON.stringify({ ...config, plugin: [...plugins, pluginUrl] });
}

function writePrivate(path: string, text: string): void {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Writes the session's plugin under `<sessionDir>/opencode/plugin/` and names it in OpenCode's env. */
export function prepareOpencodeReporting(ctx: InteractiveReportingContext): { args: string[]; env: Record<string, string> } {
  const configDir = join(ctx.sessionDir, 'opencode');
  const pluginDir = join(configDir, 'plugin');
  mkdirPrivate(pluginDir);
  const command = hookCommandWords(ctx.hookCommand, ctx.home, ctx.sessionId, 'opencode', '').slice(0, -1);
  const pluginPath = join(pluginDir, PLUGIN_FILE);
  writePrivate(pluginPath, opencodePluginSource({ command, errorLog: join(configDir, 'hook-errors.log') }));

  const content = withPlugin(ctx.processEnv.OPENCODE_CONFIG_CONTENT, pathToFileURL(pluginPath).href);
  if (content !== null) return { args: [], env: { OPENCODE_CONFIG_CONTENT: content } };
  if (!ctx.processEnv.OPENCODE_CONFIG_DIR) return { args: [], env: { OPENCODE_CONFIG_DIR: configDir } };
  // Both are the user's: reporting would need one of them changed, so the session reports nothing.
  return { args: [], env: {} };
}

export const opencodeInteractive: InteractiveAgent = {
  reportsThroughHooks: true,
  prepare: prepareOpencodeReporting,
};

// The per-session Gemini home that carries Switchyard's hooks to an interactive Gemini: the
// user's own state is linked, their settings copied with the hooks added, nothing of theirs changed.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonWithComments, prepareSessionGeminiHome, settingsWithHooks } from '../../../src-main/engine/agents/gemini/cli-home';
import { GEMINI_HOOK_EVENTS } from '../../../src-main/engine/agents/gemini/hooks';
import { geminiHookCommand, geminiInteractive } from '../../../src-main/engine/agents/gemini/interactive';
import { interactiveAgentFor } from '../../../src-main/engine/agents/interactive';

let root: string;
let userHome: string;
let sessionDir: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(os.tmpdir(), 'gemini-int-')));
  userHome = join(root, 'user');
  sessionDir = join(root, 'data', 'sessions', 's1');
  mkdirSync(join(userHome, '.gemini', 'tmp'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const USER_SETTINGS = `{
  // the user's own comment, "quoted // not a comment"
  "security": { "auth": { "selectedType": "gemini-api-key" } },
  "ui": { "theme": "path/with/* not a comment */" },
  "hooks": { "AfterTool": [{ "matcher": "*", "hooks": [{ "type": "command", "command": "my-hook" }] }] }
}`;

function prepare(env: NodeJS.ProcessEnv = { HOME: userHome }) {
  return geminiInteractive.prepare({
    sessionId: 's1', home: join(root, 'data'), hookCommand: ['/usr/bin/node', '/app/cli.js'], workingDir: join(root, 'w'), sessionDir, processEnv: env,
  }) as { args: string[]; env: Record<string, string> };
}

interface HookEntry {
  matcher: string;
  hooks: Array<{ type: string; name?: string; command: string; timeout: number }>;
}
interface Settings {
  security: unknown;
  ui: { theme: string };
  hooksConfig: unknown;
  hooks: Record<string, HookEntry[]>;
}
const settingsOf = (home: string) => JSON.parse(readFileSync(join(home, '.gemini', 'settings.json'), 'utf8')) as Settings;

describe('interactive Gemini reporting', () => {
  it('reports through hooks', () => {
    expect(interactiveAgentFor('gemini')?.reportsThroughHooks).toBe(true);
  });

  it("points GEMINI_CLI_HOME at the session's own home: the user's entries linked, their settings plus Switchyard's hooks", () => {
    writeFileSync(join(userHome, '.gemini', 'settings.json'), USER_SETTINGS);
    writeFileSync(join(userHome, '.gemini', 'oauth_creds.json'), '{}');
    const r = prepare();
    const home = join(sessionDir, 'gemini-home');
    expect(r.args).toEqual([]);
    expect(r.env).toEqual({ GEMINI_CLI_HOME: home, GEMINI_CLI_TRUSTED_FOLDERS_PATH: join(userHome, '.gemini', 'trustedFolders.json') });
    // Conversations and logins are the user's own.
    expect(readlinkSync(join(home, '.gemini', 'tmp'))).toBe(join(userHome, '.gemini', 'tmp'));
    expect(readlinkSync(join(home, '.gemini', 'oauth_creds.json'))).toBe(join(userHome, '.gemini', 'oauth_creds.json'));
    // Private: the folders 0700, the settings 0600; the user's file as it was.
    expect(statSync(sessionDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, '.gemini')).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, '.gemini', 'settings.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(userHome, '.gemini', 'settings.json'), 'utf8')).toBe(USER_SETTINGS);

    const s = settingsOf(home);
    expect(s.security).toEqual({ auth: { selectedType: 'gemini-api-key' } });
    expect(s.ui.theme).toBe('path/with/* not a comment */');
    expect(s.hooksConfig).toEqual({ enabled: true, notifications: false });
    expect(Object.keys(s.hooks).sort()).toEqual([...GEMINI_HOOK_EVENTS].sort());
    // The user's own hook still runs, before Switchyard's.
    expect(s.hooks.AfterTool!.map((h) => h.hooks[0]!.command)).toEqual(['my-hook', geminiHookCommand({ hookCommand: ['/usr/bin/node', '/app/cli.js'], home: join(root, 'data'), sessionId: 's1' }, 'AfterTool')]);
    expect(s.hooks.BeforeAgent).toEqual([
      { matcher: '*', hooks: [{ type: 'command', name: 'switchyard-BeforeAgent', command: expect.stringContaining("'hook-event' '--agent' 'gemini' '--session-id' 's1' '--event' 'BeforeAgent'"), timeout: 30000 }] },
    ]);
  });

  it('follows GEMINI_CLI_HOME and GEMINI_CLI_TRUSTED_FOLDERS_PATH when the user set them', () => {
    const cliHome = join(root, 'cli-home');
    mkdirSync(join(cliHome, '.gemini', 'history'), { recursive: true });
    const r = prepare({ HOME: userHome, GEMINI_CLI_HOME: cliHome, GEMINI_CLI_TRUSTED_FOLDERS_PATH: '/etc/trust.json' });
    expect(r.env.GEMINI_CLI_TRUSTED_FOLDERS_PATH).toBe('/etc/trust.json');
    expect(readlinkSync(join(r.env.GEMINI_CLI_HOME!, '.gemini', 'history'))).toBe(join(cliHome, '.gemini', 'history'));
  });

  it('refreshes on a resume: new user entries linked, what Gemini itself wrote there last time kept', () => {
    prepare();
    const home = join(sessionDir, 'gemini-home', '.gemini');
    writeFileSync(join(home, 'projects.json'), '{"projects":{}}'); // Gemini replaced the link with its own file
    mkdirSync(join(userHome, '.gemini', 'extensions'));
    prepare();
    expect(lstatSync(join(home, 'projects.json')).isSymbolicLink()).toBe(false);
    expect(readlinkSync(join(home, 'extensions'))).toBe(join(userHome, '.gemini', 'extensions'));
  });

  it("keeps a user's switched-off hooks off, running Switchyard's alone", () => {
    const s = settingsWithHooks({ hooksConfig: { enabled: false, notifications: true }, hooks: { BeforeTool: [{ matcher: '*' }] } }, [{ event: 'AfterAgent', command: 'c' }], 1000);
    expect(s.hooksConfig).toEqual({ enabled: true, notifications: true });
    expect(s.hooks).toEqual({ AfterAgent: [{ matcher: '*', hooks: [{ type: 'command', name: 'switchyard-AfterAgent', command: 'c', timeout: 1000 }] }] });
  });

  it("leaves settings Gemini cannot read to Gemini's own error: linked, no hooks", () => {
    writeFileSync(join(userHome, '.gemini', 'settings.json'), '{ broken');
    const r = prepareSessionGeminiHome(join(root, 'h'), { HOME: userHome }, [], 1000);
    expect(r.hooksInstalled).toBe(false);
    expect(readlinkSync(r.settingsPath)).toBe(join(userHome, '.gemini', 'settings.json'));
    expect(() => parseJsonWithComments('{ broken')).toThrow();
  });

  it('a data home whose path has "$" or quotes reaches the hook command intact through Gemini and the shell', () => {
    const home = `/data/$HOME/\${USER}/it's`;
    const command = geminiHookCommand({ hookCommand: ['printf', '%s\\n'], home, sessionId: 's1' }, 'AfterTool');
    // Gemini 0.61 replaces $NAME / ${NAME} in settings strings with the environment's values.
    const expanded = command.replace(/\$(?:(\w+)|{([^}]+?)(?::-([^}]*))?})/g, (m, a: string, b: string) => process.env[a || b] ?? m);
    const out = execFileSync('/bin/sh', ['-c', expanded], { encoding: 'utf8', env: { ...process.env, HOME: '/root', USER: 'u' } });
    expect(out.split('\n').slice(0, 4)).toEqual(['--home', home, 'hook-event', '--agent']);
  });
});

// The task is user text: it must reach the agent as one argument, byte for byte, with no shell in
// between to expand `$(...)`, backticks or `;`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LINUX_MAX_ARG_BYTES,
  buildAgentCommand,
  commandLineProblem,
  type AgentCommand,
} from '../../../src-main/engine/harness';
import { CLEAN_ENV, buildConfig, profile, removeDir, tempDir } from './helpers';

const root = tempDir();
afterAll(() => removeDir(root));

const nasty = [
  '- starts with a dash, like a Markdown list',
  'line two with "double" and \'single\' quotes',
  'subshell $(touch pwned) and `touch pwned2`; rm -rf /nonexistent; echo $HOME',
  'tab\there, backslash \\ and unicode ✓ 你好',
].join('\n');

// A fake agent: prints its argv, cwd and session variables as JSON.
const fakeAgent = path.join(root, 'fake-agent');
fs.writeFileSync(
  fakeAgent,
  `#!${process.execPath}\n` +
    'const e = process.env;\n' +
    'process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(),' +
    ' session: e.ECC_SESSION_ID, harness: e.ECC_HARNESS, path: e.PATH,' +
    " stdin: process.stdin.isTTY ? null : require('node:fs').readFileSync(0, 'utf8') }));\n",
);
fs.chmodSync(fakeAgent, 0o755);

const workingDir = path.join(root, 'repo');
fs.mkdirSync(workingDir);

function build(agentType: string, task: string, mode: 'headless' | 'interactive' = 'headless'): AgentCommand {
  return buildAgentCommand({
    config: buildConfig(),
    agentType,
    program: fakeAgent,
    task,
    sessionId: 'sess-args',
    workingDir,
    mode,
    profile: profile({ add_dirs: ['docs'] }),
    processEnv: CLEAN_ENV,
    homeDir: root,
    pluginRootSeeds: [],
  });
}

function run(cmd: AgentCommand): { argv: string[]; cwd: string; session: string; harness: string; path: string; stdin: string | null } {
  // As the runner does: a command with `stdin` gets it on a pipe; otherwise stdin is empty.
  const result = spawnSync(cmd.program, cmd.args, { cwd: cmd.cwd, env: { ...process.env, ...cmd.env }, encoding: 'utf8', input: cmd.stdin ?? '' });
  expect(result.error).toBeUndefined();
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as ReturnType<typeof run>;
}

describe('the task reaches the agent unchanged: one argument for a TUI, standard input for a headless run', () => {
  const bigTask = `${nasty}\n${'x'.repeat(100 * 1024)}`;

  it.each([
    ['claude', 'headless'],
    ['claude', 'interactive'],
    ['codex', 'headless'],
    ['codex', 'interactive'],
  ] as const)('reaches a real %s (%s) process unchanged', (agentType, mode) => {
    const out = run(build(agentType, bigTask, mode));
    // Both take --add-dir, so the profile adds nothing to the task text.
    if (mode === 'interactive') {
      expect(out.argv.at(-1)).toBe(bigTask); // after the options end
      expect(out.argv.at(-2)).toBe('--');
    } else {
      expect(out.stdin).toBe(bigTask);
      expect(out.argv.join('\n')).not.toContain('touch pwned'); // no command line (what `ps` shows) carries it
    }
    expect(out.cwd).toBe(fs.realpathSync(workingDir));
    expect(out.session).toBe('sess-args');
    expect(out.harness).toBe(agentType);
    // The overlay sits on top of the inherited environment.
    expect(out.path).toBe(process.env.PATH);
    expect(fs.existsSync(path.join(workingDir, 'pwned'))).toBe(false);
  });

  it('attaches the task to --prompt= for the gemini and opencode TUIs, so a leading dash is not a flag', () => {
    const gemini = run(build('gemini', nasty, 'interactive'));
    expect(gemini.argv.at(-1)).toBe(`--prompt-interactive=${nasty}`);
    expect(run(build('gemini', nasty)).stdin).toBe(nasty);
    // OpenCode has no add-dir flag: the dirs are projected into the task text.
    const opencode = run(build('opencode', nasty, 'interactive'));
    expect(opencode.argv.at(-1)).toBe(`--prompt=ECC execution profile:\n- Additional context dirs: docs\n\nTask:\n${nasty}`);
  });

  it('keeps a several-MB task as exactly one argument, and explains the OS limit before spawning', () => {
    const huge = `${nasty}\n${'y'.repeat(4 * 1024 * 1024)}`;
    // A headless run takes it on stdin, where there is no such limit.
    expect(commandLineProblem(build('claude', huge), 'linux')).toBeNull();
    const cmd = build('claude', huge, 'interactive');
    expect(cmd.args.filter((arg) => arg.includes('y'.repeat(1024)))).toEqual([huge]);
    expect(cmd.args.at(-1)).toBe(huge);
    const problem = commandLineProblem(cmd, 'linux');
    expect(problem).toContain('Linux allows 128 KiB per argument');
    expect(problem).toContain('shorten the task');
    expect(commandLineProblem(build('claude', bigTask, 'interactive'), 'linux')).toBeNull();
    expect(commandLineProblem(build('claude', bigTask, 'interactive'), 'win32')).toContain('Windows allows 32767');
    if (process.platform === 'linux') {
      // Why the check exists: the kernel refuses such an argument outright.
      const refused = spawnSync(cmd.program, cmd.args, { cwd: cmd.cwd });
      expect((refused.error as NodeJS.ErrnoException | undefined)?.code).toBe('E2BIG');
      expect(Buffer.byteLength(huge)).toBeGreaterThan(LINUX_MAX_ARG_BYTES);
    }
  });
});

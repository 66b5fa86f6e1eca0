// Per-project worktree setup from `[worktree_setup]`: copy files the checkout lacks (e.g. `.env`),
// then run the setup commands in the new worktree. Everything is appended to the session log
// before the runner starts, so `switchyard logs` shows what happened.
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorktreeSetupConfig } from '../config/types';

export interface SetupContext {
  sessionId: string;
  repoRoot: string;
  worktreePath: string;
  logPath: string;
  /** Extra lines to log first (worktree creation notes). */
  notes?: string[];
}

export type SetupResult = { ok: true } | { ok: false; reason: string };

/** One of Switchyard's own lines: CRLF, as a terminal needs, so the agent's first line starts at column 0. */
function log(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${text.replace(/\r?\n$/, '')}\r\n`);
}

function runCommand(command: string, ctx: SetupContext): Promise<{ code: number | null; signal: string | null; error?: string }> {
  return new Promise((resolve) => {
    // Setup commands are shell snippets the user wrote in switchyard.toml, so they go through the
    // user's shell explicitly; nothing else in Switchyard spawns a shell.
    const shell = process.env.SHELL || '/bin/sh';
    const child = spawn(shell, ['-c', command], {
      cwd: ctx.worktreePath,
      env: { ...process.env, SWITCHYARD_SESSION_ID: ctx.sessionId, SWITCHYARD_WORKTREE: ctx.worktreePath, SWITCHYARD_REPO_ROOT: ctx.repoRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const write = (d: Buffer) => appendFileSync(ctx.logPath, d);
    child.stdout.on('data', write);
    child.stderr.on('data', write);
    child.on('error', (err) => resolve({ code: null, signal: null, error: err.message }));
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
}

export async function runWorktreeSetup(setup: WorktreeSetupConfig, ctx: SetupContext): Promise<SetupResult> {
  for (const note of ctx.notes ?? []) log(ctx.logPath, `[switchyard] ${note}`);
  for (const file of setup.copy_files) {
    const source = join(ctx.repoRoot, file);
    const target = join(ctx.worktreePath, file);
    if (!existsSync(source)) {
      log(ctx.logPath, `[switchyard] setup: ${file} not found in ${ctx.repoRoot}; not copied`);
      continue;
    }
    if (existsSync(target)) {
      log(ctx.logPath, `[switchyard] setup: ${file} already in the worktree (tracked by git); left as it is`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target, { recursive: true });
    log(ctx.logPath, `[switchyard] setup: copied ${file}`);
  }
  for (const command of setup.setup_commands) {
    log(ctx.logPath, `[switchyard] setup: $ ${command}`);
    const r = await runCommand(command, ctx);
    if (r.code === 0) continue;
    const how = r.error ? `could not start (${r.error})` : r.signal ? `was killed by ${r.signal}` : `exited with code ${r.code}`;
    const reason = `worktree setup command \`${command}\` ${how}; see its output in ${ctx.logPath} and fix worktree_setup.setup_commands in switchyard.toml`;
    log(ctx.logPath, `[switchyard] ${reason}`);
    return { ok: false, reason };
  }
  return { ok: true };
}

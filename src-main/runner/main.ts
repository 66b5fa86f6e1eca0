// Entry of a session runner process (out/main/runner.cjs): `runner.cjs --home H [--config C]
// run-session --session-id ID ...`, the same arguments `switchyard run-session` takes. It is its
// own small bundle so a runner, which lives as long as its session, holds only the PTY, the log
// writer, the socket server and the state store: no commander, no HTTP server, no CLI commands.
// Everything only some sessions need (metrics parsing and prices, git for the auto-commit, the
// worktree queue) is imported where it is used.
import { dirname, join } from 'node:path';
import { loadConfig } from '../engine/config';
import { ConfigError } from '../engine/config/errors';
import { DataHomeError, prepareDataHome, tightenedNotice } from '../engine/home';
import { resolveDataHome } from '../engine/paths';
import { openStore } from '../engine/store';
import type { Store } from '../engine/store';
import { runSession } from '../engine/sessions/run';

export interface RunnerArgs {
  home?: string;
  config?: string;
  sessionId: string;
}

/** The runner's arguments; other words (`--agent`, `--cwd`, `--task` of older builds) are ignored. */
export function parseRunnerArgs(argv: string[]): RunnerArgs {
  let home: string | undefined;
  let config: string | undefined;
  let sessionId: string | undefined;
  const valueOf = (i: number, flag: string): string => {
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--home') home = valueOf(i++, word);
    else if (word === '--config') config = valueOf(i++, word);
    else if (word === '--session-id') sessionId = valueOf(i++, word);
    else if (word === '--task' || word === '--agent' || word === '--cwd') i++;
  }
  if (!sessionId) throw new Error('missing --session-id <id> (the runner is started by `switchyard start`; not for direct use)');
  return { home, config, sessionId };
}

/** A bundle beside this one (out/main/cli.js, out/main/runner.cjs) under this Node, with its flags when `flags`. */
function siblingCommand(file: string, flags: boolean): string[] {
  return [process.execPath, ...(flags ? process.execArgv : []), join(dirname(process.argv[1] ?? ''), file)];
}

async function main(): Promise<number> {
  const args = parseRunnerArgs(process.argv.slice(2));
  const home = resolveDataHome(args.home);
  const cwd = process.cwd();
  const loaded = loadConfig({ home, cwd, ...(args.config ? { configFile: args.config } : {}) });
  for (const w of loaded.warnings) process.stderr.write(`switchyard: warning: ${w.message}\n`);
  const notice = tightenedNotice(prepareDataHome(home, loaded.config.db_path));
  if (notice) process.stderr.write(`${notice}\n`);
  let store: Store | null = null;
  try {
    // A runner writes a few rows and reads fewer: a small page cache (SQLite's default is 2 MB).
    store = openStore(loaded.config.db_path, { cacheSizeKib: 256 });
    // Agent hooks call the CLI; the worktree queue may start the next session's runner from here.
    const cli = siblingCommand('cli.js', false);
    const result = await runSession(
      {
        home,
        config: loaded.config,
        store,
        runner: { command: siblingCommand('cli.js', true), entry: siblingCommand('runner.cjs', true), cwd, ...(args.config ? { configFile: args.config } : {}) },
      },
      { sessionId: args.sessionId, log: (line) => process.stderr.write(`${line}\n`), hookCommand: cli },
    );
    if (!result.ran && !result.reason.startsWith('Skipping')) {
      process.stderr.write(`switchyard: ${result.reason}\n`);
      return 1;
    }
    return 0;
  } finally {
    store?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof DataHomeError;
    process.stderr.write(`switchyard: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);

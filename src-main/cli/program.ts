// The `switchyard` command: global options, command registration and exit codes
// (0 success, 1 failure with a message naming the problem, 2 usage errors with the usage printed).
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../engine/config';
import { CliContext } from './context';
import type { GlobalOptions } from './context';
import { CliError, describeError } from './errors';
import type { CliIO } from './io';
import { processIO } from './io';
import { registerConfigCommands } from './commands/config';
import { registerDoctorCommand } from './commands/doctor';
import { registerMessageCommands } from './commands/messages';
import { registerSessionReadCommands } from './commands/sessions';
import { registerLifecycleCommands } from './commands/lifecycle';
import { registerTerminalCommands } from './commands/terminal';
import { registerOrchestrationCommands } from './commands/orchestration';
import { registerDelegationCommands } from './commands/delegation';
import { registerWorktreeCommands } from './commands/worktrees';
import { registerWorkCommands } from './commands/work';
import { registerHookCommands } from './commands/hooks';
import { registerServeCommand } from './commands/serve';
import { registerTrustCommand } from './commands/trust';

/** What every command module receives: a way to get the invocation's context. */
export type ContextFactory = () => CliContext;

export interface RunOptions {
  io?: CliIO;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export function buildProgram(getContext: ContextFactory, io: CliIO): Command {
  const program = new Command('switchyard')
    .description('Run many coding agents side by side, each in its own git worktree.')
    .option('--home <dir>', 'data home (database, logs, sockets); default $SWITCHYARD_HOME or the platform app-data folder')
    .option('--config <file>', 'use this config file instead of <home>/config.toml')
    .showHelpAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });

  registerSessionReadCommands(program, getContext);
  registerLifecycleCommands(program, getContext);
  registerTerminalCommands(program, getContext);
  registerWorktreeCommands(program, getContext);
  registerWorkCommands(program, getContext);
  registerHookCommands(program, getContext);
  registerServeCommand(program, getContext);
  registerDelegationCommands(program, getContext);
  registerOrchestrationCommands(program, getContext);
  registerConfigCommands(program, getContext);
  registerTrustCommand(program, getContext);
  registerMessageCommands(program, getContext);
  registerDoctorCommand(program, getContext);

  // Subcommands inherit exit handling and output so usage errors anywhere exit 2.
  const harden = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().showHelpAfterError(true).configureOutput(program.configureOutput());
      harden(sub);
    }
  };
  harden(program);
  return program;
}

export async function runCli(argv: string[], options: RunOptions = {}): Promise<number> {
  const io = options.io ?? processIO;
  let context: CliContext | undefined;
  const getContext = () => {
    if (!context) context = new CliContext(program.opts<GlobalOptions>(), io, options.cwd, options.env);
    return context;
  };
  const program = buildProgram(getContext, io);
  if (argv.length === 0) {
    io.err(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // Commander has already printed the problem and the usage.
      return 2;
    }
    if (error instanceof CliError) {
      io.err(`switchyard: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      io.err(`switchyard: ${error.message}`);
      return 1;
    }
    io.err(`switchyard: ${describeError(error)}`);
    return 1;
  } finally {
    context?.close();
  }
}

// Runs `switchyard` commands in-process, mapping errors to exit codes as the real CLI does.
import { CommanderError } from 'commander';
import { join } from 'node:path';
import { CliContext, type GlobalOptions } from '../../../src-main/cli/context';
import { CliError, describeError } from '../../../src-main/cli/errors';
import { buildProgram } from '../../../src-main/cli/program';
import { repoRoot } from '../../helpers/cli';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: string[], cwd: string): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t.endsWith('\n') ? t : `${t}\n`), err: (t: string) => void (stderr += t.endsWith('\n') ? t : `${t}\n`) };
  let context: CliContext | undefined;
  const getContext = () => {
    if (!context) {
      context = new CliContext(program.opts<GlobalOptions>(), io, cwd, process.env);
      // Runners are the built CLI bundle, never this test process.
      context.runnerCommand = [process.execPath, join(repoRoot, 'out', 'main', 'cli.js')];
      context.runnerEntry = [process.execPath, join(repoRoot, 'out', 'main', 'runner.cjs')];
    }
    return context;
  };
  const program = buildProgram(getContext, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, stdout, stderr };
    const code = error instanceof CliError ? error.exitCode : 1;
    stderr += `switchyard: ${error instanceof CliError ? error.message : describeError(error)}\n`;
    return { code, stdout, stderr };
  } finally {
    context?.close();
  }
}

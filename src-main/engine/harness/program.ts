// Which executable runs a harness, whether it exists, and what to tell the user when it doesn't.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types';
import { BUILTIN_PROGRAMS, harnessFromAgentType, harnessRunner, runnerKey } from './kinds';

/** ECC2's `agent_program`: a configured runner wins over the built-in program. */
export function agentProgram(config: Config, agentType: string): string {
  const key = runnerKey(agentType);
  const runner = harnessRunner(config, key);
  if (runner) {
    const program = runner.program.trim();
    if (program === '') throw new Error(`Configured harness runner for ${key} is missing a program`);
    return program;
  }
  const harness = harnessFromAgentType(agentType);
  const builtin = BUILTIN_PROGRAMS[harness];
  if (builtin === undefined) throw new Error(`Unsupported agent type: ${harness}`);
  return builtin;
}

function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) return false;
    fs.accessSync(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function windowsExtensions(program: string): string[] {
  if (process.platform !== 'win32' || path.extname(program) !== '') return [''];
  const pathext = process.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD';
  return ['', ...pathext.split(';').filter((ext) => ext !== '')];
}

/**
 * Like `which`: a name is searched on PATH, a path (anything with a separator) is checked
 * directly, relative to `cwd`. Returns the absolute path of an executable file, or null.
 */
export function resolveProgram(
  program: string,
  envPath: string | undefined = process.env.PATH,
  cwd: string = process.cwd(),
): string | null {
  const name = program.trim();
  if (name === '') return null;
  const hasSeparator = name.includes('/') || (process.platform === 'win32' && name.includes('\\'));
  const extensions = windowsExtensions(name);
  const dirs = hasSeparator || path.isAbsolute(name) ? [cwd] : (envPath ?? '').split(path.delimiter);
  for (const dir of dirs) {
    // An empty PATH entry would mean "the current directory"; `which` does not search it either.
    if (dir === '') continue;
    for (const ext of extensions) {
      const candidate = path.resolve(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

const INSTALL_HINTS: Partial<Record<string, { product: string; command: string }>> = {
  claude: { product: 'Claude Code', command: 'npm install -g @anthropic-ai/claude-code' },
  codex: { product: 'Codex CLI', command: 'npm install -g @openai/codex' },
  opencode: { product: 'OpenCode', command: 'npm install -g opencode-ai' },
  gemini: { product: 'Gemini CLI', command: 'npm install -g @google/gemini-cli' },
};

/** The error text for a program `resolveProgram` could not find: what is missing and the fix. */
export function missingProgramMessage(agentType: string, program: string): string {
  const key = runnerKey(agentType);
  const isPath = program.includes('/') || program.includes('\\');
  const where = isPath ? `"${program}" does not exist or is not executable` : `"${program}" was not found on PATH`;
  const configure = `set [harness_runners.${key}].program in config.toml to the agent's executable`;
  const hint = INSTALL_HINTS[harnessFromAgentType(agentType)];
  if (hint) return `The ${key} agent program ${where}. Install ${hint.product} with \`${hint.command}\`, or ${configure}.`;
  return `The ${key} agent program ${where}. To fix it, ${configure}.`;
}

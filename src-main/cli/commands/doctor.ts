// `doctor`: what this machine offers Switchyard, checked for real (nothing is assumed).
import { execFile } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { findElectronBinary } from '../../engine/electron-binary';
import { resolveProgram } from '../../engine/harness';
import { claudeConfigFile } from '../../engine/harness/trust';
import { unattendedCheck } from '../../engine/harness/unattended';
import { inspectDatabase, SCHEMA_VERSION } from '../../engine/store';
import { PRIVATE_FILE_MODE, mkdirPrivate } from '../../engine/private-fs';
import { CliError } from '../errors';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

interface ProgramCheck {
  found: boolean;
  path: string | null;
  version: string | null;
  error: string | null;
}

const AGENT_PROGRAMS: { agent: string; program: string }[] = [
  { agent: 'claude', program: 'claude' },
  { agent: 'codex', program: 'codex' },
  { agent: 'opencode', program: 'opencode' },
  { agent: 'gemini', program: 'gemini' },
  { agent: 'cursor', program: 'cursor-agent' },
];

function checkProgram(program: string, versionArgs = ['--version']): Promise<ProgramCheck> {
  const path = resolveProgram(program);
  if (!path) return Promise.resolve({ found: false, path: null, version: null, error: `${program} is not on PATH` });
  return new Promise((resolve) => {
    execFile(path, versionArgs, { timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const text = `${stdout}`.trim() || `${stderr}`.trim();
      const version = text.split('\n')[0]?.trim() || null;
      resolve({ found: true, path, version: error ? null : version, error: error ? `\`${program} --version\` failed: ${error.message.split('\n')[0]}` : null });
    });
  });
}

function checkWritable(dir: string): { writable: boolean; mode: string | null; private: boolean; error: string | null } {
  try {
    mkdirPrivate(dir); // not Node's recursive mkdir, which spins forever under /proc
    const probe = join(dir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok', { mode: PRIVATE_FILE_MODE });
    rmSync(probe);
    const mode = statSync(dir).mode & 0o777;
    return { writable: true, mode: mode.toString(8).padStart(4, '0'), private: (mode & 0o077) === 0, error: null };
  } catch (error) {
    return { writable: false, mode: null, private: false, error: (error as Error).message };
  }
}

function databaseLine(db: ReturnType<typeof inspectDatabase>, dbPath: string): string {
  if (!db.exists) return `ok   database   ${dbPath} — not created yet (this build: ${SCHEMA_VERSION})`;
  if (db.integrity === 'damaged') return `BAD  database   ${db.error}`;
  if (db.error) return `BAD  database   ${dbPath} — ${db.error}`;
  return `ok   database   ${dbPath} — schema version ${db.schemaVersion}, quick_check ok (this build: ${SCHEMA_VERSION})`;
}

export function registerDoctorCommand(program: Command, ctx: ContextFactory): void {
  program
    .command('doctor')
    .description('Check git, agent CLIs, the data home, the database and the Electron binary')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const loaded = c.config();
      const [git, ...agents] = await Promise.all([checkProgram('git'), ...AGENT_PROGRAMS.map((a) => checkProgram(a.program))]);
      const dbPath = loaded.config.db_path;
      const appRoot = fileURLToPath(new URL('../..', import.meta.url));
      const report = {
        node: { version: process.version, platform: process.platform, arch: process.arch },
        git: git!,
        agents: AGENT_PROGRAMS.map((a, i) => ({
          agent: a.agent,
          program: a.program,
          ...agents[i]!,
          // Whether an interactive session can start without a first-run prompt nobody answers.
          unattended: agents[i]!.found ? unattendedCheck(a.agent, { env: process.env }) : null,
        })),
        // The one agent config Switchyard writes: Claude's per-project trust, for new worktrees of trusted repositories.
        writesAgentConfig: [{ agent: 'claude', file: claudeConfigFile({ env: process.env }), what: 'projects["<worktree>"].hasTrustDialogAccepted, copied from the repository\'s own entry' }],
        dataHome: { path: c.home, ...checkWritable(c.home) },
        database: { path: dbPath, expectedSchemaVersion: SCHEMA_VERSION, ...inspectDatabase(dbPath) },
        config: { files: loaded.files, warnings: loaded.warnings },
        electron: findElectronBinary(appRoot),
      };
      // A damaged or unreadable database, or a home that cannot be written, is a failure (exit 1):
      // scripts that run doctor before starting work must not carry on. Missing agents are not.
      const failed = !report.dataHome.writable || report.database.error !== null;
      const failure = () => new CliError(`doctor found a problem: ${report.database.error ?? report.dataHome.error}`);
      if (opts.json) {
        printJson(c.io, report);
        if (failed) throw failure();
        return;
      }
      const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
      const lines = [
        `node      ${report.node.version} (${report.node.platform}/${report.node.arch})`,
        `${mark(git!.found)} git        ${git!.version ?? git!.error}`,
        ...report.agents.flatMap((a) => [
          `${mark(a.found)} ${a.agent.padEnd(10)} ${a.found ? `${a.version ?? a.error} (${a.path})` : a.error}`,
          ...(a.unattended && !a.unattended.ok ? [`WARN ${'interactive'.padEnd(10)} ${a.unattended.problem}`] : []),
        ]),
        `${mark(report.dataHome.writable)} data home  ${report.dataHome.path}${report.dataHome.error ? ` — ${report.dataHome.error}` : ` (writable, ${report.dataHome.private ? `private, ${report.dataHome.mode}` : `mode ${report.dataHome.mode}: other users can enter it; any switchyard command makes it 0700`})`}`,
        databaseLine(report.database, dbPath),
        `${mark(report.electron.present)} electron   ${report.electron.present ? `${report.electron.version} (${report.electron.path})` : `unavailable: ${report.electron.reason}; browser mode and the CLI still work`}`,
        `note      interactive Claude in a new worktree: when you trust the repository in Claude, Switchyard marks the worktree trusted too, in ${report.writesAgentConfig[0]!.file}`,
      ];
      c.io.out(lines.join('\n'));
      if (failed) throw failure();
    });
}

// `doctor`: what this machine offers Switchyard, checked for real (nothing is assumed).
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { findElectronBinary } from '../../engine/electron-binary';
import { resolveProgram } from '../../engine/harness';
import { claudeConfigFile, claudeUnattended } from '../../engine/harness/trust';
import { inspectDatabase, SCHEMA_VERSION } from '../../engine/store';
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

function checkWritable(dir: string): { writable: boolean; error: string | null } {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { writable: true, error: null };
  } catch (error) {
    return { writable: false, error: (error as Error).message };
  }
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
          unattended: a.agent === 'claude' && agents[i]!.found ? claudeUnattended({ env: process.env }) : null,
        })),
        // The one agent config Switchyard writes: Claude's per-project trust, for new worktrees of trusted repositories.
        writesAgentConfig: [{ agent: 'claude', file: claudeConfigFile({ env: process.env }), what: 'projects["<worktree>"].hasTrustDialogAccepted, copied from the repository\'s own entry' }],
        dataHome: { path: c.home, ...checkWritable(c.home) },
        database: { path: dbPath, expectedSchemaVersion: SCHEMA_VERSION, ...inspectDatabase(dbPath) },
        config: { files: loaded.files, warnings: loaded.warnings },
        electron: findElectronBinary(appRoot),
      };
      if (opts.json) return printJson(c.io, report);
      const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
      const lines = [
        `node      ${report.node.version} (${report.node.platform}/${report.node.arch})`,
        `${mark(git!.found)} git        ${git!.version ?? git!.error}`,
        ...report.agents.flatMap((a) => [
          `${mark(a.found)} ${a.agent.padEnd(10)} ${a.found ? `${a.version ?? a.error} (${a.path})` : a.error}`,
          ...(a.unattended && !a.unattended.ok ? [`WARN ${'interactive'.padEnd(10)} ${a.unattended.problem}`] : []),
        ]),
        `${mark(report.dataHome.writable)} data home  ${report.dataHome.path}${report.dataHome.error ? ` — ${report.dataHome.error}` : ' (writable)'}`,
        `${mark(true)} database   ${dbPath} — ${report.database.exists ? `schema version ${report.database.schemaVersion}` : 'not created yet'} (this build: ${SCHEMA_VERSION})`,
        `${mark(report.electron.present)} electron   ${report.electron.present ? `${report.electron.version} (${report.electron.path})` : `unavailable: ${report.electron.reason}; browser mode and the CLI still work`}`,
        `note      interactive Claude in a new worktree: when you trust the repository in Claude, Switchyard marks the worktree trusted too, in ${report.writesAgentConfig[0]!.file}`,
      ];
      c.io.out(lines.join('\n'));
    });
}

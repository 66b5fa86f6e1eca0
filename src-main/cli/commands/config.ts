// `config show`: the effective configuration and where each value came from.
import type { Command } from 'commander';
import { configEntries } from '../../engine/config';
import type { ConfigSource } from '../../engine/config/types';
import { userConfigPath } from '../../engine/paths';
import { printJson } from '../io';
import type { ContextFactory } from '../program';

function describeSource(source: ConfigSource): string {
  return source.file ? `${source.kind} ${source.file}` : source.kind;
}

function tomlValue(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

export function registerConfigCommands(program: Command, ctx: ContextFactory): void {
  const config = program.command('config').description('Inspect the layered configuration');
  config
    .command('show')
    .description('Print the effective configuration and the source of every value')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const c = ctx();
      const loaded = c.config();
      const entries = configEntries(loaded);
      if (opts.json) {
        return printJson(c.io, {
          home: c.home,
          userConfigPath: c.globals.config ?? userConfigPath(c.home),
          files: loaded.files,
          /** The nearest project switchyard.toml: applied only when trusted (`switchyard trust`). */
          project: loaded.project,
          warnings: loaded.warnings,
          entries,
        });
      }
      const layers = loaded.files.length ? loaded.files.map((f) => `${f.kind} ${f.path}`).join(', ') : 'built-in defaults only';
      c.io.out(`# data home: ${c.home}\n# layers: defaults, ${layers}`);
      const p = loaded.project;
      if (p && !p.applied) c.io.out(`# ignored: project ${p.path} (${p.trust}; apply it with \`switchyard trust ${p.path}\`)`);
      const width = Math.max(...entries.map((e) => `${e.key} = ${tomlValue(e.value)}`.length));
      for (const e of entries) {
        const assignment = `${e.key} = ${tomlValue(e.value)}`;
        c.io.out(`${assignment.padEnd(width)}  # ${describeSource(e.source)}`);
      }
    });
}

// Paths in requests. A relative path means "relative to wherever the host process happens to run",
// which a browser tab or a remote client cannot know and should not rely on; so every path field
// must be absolute and arrives normalised ("." and ".." segments and doubled separators removed),
// checked here in the schema so both transports (IPC and the WebSocket) get the same refusal.
// No node:path: the renderer shares this file. Inside a Node host the check follows the host's
// platform (a POSIX host refuses "C:\x"); in a browser either form passes and the host decides.
import { z } from 'zod';

export type PathFlavour = 'posix' | 'win32' | 'any';

function hostFlavour(): PathFlavour {
  const platform = (globalThis as { process?: { platform?: unknown } }).process?.platform;
  return typeof platform !== 'string' ? 'any' : platform === 'win32' ? 'win32' : 'posix';
}

/** Folds "." and ".." segments (".." stops at the root, as path.resolve does). */
function fold(segments: string[]): string[] {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

/** The normalised absolute path, or null when `raw` is not absolute on `flavour`. */
export function normaliseAbsolutePath(raw: string, flavour: PathFlavour = hostFlavour()): string | null {
  if (raw.includes('\0')) return null;
  if (flavour !== 'win32' && raw.startsWith('/')) return `/${fold(raw.split('/')).join('/')}`;
  if (flavour === 'posix') return null;
  const drive = /^([A-Za-z]:)[\\/]/.exec(raw);
  if (drive) return `${drive[1]}\\${fold(raw.slice(3).split(/[\\/]/)).join('\\')}`;
  const unc = /^[\\/]{2}([^\\/]+)[\\/]+([^\\/]+)/.exec(raw);
  if (unc) return `\\\\${unc[1]}\\${unc[2]}\\${fold(raw.slice(unc[0].length).split(/[\\/]/)).join('\\')}`;
  return null;
}

function refusal(value: string, flavour: PathFlavour): string {
  const example = flavour === 'win32' ? 'C:\\Users\\you\\project' : '/home/you/project';
  const hint = value.startsWith('~') ? ' (~ is not expanded here)' : '';
  return `must be an absolute path${hint}, found ${JSON.stringify(value)}: give the folder's full path (for example ${example})`;
}

/** A path field: trimmed, non-empty, absolute, normalised (the issue's path names the field). */
export function absolutePath(max = 4096) {
  return z
    .string()
    .trim()
    .min(1, 'give a full path, or leave the field out')
    .max(max)
    .transform((value, ctx) => {
      const flavour = hostFlavour();
      const normalised = normaliseAbsolutePath(value, flavour);
      if (normalised !== null) return normalised;
      ctx.addIssue({ code: 'custom', message: refusal(value, flavour) });
      return z.NEVER;
    });
}

/** Checks the `cwd` entry of template variables ({{cwd}} stands for a folder) like a path field. */
export function pathVariables<T extends z.ZodType<Record<string, string>>>(schema: T) {
  return schema.transform((vars, ctx) => {
    const cwd = vars.cwd?.trim();
    if (!cwd) return vars;
    const flavour = hostFlavour();
    const normalised = normaliseAbsolutePath(cwd, flavour);
    if (normalised === null) {
      ctx.addIssue({ code: 'custom', path: ['cwd'], message: refusal(cwd, flavour) });
      return z.NEVER;
    }
    return { ...vars, cwd: normalised };
  });
}

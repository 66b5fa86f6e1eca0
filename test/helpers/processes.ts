// What `ps` shows every local user: the command lines of all processes on the machine.
import { readFileSync, readdirSync } from 'node:fs';

/** `pid: argv` of every process whose command line contains `text`. */
export function commandLinesContaining(text: string): string[] {
  const hits: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (cmd.includes(text)) hits.push(`${pid}: ${cmd.split('\0').join(' ')}`);
  }
  return hits;
}

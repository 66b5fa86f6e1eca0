// What every benchmark ends with: its figures as a table (with the target, the ratio to a floor
// where there is one, and PASS/FAIL), the same figures as JSON in bench-results/<name>.json, and
// the exit code (1 when any target is missed), so `npm run bench` can fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Figure {
  /** What was measured, for people. */
  what: string;
  value: number;
  unit: string;
  /** The target, as text ("< 50 ms"); absent for figures that are only reported. */
  target?: string;
  /** Whether the target holds; absent when there is no target. */
  ok?: boolean;
  /** value / floor, where the figure has a floor (raw node-pty, a bare process). */
  ratio?: number;
  /** Digits to print (default 1). */
  digits?: number;
}

const ROOT = join(import.meta.dirname, '..', '..');

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}`;
}

/** Prints the table, writes the JSON, sets the exit code; returns whether every target held. */
export function report(name: string, figures: Figure[], notes: string[] = []): boolean {
  const passed = figures.every((f) => f.ok !== false);
  const width = Math.max(...figures.map((f) => f.what.length), 10);
  console.log('');
  for (const f of figures) {
    const value = `${f.value.toLocaleString('en-US', { maximumFractionDigits: f.digits ?? 1, minimumFractionDigits: f.digits ?? 1 })} ${f.unit}`.trim();
    const ratio = f.ratio === undefined ? '' : `  (${f.ratio.toFixed(2)}×)`;
    const verdict = f.ok === undefined ? '' : `  ${(f.target ?? '').padEnd(12)} ${f.ok ? 'PASS' : 'FAIL'}`;
    console.log(`${f.what.padEnd(width)}  ${value.padStart(14)}${ratio}${verdict}`);
  }
  for (const n of notes) console.log(`note: ${n}`);
  console.log(`${name}: ${passed ? 'every target met' : `missed: ${figures.filter((f) => f.ok === false).map((f) => f.what).join('; ')}`}`);
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ bench: name, at: new Date().toISOString(), machine: machine(), passed, figures, notes }, null, 2)}\n`);
  console.log(`figures written to ${file}`);
  if (!passed) process.exitCode = 1;
  return passed;
}

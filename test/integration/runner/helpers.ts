// Shared helpers for the runner's integration tests: temp dirs, fake agents, a recording state port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExitInfo, RunnerClient, RunnerStatePort } from '../../../src-main/engine/runner';

export const fixturesDir = join(import.meta.dirname, '..', '..', 'fixtures', 'runner');

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'swy-runner-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fake agent: node running one of the fixture scripts. */
export function nodeAgent(script: string, ...args: string[]): { program: string; args: string[] } {
  return { program: process.execPath, args: [join(fixturesDir, script), ...args] };
}

export interface RecordingPort extends RunnerStatePort {
  calls: string[];
  startedInfo: { pid: number; runnerPid: number } | null;
  exitInfo: ExitInfo | null;
  heartbeats: number;
  /** Resolves when `exited` was called. */
  exitedPromise: Promise<ExitInfo>;
}

export function recordingPort(): RecordingPort {
  let onExited: (info: ExitInfo) => void = () => undefined;
  const exitedPromise = new Promise<ExitInfo>((resolve) => (onExited = resolve));
  const port: RecordingPort = {
    calls: [],
    startedInfo: null,
    exitInfo: null,
    heartbeats: 0,
    exitedPromise,
    started(info) {
      port.calls.push('started');
      port.startedInfo = info;
    },
    heartbeat() {
      port.heartbeats++;
    },
    exited(info) {
      port.calls.push('exited');
      port.exitInfo = info;
      onExited(info);
    },
  };
  return port;
}

export interface Capture {
  /** Every byte received so far, in order. */
  bytes(): Buffer;
  text(): string;
  /** Resolves with the exit frame. */
  exit: Promise<ExitInfo>;
  /** Offsets that did not continue where the previous frame ended (should stay empty). */
  gaps: string[];
}

/** Attaches and collects output, checking that offsets are contiguous. */
export function capture(client: RunnerClient, fromOffset: number): Capture {
  const chunks: Buffer[] = [];
  const gaps: string[] = [];
  let next = fromOffset;
  let onExit: (info: ExitInfo) => void = () => undefined;
  const exit = new Promise<ExitInfo>((resolve) => (onExit = resolve));
  client.attach(
    fromOffset,
    (chunk, offset) => {
      if (offset !== next) gaps.push(`expected ${next}, got ${offset}`);
      next = offset + chunk.length;
      chunks.push(Buffer.from(chunk));
    },
    (info) => onExit(info),
  );
  const bytes = () => Buffer.concat(chunks);
  return { bytes, text: () => bytes().toString('utf8'), exit, gaps };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

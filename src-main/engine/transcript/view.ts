// What a session's output is best shown as: a conversation (a headless agent whose stream an
// adapter reads), the last screen (an interactive agent that ended full-screen), or the terminal
// text itself. `switchyard logs` and the UI's session view both ask this one question.
import { open } from 'node:fs/promises';
import { streamAdapterFor } from '../agents/registry';
import { harnessFromAgentType } from '../harness/kinds';
import type { Session } from '../model';
import { createTranscriptReader, type TranscriptEntry } from './reader';
import { lastAltScreen, renderLastScreen, type LastScreen } from './screen';
import { terminalTextLines } from './terminal-text';

/** A conversation is read from at most this much of the log (the rest is said to be left out). */
export const MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;
/** At most this much text after the agent left its full screen still counts as "it ended full-screen". */
const MAX_LINES_AFTER_SCREEN = 6;
const CHUNK = 1024 * 1024;

export type OutputView =
  | { kind: 'conversation'; entries: TranscriptEntry[]; logBytes: number; readBytes: number }
  | { kind: 'screen'; screen: LastScreen; logBytes: number }
  | { kind: 'terminal'; logBytes: number };

type SessionLike = Pick<Session, 'agentType' | 'mode' | 'workingDir'>;

/** Whether a session's log is read as a conversation (its agent's stream adapter exists). */
export function hasConversation(session: SessionLike): boolean {
  return streamAdapterFor(harnessFromAgentType(session.agentType), session.mode, { workingDir: session.workingDir }) !== null;
}

async function* chunks(path: string, limit: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    let at = 0;
    while (at < limit) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit - at));
      const { bytesRead } = await handle.read(buf, 0, buf.length, at);
      if (bytesRead === 0) return;
      at += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const handle = await open(path, 'r');
    try {
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

export async function readConversation(session: SessionLike, logPath: string, maxBytes = MAX_TRANSCRIPT_BYTES): Promise<Extract<OutputView, { kind: 'conversation' }> | null> {
  const adapter = streamAdapterFor(harnessFromAgentType(session.agentType), session.mode, { workingDir: session.workingDir });
  if (!adapter) return null;
  const size = (await fileSize(logPath)) ?? 0;
  const reader = createTranscriptReader(adapter);
  const limit = Math.min(size, maxBytes);
  if (size > 0) for await (const chunk of chunks(logPath, limit)) reader.push(chunk);
  reader.end();
  return { kind: 'conversation', entries: [...reader.entries], logBytes: size, readBytes: limit };
}

/** The last screen of a log that ended full-screen, else null. */
export async function readLastScreen(log: Buffer): Promise<LastScreen | null> {
  const span = lastAltScreen(log);
  if (!span) return null;
  const after = span.leave === null ? [] : terminalTextLines(log.subarray(span.leave)).filter((l) => l.trim() !== '');
  if (after.length > MAX_LINES_AFTER_SCREEN) return null;
  return renderLastScreen(log, span, after);
}

export async function readOutputView(session: SessionLike, logPath: string): Promise<OutputView> {
  const conversation = await readConversation(session, logPath);
  if (conversation) return conversation;
  const size = await fileSize(logPath);
  if (size === null || size === 0) return { kind: 'terminal', logBytes: size ?? 0 };
  // Interactive logs are read whole to find the last screen; huge ones are shown as a terminal.
  if (size > MAX_TRANSCRIPT_BYTES) return { kind: 'terminal', logBytes: size };
  const chunksRead: Buffer[] = [];
  for await (const c of chunks(logPath, size)) chunksRead.push(c);
  const screen = await readLastScreen(Buffer.concat(chunksRead));
  return screen ? { kind: 'screen', screen, logBytes: size } : { kind: 'terminal', logBytes: size };
}

// `switchyard logs` for people: a headless session's stream as a conversation, an interactive
// session's output as text (escape sequences stripped) or, when it ended full-screen, its last
// screen. A line on stderr says which, so stdout stays the text alone.
import { existsSync } from 'node:fs';
import type { Session } from '../../engine/model';
import type { RunnerClient } from '../../engine/runner';
import { readLogFrom } from '../../engine/runner';
import { streamAdapterFor } from '../../engine/agents/registry';
import { harnessFromAgentType } from '../../engine/harness/kinds';
import { createTranscriptReader, readConversation, readLastScreen, TerminalText, TranscriptPrinter } from '../../engine/transcript';
import type { LastScreen } from '../../engine/transcript';
import type { CliContext } from '../context';

const write = (text: string) => {
  if (text) process.stdout.write(text);
};

function formatOptions(session: Session) {
  return { workingDir: session.workingDir, pricedCostUsd: session.metrics.costUsd };
}

export function screenText(screen: LastScreen): string {
  const after = screen.after.length ? `\n${screen.after.join('\n')}` : '';
  return `${screen.lines.join('\n')}${after}\n`;
}

/** The saved log, readable. */
export async function printReadableLog(c: CliContext, session: Session, logPath: string): Promise<void> {
  if (!existsSync(logPath)) return;
  const conversation = await readConversation(session, logPath);
  if (conversation) {
    c.io.err(`[${session.agentType} ${session.mode} session ${session.id}: its conversation, read from the agent's stream; --raw for the bytes]`);
    const printer = new TranscriptPrinter(formatOptions(session));
    const text = printer.take(conversation.entries, true);
    write(text ? `${text}\n` : '');
    if (conversation.readBytes < conversation.logBytes) c.io.err(`[only the first ${conversation.readBytes} of ${conversation.logBytes} bytes were read; --raw for all of it]`);
    return;
  }
  const bytes = await readLogFrom(logPath, 0);
  const screen = await readLastScreen(bytes);
  if (screen) {
    const where = screen.stillInAltScreen ? 'its output ends in the full-screen (alternate) view' : 'it left the full-screen (alternate) view only when it exited';
    c.io.err(`[session ${session.id}: ${where}; showing its last screen as text (${screen.cols}x${screen.rows}); --raw for the bytes]`);
    write(screenText(screen));
    return;
  }
  c.io.err(`[session ${session.id}: terminal output with escape sequences stripped; --raw for the bytes]`);
  const t = new TerminalText((line) => process.stdout.write(`${line}\n`));
  t.push(bytes);
  t.end();
}

/** The whole log as terminal text: the lines search numbers. */
export async function printLogText(logPath: string): Promise<void> {
  if (!existsSync(logPath)) return;
  const t = new TerminalText((line) => process.stdout.write(`${line}\n`));
  t.push(await readLogFrom(logPath, 0));
  t.end();
}

/**
 * Live output, readable, until the session ends. `latest` re-reads the session for the final
 * result line: a cost priced from tokens is in the store only once the run ended.
 */
export async function followReadable(session: Session, client: RunnerClient, latest: () => Session = () => session): Promise<void> {
  const adapter = streamAdapterFor(harnessFromAgentType(session.agentType), session.mode, { workingDir: session.workingDir });
  let push: (chunk: Buffer) => void;
  let end: () => void;
  if (adapter) {
    const reader = createTranscriptReader(adapter);
    const options = formatOptions(session);
    const printer = new TranscriptPrinter(options);
    let started = false;
    // The printer puts the separators between entries itself.
    const out = (text: string) => {
      if (!text) return;
      write(text);
      started = true;
    };
    push = (chunk) => {
      reader.push(chunk);
      out(printer.take(reader.entries, false));
    };
    end = () => {
      reader.end();
      Object.assign(options, formatOptions(latest())); // the printer reads the options it was given
      out(printer.take(reader.entries, true));
      if (started) write('\n');
    };
  } else {
    const t = new TerminalText((line) => process.stdout.write(`${line}\n`));
    push = (chunk) => t.push(chunk);
    end = () => t.end();
  }
  await new Promise<void>((resolve) => client.attach(0, (chunk) => void push(chunk), () => resolve()));
  end();
}

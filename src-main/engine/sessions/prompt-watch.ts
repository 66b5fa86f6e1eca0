// An interactive agent that stops at a prompt it asks before its session even begins (trust this
// folder, use this API key, log in, first-run setup) must not read "running". Agents report nothing
// there (Claude fires no hook before its dialogs), so the runner renders the last screen with a
// headless terminal and, once output has gone quiet, flags the session "needs input" with the
// prompt's first line. Agents with hooks clear it by starting (SessionStart); for the others it is
// cleared when the prompt leaves the screen.
import type * as XtermHeadless from '@xterm/headless';
import type { EventBus } from '../events';
import type { Session } from '../model';
import type { Store } from '../store';

const KEEP_BYTES = 64 * 1024;
const QUIET_MS = 1500;
const SCREEN = { cols: 200, rows: 50 };

/** Dialog wording of the real CLIs' pre-session prompts (login, API key, onboarding, trust). */
const BLOCKING = /(trust (this|the files|the contents)|one you trust|use this api key|log ?in|sign in|authenticat|choose the text style|select login method|api key)/i;

/** The screen as text lines, through a headless xterm (loaded only when a check runs). */
export async function renderScreen(bytes: Buffer, size = SCREEN): Promise<string[]> {
  // A CommonJS package: under Node's ESM loader its exports sit on `default`.
  const mod = (await import('@xterm/headless')) as typeof XtermHeadless & { default?: typeof XtermHeadless };
  const Terminal = mod.Terminal ?? mod.default?.Terminal;
  if (!Terminal) throw new Error('@xterm/headless did not load');
  const term = new Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true, scrollback: 0 });
  await new Promise<void>((resolve) => term.write(bytes, resolve));
  const lines: string[] = [];
  const buffer = term.buffer.active;
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  term.dispose();
  return lines;
}

/**
 * Whether the bytes can hold a blocking dialog's wording at all: the text with escape sequences
 * removed (a cursor move counted as a space). Without the words in the bytes they are not on the
 * screen either, so the screen need not be rendered: the headless terminal (~5 MB) is then never
 * loaded into the runner of a session that shows no such prompt.
 */
export function mayShowDialog(bytes: Buffer): boolean {
  const text = bytes
    .toString('utf8')
    .replace(/\x1b\[[0-9;?]*[CG]/g, ' ')
    .replace(/\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[PX^_][^\x1b]*(\x1b\\)?|[ -/]*[0-~])/g, '')
    .replace(/\s+/g, ' ');
  return BLOCKING.test(text);
}

function clip(line: string): string {
  const one = line.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
}

/**
 * The prompt's first line: a line of a known blocking dialog, else (when `anyPrompt`, for agents
 * whose hooks prove they have not started) the first question on screen or its last text line.
 */
export function promptLine(lines: string[], anyPrompt: boolean): string | null {
  const text = lines.map((l) => l.replace(/[│╭╮╰╯─━┃]+/g, ' ').trim()).filter((l) => l !== '' && /[A-Za-z]/.test(l));
  const dialog = text.find((l) => BLOCKING.test(l) && /\?|:/.test(l)) ?? text.find((l) => BLOCKING.test(l));
  if (dialog) return clip(dialog);
  if (!anyPrompt) return null;
  const question = text.find((l) => /\?/.test(l));
  const last = text.at(-1);
  return question ? clip(question) : last ? clip(last) : null;
}

export interface PromptWatch {
  onOutput(chunk: Buffer): void;
  /** The last screen's text lines that say something (for the reason of an agent that exited early). */
  lastWords(): Promise<string | null>;
  stop(): void;
}

export interface PromptWatchOptions {
  store: Store;
  events: EventBus;
  session: Session;
  /** The agent reports its start through hooks (Claude's SessionStart): any quiet screen before it is a prompt. */
  hooks: boolean;
}

export function createPromptWatch(opts: PromptWatchOptions): PromptWatch {
  const { store, events, session } = opts;
  const baseline = store.latestEventId();
  // The last output, as the chunks it came in: copied into one buffer only when a check needs it
  // (a concat per chunk would copy up to 128 KB for every 4 KB the agent prints).
  let tailChunks: Buffer[] = [];
  let tailBytes = 0;
  const tail = (): Buffer => {
    if (tailChunks.length > 1) tailChunks = [Buffer.concat(tailChunks)];
    return tailChunks[0] ?? Buffer.alloc(0);
  };
  let lastOutput = Date.now();
  let changedSinceCheck = true;
  let flagged: string | null = null;
  let checking = false;
  let stopped = false;

  const started = () => opts.hooks && store.listEvents({ afterId: baseline, kinds: ['agent_started'], sessionId: session.id, limit: 1 }).length > 0;

  const clear = () => {
    if (flagged === null) return;
    const now = store.getSession(session.id);
    if (now?.attention === 'needs_input' && now.stateReason === flagged) {
      store.setAttention(session.id, null);
      store.setStateReason(session.id, null);
    }
    flagged = null;
  };

  const check = async () => {
    // Nothing new on screen, or still drawing: no store read, no render (idle sessions cost nothing).
    if (checking || stopped || !changedSinceCheck || Date.now() - lastOutput < QUIET_MS) return;
    if (started()) {
      clear();
      stop();
      return;
    }
    const current = store.getSession(session.id);
    if (!current || current.state !== 'running') return;
    checking = true;
    try {
      changedSinceCheck = false;
      // Without hooks only a known dialog counts: no dialog wording in the bytes, nothing to render.
      const screen = tail();
      const line = !opts.hooks && !mayShowDialog(screen) ? null : promptLine(await renderScreen(screen), opts.hooks);
      if (line === null) return clear();
      const reason = `waiting at a prompt before its session starts: ${line}`;
      if (flagged === reason) return;
      store.setAttention(session.id, 'needs_input');
      store.setStateReason(session.id, reason);
      flagged = reason;
      events.emit('session_needs_input', { sessionId: session.id, message: line });
    } finally {
      checking = false;
    }
  };

  // A check is due QUIET_MS after the last output; with no output there is no timer at all, so an
  // idle session costs nothing here.
  let timer: NodeJS.Timeout | null = null;
  const arm = (ms: number) => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      const quietFor = Date.now() - lastOutput;
      if (quietFor < QUIET_MS) return arm(QUIET_MS - quietFor);
      if (checking) return arm(QUIET_MS); // the last check is still rendering
      // Output that arrives while this runs arms the next check itself.
      void check().catch(() => undefined);
    }, ms);
    timer.unref();
  };
  arm(QUIET_MS);
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
  };

  return {
    onOutput(chunk) {
      lastOutput = Date.now();
      changedSinceCheck = true;
      arm(QUIET_MS);
      tailChunks.push(chunk);
      tailBytes += chunk.length;
      // Keep at least the last KEEP_BYTES: drop whole chunks from the front while that still holds.
      while (tailChunks.length > 1 && tailBytes - tailChunks[0]!.length >= KEEP_BYTES) tailBytes -= tailChunks.shift()!.length;
    },
    async lastWords() {
      if (tailBytes === 0) return null;
      const text = (await renderScreen(tail())).map((l) => l.trim()).filter((l) => /[A-Za-z]{3}/.test(l) && !/^[\s─━│┃╭╮╰╯.*░▓█▄]+$/.test(l));
      // From the first line that reads like an error, else the last few lines.
      const first = text.findIndex((l) => /\b(unable|error|failed|cannot|can't|not found|denied)\b/i.test(l));
      const said = (first >= 0 ? text.slice(first, first + 3) : text.slice(-4)).map(clip).join(' — ');
      return said === '' ? null : said.length > 300 ? `${said.slice(0, 299)}…` : said;
    },
    stop,
  };
}

// The OpenCode plugin Switchyard installs for one interactive session (OpenCode 1.18.33 loads it
// from OPENCODE_CONFIG_CONTENT's `plugin` list, see interactive.ts). It runs inside OpenCode's own
// (Bun) process, sees every bus event, and forwards the few that matter to
// `switchyard hook-event --agent opencode` (hooks.ts turns them into session events).
//
// It must never slow the agent down or break it: handlers only queue; one hook process works at a
// time (so the store sees events in order) and takes whatever queued up meanwhile as one `batch`;
// spawn errors are swallowed and the hook's stderr goes to a log file, never to the TUI's screen.
// Starting the CLI takes about a second on a busy machine, longer than the whole budget for
// showing an approval prompt, so the next hook process is always started ahead and waits, booted,
// for its batch on stdin (one idle process per session; it exits when OpenCode closes the pipe).
// OpenCode fires status and message updates many times a turn, so the plugin keeps a little state
// and sends a status only when it changes, usage only when the totals change, and each
// finished tool call once.

export interface OpencodePluginConfig {
  /** The hook command up to and including `--event` (hookCommandWords without the event name). */
  command: readonly string[];
  /** Where the hook processes' stderr goes. */
  errorLog: string;
}

/** The JavaScript module (ESM) of the plugin, with its configuration inlined. */
export function opencodePluginSource(config: OpencodePluginConfig): string {
  return `// Written by Switchyard for one session; rewritten at each launch.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const CONFIG = ${JSON.stringify(config)};
${PLUGIN_BODY}`;
}

// Plain JavaScript (no TypeScript syntax): OpenCode imports the file as it is.
const PLUGIN_BODY = String.raw`
const MAX_BATCH = 50;
const MAX_TEXT = 400;

/** Long strings (a file's whole content in a write's input) are cut: the hook needs only a summary. */
function trim(value, depth = 0) {
  if (typeof value === 'string') return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) + '…' : value;
  if (value === null || typeof value !== 'object' || depth > 3) return value;
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => trim(v, depth + 1));
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = trim(v, depth + 1);
  return out;
}

/**
 * Whether the TUI was given --prompt: without one it waits for the user's first message, which is
 * idle, and no session.idle says so. The plugin runs in a worker thread whose process.argv is the
 * worker's own, so the TUI's arguments are read from /proc; null (unknown) where there is none.
 */
function launchedWithPrompt() {
  try {
    const args = readFileSync('/proc/self/cmdline', 'utf8').split('\0');
    return args.some((a) => a === '--prompt' || a.startsWith('--prompt='));
  } catch {
    return null;
  }
}

export const SwitchyardReporter = async ({ directory }) => {
  const queue = [];
  let sending = false;
  /** sessionID -> parentID (null for a top-level session): sub-agents' sessions report no status. */
  const parents = new Map();
  const statusOf = new Map();
  /** sessionID -> that session's running totals as OpenCode keeps them (session.updated). */
  const totals = new Map();
  const ZERO = { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
  let sentTotals = JSON.stringify(ZERO);
  /** messageID -> { sessionID, tokens and cost } of the assistant messages seen. */
  const messages = new Map();
  let model = null;
  const reportedCalls = new Set();
  /** callID -> { tool, path, existed }, noted before a tool runs, for the file it then edits. */
  const pending = new Map();

  /** A hook process started ahead of need, booted and waiting for its batch on stdin. */
  let spare = null;

  /** { child, gone, done }: gone once it exited or could not start, and done() runs then. */
  function spawnHook() {
    const hook = { child: null, gone: false, done: null };
    const end = () => {
      if (hook.gone) return;
      hook.gone = true;
      if (hook.done) hook.done();
    };
    let err = 'ignore';
    try {
      err = openSync(CONFIG.errorLog, 'a', 0o600);
    } catch {}
    try {
      hook.child = spawn(CONFIG.command[0], [...CONFIG.command.slice(1), 'batch'], { stdio: ['pipe', 'ignore', err] });
      hook.child.stdin.on('error', () => {});
      hook.child.on('error', end);
      hook.child.on('close', end);
    } catch {
      hook.gone = true;
    }
    if (typeof err === 'number') closeSync(err);
    return hook;
  }

  function flush() {
    if (sending || queue.length === 0) return;
    const hook = spare && !spare.gone ? spare : spawnHook();
    spare = spawnHook();
    const batch = queue.splice(0, MAX_BATCH);
    // A hook command that cannot start loses its batch rather than holding up the ones after it.
    if (hook.gone) return flush();
    sending = true;
    hook.done = () => {
      sending = false;
      flush();
    };
    hook.child.stdin.end(JSON.stringify({ events: batch }));
  }

  function send(event, payload) {
    queue.push({ event, payload });
    flush();
  }

  const isChild = (sessionID) => Boolean(parents.get(sessionID));

  function status(sessionID, type) {
    if (!sessionID || isChild(sessionID)) return;
    const now = type === 'idle' ? 'idle' : 'busy';
    if (statusOf.get(sessionID) === now) return;
    statusOf.set(sessionID, now);
    send(now === 'idle' ? 'session.idle' : 'session.status', { sessionID, status: { type: now } });
  }

  const counts = (t, cost) => ({ input: t.input || 0, output: t.output || 0, reasoning: t.reasoning || 0, cacheRead: t.cache?.read || 0, cacheWrite: t.cache?.write || 0, cost: cost || 0 });

  /**
   * The totals of every session seen, each the larger of OpenCode's session totals (which include
   * a resumed session's history but arrive after session.idle) and the sum of the assistant
   * messages seen here (which arrive before it): both only grow, and they end up equal.
   */
  function report(sessionID) {
    const sum = { ...ZERO };
    for (const [id, kept] of totals) {
      const seen = { ...ZERO };
      for (const m of messages.values()) if (m.sessionID === id) for (const k of Object.keys(seen)) seen[k] += m[k];
      for (const k of Object.keys(sum)) sum[k] += Math.max(kept[k], seen[k]);
    }
    const key = JSON.stringify(sum);
    if (key === sentTotals) return;
    sentTotals = key;
    send('usage', { sessionID, ...sum, model });
  }

  function sessionInfo(info) {
    if (!info || typeof info.id !== 'string') return;
    parents.set(info.id, typeof info.parentID === 'string' ? info.parentID : null);
    if (!info.tokens || typeof info.tokens !== 'object') return;
    totals.set(info.id, counts(info.tokens, info.cost));
    report(info.id);
  }

  function messageInfo(info) {
    if (!info || info.role !== 'assistant') return;
    if (typeof info.modelID === 'string') model = info.modelID;
    if (typeof info.id !== 'string' || typeof info.sessionID !== 'string' || !info.tokens || typeof info.tokens !== 'object') return;
    messages.set(info.id, { sessionID: info.sessionID, ...counts(info.tokens, info.cost) });
    if (!totals.has(info.sessionID)) totals.set(info.sessionID, { ...ZERO });
    report(info.sessionID);
  }

  function toolPart(part) {
    const state = part.state || {};
    if (state.status !== 'completed' && state.status !== 'error') return;
    const callID = part.callID || part.id;
    if (!callID || reportedCalls.has(callID)) return;
    reportedCalls.add(callID);
    pending.delete(callID);
    send('tool', {
      sessionID: part.sessionID,
      tool: part.tool,
      callID,
      status: state.status,
      input: trim(state.input || {}),
      error: typeof state.error === 'string' ? trim(state.error) : null,
    });
  }

  function fileEdited(file) {
    if (typeof file !== 'string') return;
    let by = null;
    for (const [callID, p] of pending) if (p.path === file) by = { callID, ...p };
    send('file.edited', { file, tool: by?.tool ?? null, callID: by?.callID ?? null, existed: by ? by.existed : null });
  }

  function onEvent(event) {
    const p = event.properties || {};
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        sessionInfo(p.info);
        break;
      case 'session.status':
        status(p.sessionID, p.status?.type);
        break;
      case 'session.idle':
        status(p.sessionID, 'idle');
        break;
      case 'message.updated':
        messageInfo(p.info);
        break;
      case 'message.part.updated':
        if (p.part?.type === 'tool') toolPart(p.part);
        break;
      case 'file.edited':
        fileEdited(p.file);
        break;
      case 'permission.asked':
        send('permission.asked', trim({ id: p.id, sessionID: p.sessionID, permission: p.permission, patterns: p.patterns, metadata: p.metadata, tool: p.tool }));
        break;
      case 'permission.replied':
        send('permission.replied', { sessionID: p.sessionID, requestID: p.requestID, reply: p.reply });
        break;
      case 'question.asked':
        send('question.asked', trim({ id: p.id, sessionID: p.sessionID, questions: p.questions }));
        break;
      case 'question.replied':
      case 'question.rejected':
        send(event.type, { sessionID: p.sessionID, requestID: p.requestID });
        break;
      default:
        break;
    }
  }

  send('plugin.loaded', { directory, prompted: launchedWithPrompt() });
  return {
    event: async ({ event }) => {
      try {
        if (event && typeof event.type === 'string') onEvent(event);
      } catch {}
    },
    'tool.execute.before': async (input, output) => {
      try {
        const given = output?.args?.filePath;
        if (!input?.callID || typeof given !== 'string') return;
        const path = resolve(directory || '.', given);
        pending.set(input.callID, { tool: input.tool, path, existed: existsSync(path) });
      } catch {}
    },
  };
};
`;

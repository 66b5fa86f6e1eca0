// `messages send` and `messages inbox`: inter-session mail (task handoffs, queries, ...).
import type { Command } from 'commander';
import { Option } from 'commander';
import { encodeMessage, previewMessage } from '../../engine/comms';
import type { StructuredMessage } from '../../engine/comms';
import type { TaskPriority } from '../../engine/model';
import { TASK_PRIORITIES } from '../../engine/model';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { formatTable, printJson } from '../io';
import type { ContextFactory } from '../program';

const KINDS = ['handoff', 'query', 'response', 'completed', 'conflict', 'info'] as const;
type Kind = (typeof KINDS)[number];

interface SendOptions {
  from: string;
  to: string;
  kind: Kind;
  text: string;
  context?: string;
  priority: TaskPriority;
  file: string[];
  json?: boolean;
}

/** A session reference resolves to its full id when it names a session; other names (e.g. "planner") stay as given. */
function sessionRef(c: CliContext, ref: string): string {
  if (ref === 'latest') return c.resolveSession('latest').id;
  return c.store().getSession(ref)?.id ?? ref;
}

function buildContent(opts: SendOptions): { content: string; msgType: string } {
  const structured: Record<Exclude<Kind, 'info'>, () => StructuredMessage> = {
    handoff: () => ({ kind: 'task_handoff', task: opts.text, context: opts.context ?? '', priority: opts.priority }),
    query: () => ({ kind: 'query', question: opts.text }),
    response: () => ({ kind: 'response', answer: opts.text }),
    completed: () => ({ kind: 'completed', summary: opts.text, filesChanged: opts.file }),
    conflict: () => {
      const file = opts.file[0];
      if (!file) throw new UsageError('messages send --kind conflict needs --file PATH naming the contested file');
      return { kind: 'conflict', file, description: opts.text };
    },
  };
  if (opts.kind === 'info') return { content: opts.text, msgType: 'info' };
  return encodeMessage(structured[opts.kind]());
}

export function registerMessageCommands(program: Command, ctx: ContextFactory): void {
  const messages = program.command('messages').description('Send and read messages between sessions');

  messages
    .command('send')
    .description('Send a message from one session to another')
    .requiredOption('--from <session>', 'sender (session id, prefix, `latest`, or a free name such as "planner")')
    .requiredOption('--to <session>', 'recipient (session id, prefix, `latest`, or a free name)')
    .addOption(new Option('--kind <kind>', 'message kind').choices(KINDS).default('info'))
    .requiredOption('--text <text>', 'the task, question, answer, summary or description')
    .option('--context <text>', 'handoff context')
    .addOption(new Option('--priority <priority>', 'handoff priority').choices(TASK_PRIORITIES).default('normal'))
    .option('--file <path>', 'a file the message is about (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--json', 'print the stored message as JSON')
    .action((opts: SendOptions) => {
      const c = ctx();
      if (!opts.text.trim()) throw new UsageError('--text must not be empty');
      const from = sessionRef(c, opts.from);
      const to = sessionRef(c, opts.to);
      const { content, msgType } = buildContent(opts);
      const message = c.store().sendMessage(from, to, content, msgType);
      if (opts.json) return printJson(c.io, message);
      c.io.out(`Sent ${msgType} #${message.id} from ${from} to ${to}: ${previewMessage(msgType, content)}`);
    });

  messages
    .command('inbox')
    .description("Show a session's unread messages and mark them read")
    .argument('<session>', 'session id, prefix, `latest`, or a free name')
    .option('--limit <n>', 'at most this many messages', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--limit expects a positive integer, found "${v}"`);
      return n;
    }, 10)
    .option('--peek', 'do not mark the shown messages read')
    .option('--json', 'print JSON')
    .action((ref: string, opts: { limit: number; peek?: boolean; json?: boolean }) => {
      const c = ctx();
      const id = sessionRef(c, ref);
      const store = c.store();
      const unread = store.unreadMessagesForSession(id, opts.limit);
      if (!opts.peek) for (const m of unread) store.markMessageRead(m.id);
      if (opts.json) return printJson(c.io, unread);
      if (unread.length === 0) {
        c.io.out(`No unread messages for ${id}.`);
        return;
      }
      const rows = unread.map((m) => [String(m.id), m.fromSession, m.priority, previewMessage(m.msgType, m.content)]);
      c.io.out(formatTable(['ID', 'FROM', 'PRIORITY', 'MESSAGE'], rows));
    });
}

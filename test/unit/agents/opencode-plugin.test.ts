// The plugin Switchyard writes for an interactive OpenCode session, loaded as OpenCode loads it
// (an ES module exporting an async plugin function) and fed a turn's bus events in OpenCode
// 1.18.33's shapes: what it hands to the hook command, and how often.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { opencodePluginSource } from '../../../src-main/engine/agents/opencode/plugin';
import { waitFor } from '../../helpers/sessions';

type Hooks = {
  event: (arg: { event: { type: string; properties: Record<string, unknown> } }) => Promise<void>;
  'tool.execute.before': (input: Record<string, unknown>, output: Record<string, unknown>) => Promise<void>;
};
type Sent = { event: string; payload: Record<string, unknown> };

let dir: string;
let record: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sy-ocplug-'));
  record = join(dir, 'sent.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the plugin with a hook command that records its event and stdin, and starts it. */
async function loadPlugin(directory: string): Promise<Hooks> {
  const recorder = join(dir, 'record.mjs');
  writeFileSync(
    recorder,
    `import { appendFileSync } from 'node:fs';
let input = '';
process.stdin.on('data', (d) => (input += d));
// The spare hook process the plugin keeps waiting gets an empty stdin when the test ends.
process.stdin.on('end', () => input && appendFileSync(${JSON.stringify(record)}, JSON.stringify({ event: process.argv.at(-1), payload: JSON.parse(input) }) + '\\n'));
`,
  );
  const file = join(dir, 'switchyard.js');
  writeFileSync(file, opencodePluginSource({ command: [process.execPath, recorder, '--event'], errorLog: join(dir, 'errors.log') }));
  const mod = (await import(pathToFileURL(file).href)) as { SwitchyardReporter: (ctx: { directory: string }) => Promise<Hooks> };
  return mod.SwitchyardReporter({ directory });
}

/** What the hook command received, batches unpacked, in order (a line still being written is left for the next look). */
function sent(): Sent[] {
  if (!existsSync(record)) return [];
  const text = readFileSync(record, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Sent)
    .flatMap((s) => (s.event === 'batch' ? (s.payload.events as Sent[]) : [s]));
}

const SES = 'ses_root';
const info = (id: string, tokens: number[], cost: number, parentID?: string) => ({
  id,
  ...(parentID ? { parentID } : {}),
  cost,
  tokens: { input: tokens[0], output: tokens[1], reasoning: 0, cache: { read: tokens[2], write: 0 } },
});
const ev = (type: string, properties: Record<string, unknown>) => ({ event: { type, properties } });

describe('the OpenCode plugin', () => {
  it('forwards a turn: one busy, the finished call, the file it created, usage when totals change, one idle', async () => {
    const work = join(dir, 'work');
    const plugin = await loadPlugin(work);
    const part = (status: string) => ({
      part: { type: 'tool', tool: 'write', callID: 'call_1', sessionID: SES, state: { status, input: { filePath: join(work, 'a.txt'), content: 'x'.repeat(5000) } } },
    });
    await plugin.event(ev('session.created', { sessionID: SES, info: info(SES, [0, 0, 0], 0) }));
    await plugin.event(ev('session.status', { sessionID: SES, status: { type: 'busy' } }));
    await plugin.event(ev('message.updated', { info: { role: 'assistant', modelID: 'stub-model', providerID: 'stub' } }));
    await plugin.event(ev('session.status', { sessionID: SES, status: { type: 'busy' } }));
    await plugin.event(ev('message.part.updated', part('pending')));
    await plugin['tool.execute.before']({ tool: 'write', sessionID: SES, callID: 'call_1' }, { args: { filePath: 'a.txt', content: 'x' } });
    await plugin.event(ev('message.part.updated', part('running')));
    await plugin.event(ev('file.edited', { file: join(work, 'a.txt') }));
    await plugin.event(ev('message.part.updated', part('completed')));
    await plugin.event(ev('message.part.updated', part('completed')));
    // The step's totals come first on its message, then (later) on the session: sent once.
    const step = { sessionID: SES, role: 'assistant', modelID: 'stub-model', ...info('msg_1', [800, 21, 100], 0.002745) };
    await plugin.event(ev('message.updated', { sessionID: SES, info: step }));
    await plugin.event(ev('session.updated', { sessionID: SES, info: info(SES, [800, 21, 100], 0.002745) }));
    await plugin.event(ev('session.updated', { sessionID: SES, info: info(SES, [800, 21, 100], 0.002745) }));
    // A sub-agent's session: its tokens count, its status is not the session's.
    await plugin.event(ev('session.created', { sessionID: 'ses_child', info: info('ses_child', [0, 0, 0], 0, SES) }));
    await plugin.event(ev('session.status', { sessionID: 'ses_child', status: { type: 'busy' } }));
    await plugin.event(ev('session.updated', { sessionID: 'ses_child', info: info('ses_child', [100, 10, 0], 0.0005, SES) }));
    await plugin.event(ev('session.status', { sessionID: 'ses_child', status: { type: 'idle' } }));
    await plugin.event(ev('session.status', { sessionID: SES, status: { type: 'idle' } }));
    await plugin.event(ev('session.idle', { sessionID: SES }));

    await waitFor('the last event', () => sent().some((s) => s.event === 'session.idle'));
    const got = sent();
    expect(got.map((s) => s.event)).toEqual(['plugin.loaded', 'session.status', 'file.edited', 'tool', 'usage', 'usage', 'session.idle']);
    expect(got[1]!.payload).toEqual({ sessionID: SES, status: { type: 'busy' } });
    const tool = got[3]!.payload;
    expect(tool).toMatchObject({ sessionID: SES, tool: 'write', callID: 'call_1', status: 'completed', error: null });
    // A write's content is cut: the hook's stdin stays small.
    expect(String((tool.input as { content: string }).content).length).toBeLessThan(500);
    expect(got[2]!.payload).toEqual({ file: join(work, 'a.txt'), tool: 'write', callID: 'call_1', existed: false });
    expect(got[4]!.payload).toEqual({ sessionID: SES, input: 800, output: 21, reasoning: 0, cacheRead: 100, cacheWrite: 0, cost: 0.002745, model: 'stub-model' });
    expect(got[5]!.payload).toMatchObject({ input: 900, output: 31, cacheRead: 100, cost: 0.002745 + 0.0005 });
  });

  it('a resumed session\'s earlier usage counts: OpenCode\'s session totals include it', async () => {
    const plugin = await loadPlugin(dir);
    await plugin.event(ev('session.updated', { sessionID: SES, info: info(SES, [1600, 42, 200], 0.00549) }));
    await plugin.event(ev('message.updated', { sessionID: SES, info: { role: 'assistant', sessionID: SES, ...info('msg_9', [800, 21, 100], 0.002745) } }));
    await plugin.event(ev('session.updated', { sessionID: SES, info: info(SES, [2400, 63, 300], 0.008235) }));
    await waitFor('the second usage', () => sent().filter((s) => s.event === 'usage').length === 2);
    expect(sent().filter((s) => s.event === 'usage').map((s) => [s.payload.input, s.payload.cost])).toEqual([
      [1600, 0.00549],
      [2400, 0.008235],
    ]);
  });

  it('forwards permission and question requests and their answers', async () => {
    const plugin = await loadPlugin(dir);
    await plugin.event(
      ev('permission.asked', { id: 'per_1', sessionID: SES, permission: 'bash', patterns: ['rm -rf x'], metadata: { command: 'rm -rf x' }, always: ['rm *'] }),
    );
    await plugin.event(ev('permission.replied', { sessionID: SES, requestID: 'per_1', reply: 'once' }));
    await plugin.event(ev('question.asked', { id: 'que_1', sessionID: SES, questions: [{ question: 'Which?', header: 'Pick', options: [] }] }));
    await plugin.event(ev('question.rejected', { sessionID: SES, requestID: 'que_1' }));
    await waitFor('the last event', () => sent().some((s) => s.event === 'question.rejected'));
    expect(sent().slice(1)).toEqual([
      { event: 'permission.asked', payload: { id: 'per_1', sessionID: SES, permission: 'bash', patterns: ['rm -rf x'], metadata: { command: 'rm -rf x' } } },
      { event: 'permission.replied', payload: { sessionID: SES, requestID: 'per_1', reply: 'once' } },
      { event: 'question.asked', payload: { id: 'que_1', sessionID: SES, questions: [{ question: 'Which?', header: 'Pick', options: [] }] } },
      { event: 'question.rejected', payload: { sessionID: SES, requestID: 'que_1' } },
    ]);
  });

  it('a hook command that cannot start never breaks the agent', async () => {
    const file = join(dir, 'broken.js');
    writeFileSync(file, opencodePluginSource({ command: [join(dir, 'no-such-program'), '--event'], errorLog: join(dir, 'missing', 'errors.log') }));
    const mod = (await import(pathToFileURL(file).href)) as { SwitchyardReporter: (ctx: { directory: string }) => Promise<Hooks> };
    const plugin = await mod.SwitchyardReporter({ directory: dir });
    await expect(plugin.event(ev('session.status', { sessionID: SES, status: { type: 'busy' } }))).resolves.toBeUndefined();
    await expect(plugin.event(ev('session.idle', { sessionID: SES }))).resolves.toBeUndefined();
  });
});

// The Electron IPC transport with stand-ins for ipcMain / ipcRenderer: sender checks, contract name
// checks and input validation, each answered with a typed error instead of a crash.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src-main/api/errors';
import { OPERATION_NAMES } from '../../../src-main/api/operations';
import { EVENT_NAMES } from '../../../src-main/api/events';
import { bindIpc, type ApiHostPort } from '../../../src-main/app/ipc-bridge';
import { CALL_CHANNEL, EVENT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, type SubscriptionMessage } from '../../../src-main/app/ipc-channels';
import { createIpcBridge } from '../../../src-preload/bridge';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  return {
    handlers,
    listeners,
    handle: (channel: string, fn: Handler) => void handlers.set(channel, fn),
    on: (channel: string, fn: Handler) => void listeners.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
    removeAllListeners: (channel: string) => void listeners.delete(channel),
  };
}

function fakePage(url: string | null, opts: { subframe?: boolean; id?: number } = {}) {
  const sent: SubscriptionMessage[] = [];
  const on = new Map<string, (...a: unknown[]) => void>();
  const sender = {
    id: opts.id ?? 1,
    isDestroyed: () => false,
    send: (channel: string, message: SubscriptionMessage) => {
      if (channel === EVENT_CHANNEL) sent.push(message);
    },
    on: (name: string, fn: (...a: unknown[]) => void) => void on.set(name, fn),
  };
  const senderFrame = url === null ? null : { url, parent: opts.subframe ? {} : null };
  return { event: { sender, senderFrame }, sent, on };
}

function recordingHost() {
  const calls: { op: string; input: unknown }[] = [];
  const subs: { event: string; params: unknown; listener: (p: unknown) => void; cancelled: boolean }[] = [];
  const host: ApiHostPort = {
    async call(op, input) {
      calls.push({ op, input });
      if (op === 'getConfig') throw new Error('database is locked');
      return { ok: true, value: { echoed: input } };
    },
    subscribe(event, params, listener) {
      const sub = { event, params, listener, cancelled: false };
      subs.push(sub);
      return () => void (sub.cancelled = true);
    },
  };
  return { host, calls, subs };
}

const APP = 'app://switchyard/index.html';

function setup() {
  const ipc = fakeIpcMain();
  const rec = recordingHost();
  const bridge = bindIpc(ipc as never, { host: rec.host });
  const call = (page: ReturnType<typeof fakePage>, op: unknown, input?: unknown) => ipc.handlers.get(CALL_CHANNEL)!(page.event, op, input) as Promise<Result<unknown>>;
  const subscribe = (page: ReturnType<typeof fakePage>, id: unknown, event: unknown, params?: unknown) => ipc.listeners.get(SUBSCRIBE_CHANNEL)!(page.event, id, event, params);
  const unsubscribe = (page: ReturnType<typeof fakePage>, id: unknown) => ipc.listeners.get(UNSUBSCRIBE_CHANNEL)!(page.event, id);
  return { ipc, ...rec, bridge, call, subscribe, unsubscribe };
}

describe('IPC in the main process', () => {
  it('passes a valid call from the app page to the host, with the input as the contract parsed it', async () => {
    const t = setup();
    const result = await t.call(fakePage(APP), 'stopSession', { id: '  a1b2  ' });
    expect(result).toEqual({ ok: true, value: { echoed: { id: 'a1b2' } } });
    expect(t.calls).toEqual([{ op: 'stopSession', input: { id: 'a1b2' } }]);
    // Defaults are filled in: an operation with empty input may be called without one.
    expect((await t.call(fakePage(APP), 'listSessions')).ok).toBe(true);
  });

  it('rejects bad input with invalid_input naming the field, without reaching the host', async () => {
    const t = setup();
    const missing = await t.call(fakePage(APP), 'startSession', { task: '' });
    expect(missing).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^startSession: task: describe the task/) } });
    const extra = await t.call(fakePage(APP), 'stopSession', { id: 'x', rm: '-rf /' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const wrongType = await t.call(fakePage(APP), 'terminalResize', { id: 'x', cols: 'eighty', rows: 24 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('cols') } });
    expect(t.calls).toEqual([]);
  });

  it('rejects operations outside the contract, including prototype names and non-strings', async () => {
    const t = setup();
    for (const op of ['shell.openExternal', 'constructor', '__proto__', 'toString', 42, null]) {
      const result = await t.call(fakePage(APP), op, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    }
    expect(t.calls).toEqual([]);
  });

  it('refuses calls from any page but the app itself: other origins, file: pages, iframes, closed frames', async () => {
    const t = setup();
    for (const page of [
      fakePage('https://evil.example/index.html'),
      fakePage('file:///tmp/index.html'),
      fakePage('app://other/index.html'),
      fakePage(APP, { subframe: true }),
      fakePage(null),
    ]) {
      const result = await t.call(page, 'listSessions', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringMatching(/^IPC refused/) } });
    }
    expect(t.calls).toEqual([]);
  });

  it('turns a host that throws into an internal error instead of a rejected promise', async () => {
    const t = setup();
    expect(await t.call(fakePage(APP), 'getConfig', {})).toEqual({ ok: false, error: { code: 'internal', message: 'the app failed to handle the call: database is locked' } });
  });

  it('subscriptions: validated, forwarded to the page by id, cancelled on unsubscribe and when the page goes', () => {
    const t = setup();
    const page = fakePage(APP);
    t.subscribe(page, 's1', 'terminal', { id: 'abc' });
    expect(t.subs).toHaveLength(1);
    expect(t.subs[0]).toMatchObject({ event: 'terminal', params: { id: 'abc', fromOffset: 0 } });
    t.subs[0]!.listener({ kind: 'output', offset: 0, end: 2, data: 'hi' });
    expect(page.sent).toEqual([{ id: 's1', type: 'event', payload: { kind: 'output', offset: 0, end: 2, data: 'hi' } }]);

    t.subscribe(page, 's2', 'nope', {});
    t.subscribe(page, 's3', 'terminal', { id: '' });
    t.subscribe(page, 's1', 'sessions', {});
    expect(page.sent.slice(1).map((m) => (m.type === 'error' ? `${m.id}:${m.error.code}` : m.id))).toEqual(['s2:unknown_operation', 's3:invalid_input', 's1:invalid_input']);
    expect(t.subs).toHaveLength(1);

    t.unsubscribe(page, 's1');
    expect(t.subs[0]!.cancelled).toBe(true);
    expect(t.bridge.openSubscriptions).toBe(0);

    t.subscribe(page, 's4', 'sessions', {});
    expect(t.bridge.openSubscriptions).toBe(1);
    page.on.get('did-start-navigation')!({ isMainFrame: true, isSameDocument: false });
    expect(t.subs[1]!.cancelled).toBe(true);
    expect(t.bridge.openSubscriptions).toBe(0);
  });

  it('a foreign page cannot subscribe', () => {
    const t = setup();
    const page = fakePage('https://evil.example/');
    t.subscribe(page, 's1', 'sessions', {});
    expect(t.subs).toEqual([]);
    expect(page.sent).toMatchObject([{ id: 's1', type: 'error', error: { code: 'rejected' } }]);
  });

  it('serves contract streams the app owns itself (localStreams) instead of the host', () => {
    const ipc = fakeIpcMain();
    const rec = recordingHost();
    const local: unknown[] = [];
    bindIpc(ipc as never, { host: rec.host, localStreams: new Map([['sessions', (params: unknown, listener: (p: unknown) => void) => (local.push(params), listener('hello'), () => undefined)]]) });
    const page = fakePage(APP);
    ipc.listeners.get(SUBSCRIBE_CHANNEL)!(page.event, 'x', 'sessions', undefined);
    expect(local).toEqual([{}]);
    expect(rec.subs).toEqual([]);
    expect(page.sent).toEqual([{ id: 'x', type: 'event', payload: 'hello' }]);
  });

  it('dispose removes the channels and ends open subscriptions', () => {
    const t = setup();
    t.subscribe(fakePage(APP), 's1', 'sessions', {});
    t.bridge.dispose();
    expect(t.ipc.handlers.size + t.ipc.listeners.size).toBe(0);
    expect(t.subs[0]!.cancelled).toBe(true);
  });
});

describe('the preload bridge', () => {
  function fakeIpcRenderer() {
    const invoked: unknown[][] = [];
    const sent: unknown[][] = [];
    let onEvent: ((e: unknown, m: unknown) => void) | null = null;
    return {
      invoked,
      sent,
      deliver: (m: unknown) => onEvent?.({}, m),
      invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'pong' }),
      send: (...args: unknown[]) => void sent.push(args),
      on: (channel: string, fn: (e: unknown, m: unknown) => void) => {
        if (channel === EVENT_CHANNEL) onEvent = fn;
      },
    };
  }

  it('is one frozen object with exactly the contract operations and event streams, and no generic invoke', () => {
    const bridge = createIpcBridge(fakeIpcRenderer() as never);
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.ops) && Object.isFrozen(bridge.events)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['contractVersion', 'events', 'ops']);
    expect(Object.keys(bridge.ops).sort()).toEqual([...OPERATION_NAMES].sort());
    expect(Object.keys(bridge.events).sort()).toEqual([...EVENT_NAMES].sort());
    expect(() => ((bridge.ops as Record<string, unknown>).evil = () => 1)).toThrow();
  });

  it('sends calls on the call channel and delivers subscription messages by id until cancelled', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createIpcBridge(ipc as never);
    expect(await bridge.ops.listSessions({})).toEqual({ ok: true, value: 'pong' });
    expect(ipc.invoked).toEqual([[CALL_CHANNEL, 'listSessions', {}]]);

    const got: unknown[] = [];
    const errors: unknown[] = [];
    const cancel = bridge.events.terminal({ id: 'abc' }, (p) => got.push(p), (e) => errors.push(e));
    const [[channel, id, event, params]] = ipc.sent as [[string, string, string, unknown]];
    expect([channel, event, params]).toEqual([SUBSCRIBE_CHANNEL, 'terminal', { id: 'abc' }]);
    ipc.deliver({ id, type: 'event', payload: 1 });
    ipc.deliver({ id: 'someone-else', type: 'event', payload: 2 });
    ipc.deliver('garbage');
    cancel();
    ipc.deliver({ id, type: 'event', payload: 3 });
    expect(got).toEqual([1]);
    expect(ipc.sent.at(-1)).toEqual([UNSUBSCRIBE_CHANNEL, id]);

    bridge.events.sessions({}, () => undefined, (e) => errors.push(e));
    const refusedId = (ipc.sent.at(-1) as string[])[1];
    ipc.deliver({ id: refusedId, type: 'error', error: { code: 'rejected', message: 'no' } });
    expect(errors).toEqual([{ code: 'rejected', message: 'no' }]);
  });

  it('a failed invoke becomes a transport error, not a rejection', async () => {
    const ipc = { ...fakeIpcRenderer(), invoke: async () => Promise.reject(new Error('No handler registered')) };
    const bridge = createIpcBridge(ipc as never);
    expect(await bridge.ops.getServerInfo({})).toMatchObject({ ok: false, error: { code: 'transport', message: expect.stringContaining('No handler registered') } });
  });
});

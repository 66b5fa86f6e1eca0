// The API boundary: every bad call gets a typed error, never an exception or a crash.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES, createBridge, operations, parseOperationInput, transportFromBridge } from '../../../src-main/api';
import type { Result } from '../../../src-main/api';
import { createApiHost } from '../../../src-main/host';
import type { ApiHost } from '../../../src-main/host';

let dir: string;
let host: ApiHost;

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'sy-api-')));
  host = createApiHost({ home: join(dir, 'home'), cwd: dir, runnerCommand: [process.execPath, '/nonexistent/cli.js'] });
});

afterAll(async () => {
  await host.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the contract', () => {
  it('rejects bad input with the field and the problem', () => {
    const r = parseOperationInput('startSession', { task: '   ', mode: 'turbo' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.message).toMatch(/task: describe the task/);
    expect(r.error.message).toMatch(/mode/);
  });

  it('refuses unknown fields and unknown operations', () => {
    expect(parseOperationInput('stopSession', { id: 'abc', force: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(parseOperationInput('rm -rf', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });

  it('fills defaults for operations without input', () => {
    expect(parseOperationInput('listSessions', undefined)).toEqual({ ok: true, value: { op: 'listSessions', input: {} } });
  });
});

describe('the host', () => {
  const weird: unknown[] = [undefined, null, 42, 'text', [], { id: 7 }, { id: '' }, { __proto__: { id: 'x' } }, { id: 'a'.repeat(5000) }];

  it('answers every operation with a Result for any input, never throwing', async () => {
    for (const op of OPERATION_NAMES) {
      for (const input of weird) {
        const result = (await host.call(op, input)) as Result<unknown>;
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(['invalid_input', 'not_found', 'rejected']).toContain(result.error.code);
      }
    }
  });

  it('returns a typed not_found for a session that does not exist', async () => {
    expect(await host.call('stopSession', { id: 'nope1234' })).toEqual({ ok: false, error: { code: 'not_found', message: 'Session not found: nope1234' } });
  });

  it('returns results that match the contract schemas', async () => {
    for (const op of ['listSessions', 'getConfig', 'getServerInfo', 'coordinationStatus'] as const) {
      const r = await host.call(op, {});
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) expect(operations[op].output.safeParse(r.value).success).toBe(true);
    }
  });

  it('reports an engine refusal as rejected, with the engine message', async () => {
    const r = await host.call('startSession', { task: 'x', cwd: join(dir, 'missing') });
    expect(r).toMatchObject({ ok: false, error: { code: 'rejected' } });
    if (!r.ok) expect(r.error.message).toMatch(/does not exist/);
  });

  it('refuses a bad subscription through onError, and an unknown session on the terminal stream', async () => {
    const errors: string[] = [];
    host.subscribe('terminal', { id: 5 }, () => undefined, { onError: (e) => errors.push(e.code) });
    host.subscribe('nonsense', {}, () => undefined, { onError: (e) => errors.push(e.code) });
    expect(errors).toEqual(['invalid_input', 'unknown_operation']);
    const events: unknown[] = [];
    const cancel = host.subscribe('terminal', { id: 'nope1234' }, (p) => events.push(p));
    cancel();
    expect(events).toEqual([{ kind: 'error', message: 'Session not found: nope1234' }]);
  });
});

describe('the Electron bridge helpers', () => {
  it('expose exactly the contract, frozen, and turn a thrown IPC failure into a transport error', async () => {
    const bridge = createBridge(
      async (op) => {
        if (op === 'getConfig') throw new Error('channel closed');
        return { ok: true, value: op };
      },
      () => () => undefined,
    );
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.ops)).toBe(true);
    expect(Object.keys(bridge.ops).sort()).toEqual([...OPERATION_NAMES].sort());
    const transport = transportFromBridge(bridge);
    expect(await transport.call('listSessions', {})).toEqual({ ok: true, value: 'listSessions' });
    expect(await transport.call('getConfig', {})).toEqual({ ok: false, error: { code: 'transport', message: 'channel closed' } });
    expect(await transport.call('evil', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });
});

// The HTTP intake over a real socket, driven by curl (as an operator would) where it is installed.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRemoteIntake, type RemoteIntake } from '../../../src-main/engine/dispatch';
import { buildSession } from '../../helpers/session-fixture';
import { createFixture, type Fixture } from '../../unit/policies/fixture';

const TOKEN = 'test-token-0123456789';
let fx: Fixture;
let intake: RemoteIntake;

beforeEach(async () => {
  fx = createFixture();
  intake = await startRemoteIntake({ store: fx.store, config: fx.config, events: fx.events }, { bind: '127.0.0.1:0', token: TOKEN, cwd: fx.dir });
});
afterEach(async () => {
  await intake.close();
  fx.cleanup();
});

function curl(args: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-w', '\n%{http_code}', ...args], { maxBuffer: 8 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const cut = stdout.lastIndexOf('\n');
      resolve({ status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) });
    });
  });
}

const queued = () => fx.store.listRemoteDispatchRequests(true, 100);

describe('remote intake', () => {
  it('curl without a token gets 401 and queues nothing; a wrong token too', async () => {
    const none = await curl(['-X', 'POST', '-H', 'content-type: application/json', '-d', '{"task":"x"}', `${intake.url}/dispatch`]);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error).toContain('bearer token');
    const wrong = await curl(['-X', 'POST', '-H', 'authorization: Bearer nope', '-d', '{"task":"x"}', `${intake.url}/dispatch`]);
    expect(wrong.status).toBe(401);
    expect((await curl([`${intake.url}/health`])).status).toBe(401);
    expect(queued()).toEqual([]);
  });

  it('queues a dispatch and a computer-use request with the right token', async () => {
    const auth = ['-H', `authorization: Bearer ${TOKEN}`, '-H', 'content-type: application/json'];
    const health = await curl([...auth, `${intake.url}/health`]);
    expect(health.status).toBe(200);
    const d = await curl([...auth, '-d', JSON.stringify({ task: 'Phone triage', priority: 'high', project: 'ecc-core', task_group: 'phone dispatch' }), `${intake.url}/dispatch`]);
    expect(d.status).toBe(202);
    expect(JSON.parse(d.body).request).toMatchObject({ task: 'Phone triage', priority: 'high', source: 'http', requester: '127.0.0.1', status: 'pending' });
    const cu = await curl([...auth, '-d', JSON.stringify({ goal: 'Check the banner', target_url: 'https://ecc.tools' }), `${intake.url}/computer-use`]);
    expect(cu.status).toBe(202);
    expect(queued().map((r) => [r.requestKind, r.source])).toEqual([
      ['standard', 'http'],
      ['computer_use', 'http_computer_use'],
    ]);
    expect(fx.store.listEvents({ kinds: ['remote_queued'] })).toHaveLength(2);
  });

  it('answers 413 for a body over 1 MB, 400 naming the field for bad input, and queues nothing', async () => {
    const auth = ['-H', `authorization: Bearer ${TOKEN}`, '-H', 'content-type: application/json'];
    const bodyFile = join(fx.dir, 'big.json');
    writeFileSync(bodyFile, JSON.stringify({ task: 'x'.repeat(1024 * 1024 + 10) }));
    const big = await curl([...auth, '--data-binary', `@${bodyFile}`, `${intake.url}/dispatch`]);
    expect(big.status).toBe(413);
    const malformed = await curl([...auth, '-d', '{"task":', `${intake.url}/dispatch`]);
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error).toContain('malformed JSON');
    const missing = await curl([...auth, '-d', '{"priority":"high"}', `${intake.url}/dispatch`]);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toMatchObject({ field: 'task' });
    const badPriority = await curl([...auth, '-d', '{"task":"t","priority":"urgent"}', `${intake.url}/dispatch`]);
    expect(JSON.parse(badPriority.body)).toMatchObject({ field: 'priority' });
    const noGoal = await curl([...auth, '-d', '{"target_url":"https://x"}', `${intake.url}/computer-use`]);
    expect(JSON.parse(noGoal.body)).toMatchObject({ field: 'goal' });
    const ghost = await curl([...auth, '-d', '{"task":"t","to_session":"ghost"}', `${intake.url}/dispatch`]);
    expect(ghost.status).toBe(400);
    expect(JSON.parse(ghost.body)).toMatchObject({ field: 'to_session', error: 'Session not found: ghost' });
    expect(queued()).toEqual([]);
  });

  it('validates up front what would only fail later: unknown agent or profile, oversize or NUL task, unknown or ambiguous fields (400 naming the field)', async () => {
    const auth = ['-H', `authorization: Bearer ${TOKEN}`, '-H', 'content-type: application/json'];
    const post = async (path: string, body: unknown) => {
      const file = join(fx.dir, 'body.json');
      writeFileSync(file, JSON.stringify(body));
      const r = await curl([...auth, '--data-binary', `@${file}`, `${intake.url}${path}`]);
      return { status: r.status, ...(JSON.parse(r.body) as { field?: string; error: string }) };
    };
    expect(await post('/dispatch', { task: 't', agent: 'nosuchagent' })).toMatchObject({ status: 400, field: 'agent', error: expect.stringContaining('unknown agent "nosuchagent"') });
    expect(await post('/computer-use', { goal: 'g', agent: 'nosuchagent' })).toMatchObject({ status: 400, field: 'agent' });
    expect(await post('/dispatch', { task: 't', profile: 'ghost-profile' })).toMatchObject({ status: 400, field: 'profile', error: expect.stringContaining('ghost-profile') });
    // Under the 1 MiB body limit, over Linux's 128 KiB per argument: it could never reach the agent.
    expect(await post('/dispatch', { task: 'x'.repeat(200 * 1024) })).toMatchObject({ status: 400, field: 'task', error: expect.stringContaining('the task is too large to hand to the agent') });
    expect(await post('/computer-use', { goal: 'g', context: 'x'.repeat(200 * 1024) })).toMatchObject({ status: 400, field: 'goal' });
    expect(await post('/dispatch', { task: 'a\u0000b' })).toMatchObject({ status: 400, field: 'task', error: expect.stringContaining('NUL byte') });
    expect(await post('/dispatch', { task: 't', priorty: 'high' })).toMatchObject({ status: 400, field: 'priorty', error: expect.stringContaining('unknown field `priorty`; accepted fields are task, to_session') });
    expect(await post('/computer-use', { goal: 'g', task: 't' })).toMatchObject({ status: 400, field: 'task', error: expect.stringContaining('unknown field `task`') });
    for (const id of ['4aaa0001', '4bbb0002']) fx.store.insertSession(buildSession(id, 'running', new Date()));
    expect(await post('/dispatch', { task: 't', to_session: '4' })).toMatchObject({ status: 400, field: 'to_session', error: expect.stringContaining('Session id prefix "4" is ambiguous') });
    expect(queued()).toEqual([]);
    // The same request with a known agent goes through.
    expect(await post('/dispatch', { task: 't', agent: 'codex' })).toMatchObject({ status: 202 });
  });

  it('refuses to start without a token', async () => {
    await expect(startRemoteIntake({ store: fx.store, config: fx.config }, { bind: '127.0.0.1:0', token: ' ', cwd: fx.dir })).rejects.toThrow('needs a bearer token');
  });
});

// The dispatch inbox's Retry and Cancel, and the settings form refusing an enumerated value outside
// its list (issue 13), in Chromium on a real data home. The test holds the daemon lock, so serve runs
// no daemon and the requests stay where the test puts them.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src-main/engine/store';
import { makeWorld, waitFor } from '../../helpers/sessions';
import type { World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe } from './harness';
import type { Browser, Serve } from './harness';

const haveChromium = existsSync(CHROMIUM);
const CONFIG = '# kept by hand\n[agent_profiles.writer]\nmodel = "opus"\n';

describe.skipIf(!haveChromium)('operator actions', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  let store: Store;
  let failedId: number;
  let pendingId: number;

  beforeAll(async () => {
    world = makeWorld({ config: CONFIG });
    store = openStore(join(world.home, 'switchyard.db'));
    store.acquireDaemonLock({ pid: process.pid, host: hostname(), owner: 'the test', isStale: () => false });
    const base = { requestKind: 'standard' as const, targetSessionId: null, targetUrl: null, priority: 'normal' as const, agentType: 'claude', profileName: null, workingDir: world.work, project: 'shop', taskGroup: 'triage', useWorktree: false, source: 'http', requester: '127.0.0.1' };
    failedId = store.insertRemoteDispatchRequest({ ...base, task: 'Rotate the API keys' }).id;
    store.recordRemoteDispatchFailure(failedId, 'the working folder /gone does not exist');
    pendingId = store.insertRemoteDispatchRequest({ ...base, task: 'Answer the support ticket' }).id;
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser({ width: 1280, height: 900 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    store?.close();
    world?.cleanup();
  });

  it('retries a failed request and cancels a pending one from the dispatch inbox', async () => {
    const { page } = browser;
    await page.goto(`${serve.url}#v=automation`);
    const inbox = page.getByRole('list', { name: 'Remote requests' });
    await inbox.waitFor();
    const item = (task: string) => inbox.getByRole('listitem').filter({ hasText: task });
    await expect(item('Rotate the API keys').innerText()).resolves.toMatch(/Failed[\s\S]*the working folder \/gone does not exist/);

    await page.getByRole('button', { name: `Retry request ${failedId}` }).click();
    await waitFor('the retried request to be pending', async () => /Pending/.test(await item('Rotate the API keys').innerText()));
    expect(store.getRemoteDispatchRequest(failedId)).toMatchObject({ status: 'pending', error: null });

    await page.getByRole('button', { name: `Cancel request ${pendingId}` }).click();
    await waitFor('the request to show cancelled', async () => /Cancelled/.test(await item('Answer the support ticket').innerText()));
    expect(store.getRemoteDispatchRequest(pendingId)?.status).toBe('cancelled');
    await page.getByRole('radio', { name: /^Cancelled 1$/ }).waitFor();
    // A cancelled request can be queued again.
    await page.getByRole('button', { name: `Retry request ${pendingId}` }).waitFor();
    await inbox.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'dispatch-retry-cancel-1280');
  });

  it("refuses a profile's permission mode outside its agent's list, naming the allowed values, and writes nothing", async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const profiles = page.getByRole('region', { name: 'Agent profiles' });
    await profiles.getByText('writer', { exact: true }).click();
    const mode = profiles.getByLabel('agent_profiles.writer.permission_mode', { exact: true });
    await mode.fill('bogusMode');
    const msg = page.locator('#cfg-agent_profiles_writer_permission_mode-msg');
    // Said as you type, before any save.
    await waitFor('the refusal at the field', async () => (await msg.getAttribute('role')) === 'alert');
    expect(await msg.innerText()).toBe('expected one of "default", "acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan" (claude\'s permission modes), found "bogusMode"');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('1 setting refused; nothing was saved.', { exact: false }).waitFor();
    expect(readFileSync(join(world.home, 'config.toml'), 'utf8')).toBe(CONFIG);
    await mode.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'settings-enum-refused-1280');

    // With the profile's agent set to codex, codex's own modes are the list.
    await profiles.getByLabel('agent_profiles.writer.agent', { exact: true }).fill('codex');
    await mode.fill('workspace-write');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('No unsaved changes').waitFor();
    expect(readFileSync(join(world.home, 'config.toml'), 'utf8')).toMatch(/\[agent_profiles\.writer\]\nmodel = "opus"\n(agent = "codex"\npermission_mode = "workspace-write"|permission_mode = "workspace-write"\nagent = "codex")\n/);
  });
});

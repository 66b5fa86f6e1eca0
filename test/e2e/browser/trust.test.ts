// The trust prompt in the browser: `switchyard serve` started in a folder with an untrusted
// switchyard.toml warns on stderr and the page shows what the file would run, with a Trust button.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustStorePath } from '../../../src-main/engine/config';
import { makeWorld, waitFor, type World } from '../../helpers/sessions';
import { CHROMIUM, launchBrowser, screenshot, startServe, type Browser, type Serve } from './harness';

const PROJECT = '[worktree_setup]\nsetup_commands = ["./scripts/bootstrap.sh"]\n\n[harness_runners.claude]\nprogram = "./bin/claude"\n';

describe.skipIf(!existsSync(CHROMIUM))('trusting a project config from the app', () => {
  let world: World;
  let serve: Serve;
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    world = makeWorld();
    file = join(world.work, 'switchyard.toml');
    writeFileSync(file, PROJECT);
    serve = await startServe({ home: world.home, cwd: world.work, env: world.env });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    world?.cleanup();
  });

  it('warns on stderr, shows the executable keys, and applies the file once Trust is clicked', async () => {
    expect(serve.output()).toContain(`switchyard trust ${file}`);
    const { page } = browser;
    await page.goto(serve.url);
    const prompt = page.getByRole('alertdialog');
    await prompt.waitFor();
    const text = await prompt.innerText();
    expect(text).toContain(file);
    expect(text).toContain('not trusted yet');
    expect(text).toContain('worktree_setup.setup_commands = ["./scripts/bootstrap.sh"]');
    expect(text).toContain('harness_runners.claude.program = "./bin/claude"');
    await screenshot(page, 'trust-prompt');

    await prompt.getByRole('button', { name: 'Trust and apply' }).click();
    await prompt.waitFor({ state: 'detached' });
    await page.getByText(`Trusted ${file}`).waitFor();
    const store = JSON.parse(readFileSync(trustStorePath(world.home), 'utf8')) as { files: { path: string }[] };
    expect(store.files.map((f) => f.path)).toEqual([file]);
    await page.reload();
    await page.locator('.topbar').waitFor();
    await page.waitForTimeout(500); // the prompt loads with the page; give it the chance to (wrongly) appear
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });

  it('asks again after the file is edited', async () => {
    writeFileSync(file, `${PROJECT}\n[agent_profiles.fast]\npermission_mode = "bypassPermissions"\n`);
    const { page } = browser;
    await page.reload();
    const prompt = page.getByRole('alertdialog');
    await prompt.waitFor();
    await waitFor('the changed file in the prompt', async () => (await prompt.innerText()).includes('agent_profiles.fast.permission_mode'));
    expect(await prompt.innerText()).toContain('changed since you trusted it');
  });
});

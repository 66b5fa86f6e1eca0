// The trust prompt's operations on a real host: the host folder's switchyard.toml is shown with its
// executable keys, trusted only as shown, and applied to the host (or dropped) without a restart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { revokeTrust } from '../../../src-main/engine/config';
import { createApiHost, type ApiHost } from '../../../src-main/host';
import { cliPath } from '../../helpers/cli';
import { makeWorld, type World } from '../../helpers/sessions';

let world: World | undefined;
let host: ApiHost | undefined;
afterEach(async () => {
  await host?.dispose();
  world?.cleanup();
  host = world = undefined;
});

const PROJECT = '[worktree_setup]\nsetup_commands = ["make bootstrap"]\n';

async function call<T>(h: ApiHost, op: string, input: unknown): Promise<T> {
  const r = await h.call(op, input);
  if (!r.ok) throw new Error(`${op}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

interface Review {
  path: string;
  sha256: string;
  trust: string;
  applied: boolean;
  keys: { key: string; value: unknown; effect: string }[];
}

describe('project config trust over the API', () => {
  it('shows the untrusted file with what it runs, refuses other paths and unseen content, then applies it', async () => {
    const w = (world = makeWorld());
    const file = join(w.work, 'switchyard.toml');
    writeFileSync(file, PROJECT);
    const h = (host = createApiHost({ home: w.home, cwd: w.work, runnerCommand: [process.execPath, cliPath] }));
    expect(h.deps.config.worktree_setup?.setup_commands).toEqual([]);

    const { project } = await call<{ project: Review }>(h, 'getProjectConfigTrust', {});
    expect(project).toMatchObject({ path: file, trust: 'untrusted', applied: false, keys: [{ key: 'worktree_setup.setup_commands', value: ['make bootstrap'] }] });

    const elsewhere = await call<{ ok: boolean; kind: string }>(h, 'trustProjectConfig', { path: join(w.root, 'switchyard.toml'), sha256: project.sha256 });
    expect(elsewhere).toMatchObject({ ok: false, kind: 'not_project' });
    const bad = await h.call('trustProjectConfig', { path: file, sha256: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    writeFileSync(file, `${PROJECT}[harness_runners.claude]\nprogram = "/tmp/other"\n`);
    const unseen = await call<{ ok: boolean; kind: string; message: string }>(h, 'trustProjectConfig', { path: file, sha256: project.sha256 });
    expect(unseen).toMatchObject({ ok: false, kind: 'changed' });
    expect(h.deps.config.harness_runners['claude']).toBeUndefined();

    const { project: current } = await call<{ project: Review }>(h, 'getProjectConfigTrust', {});
    expect(current.keys.map((k) => k.key)).toEqual(['worktree_setup.setup_commands', 'harness_runners.claude.program']);
    const trusted = await call<{ ok: boolean; project: Review }>(h, 'trustProjectConfig', { path: file, sha256: current.sha256 });
    expect(trusted).toMatchObject({ ok: true, project: { trust: 'trusted', applied: true } });
    expect(h.deps.config.worktree_setup?.setup_commands).toEqual(['make bootstrap']);
    expect(h.deps.config.harness_runners['claude']?.program).toBe('/tmp/other');
  });

  it('drops the file from the host once trust is revoked elsewhere (at the next review)', async () => {
    const w = (world = makeWorld());
    const file = join(w.work, 'switchyard.toml');
    writeFileSync(file, PROJECT);
    const h = (host = createApiHost({ home: w.home, cwd: w.work, runnerCommand: [process.execPath, cliPath] }));
    const { project } = await call<{ project: Review }>(h, 'getProjectConfigTrust', {});
    await call(h, 'trustProjectConfig', { path: file, sha256: project.sha256 });
    expect(h.deps.config.worktree_setup?.setup_commands).toEqual(['make bootstrap']);
    revokeTrust(w.home, file);
    expect(await call<{ project: Review }>(h, 'getProjectConfigTrust', {})).toMatchObject({ project: { trust: 'untrusted', applied: false } });
    expect(h.deps.config.worktree_setup?.setup_commands).toEqual([]);
  });

  it('reports no project file as null', async () => {
    const w = (world = makeWorld());
    const h = (host = createApiHost({ home: w.home, cwd: w.work, runnerCommand: [process.execPath, cliPath] }));
    expect(await call(h, 'getProjectConfigTrust', {})).toEqual({ project: null });
  });
});

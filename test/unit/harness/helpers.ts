// Config and profile objects for the harness tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../../../src-main/engine/config';
import type { Config, HarnessRunnerConfig, ResolvedAgentProfile } from '../../../src-main/engine/config/types';

/** The built-in defaults with the seed's test values (spec §4 `build_config`). */
export function buildConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...defaultConfig('/tmp/switchyard-test'),
    db_path: '/tmp/switchyard-test/state.db',
    worktree_root: '/tmp/switchyard-test/worktrees',
    max_parallel_sessions: 4,
    max_parallel_worktrees: 4,
    session_timeout_secs: 60,
    heartbeat_interval_secs: 5,
    ...overrides,
  };
}

export function runner(overrides: Partial<HarnessRunnerConfig> = {}): HarnessRunnerConfig {
  return { program: '', base_args: [], project_markers: [], inline_system_prompt_for_task: true, end_of_options: '--', env: {}, ...overrides };
}

export function profile(overrides: Partial<ResolvedAgentProfile> = {}): ResolvedAgentProfile {
  return { profile_name: 'test', allowed_tools: [], disallowed_tools: [], add_dirs: [], ...overrides };
}

/** The plugin-root fixture (holds scripts/lib/utils.js and hooks/hooks.json). */
export const PLUGIN_ROOT_FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/harness/plugin-root');

/** A process env without CLAUDE_PACKAGE_MANAGER, and an empty home, so detection sees only the project. */
export const CLEAN_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH };

export function tempDir(prefix = 'switchyard-harness-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

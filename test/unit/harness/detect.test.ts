import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  canonicalAgentType,
  detectHarness,
  detectedSummary,
  harnessFromAgentType,
  harnessRunner,
  resolveRequestedAgentType,
  runnerKey,
  withConfigDetection,
} from '../../../src-main/engine/harness';
import { buildConfig, removeDir, runner, tempDir } from './helpers';

const dirs: string[] = [];
function repoWith(...markers: string[]): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const marker of markers) fs.mkdirSync(path.join(dir, marker), { recursive: true });
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

const acmeConfig = () =>
  buildConfig({ harness_runners: { 'acme-runner': runner({ program: 'acme-agent', project_markers: ['.acme'] }) } });

describe('harness aliases', () => {
  it('maps every alias to its harness, ignoring case and surrounding space', () => {
    expect(harnessFromAgentType(' Claude-Code ')).toBe('claude');
    expect(harnessFromAgentType('gemini-cli')).toBe('gemini');
    expect(harnessFromAgentType('factorydroid')).toBe('factory_droid');
    expect(harnessFromAgentType('factory-droid')).toBe('factory_droid');
    expect(harnessFromAgentType('acme-runner')).toBe('unknown');
    expect(harnessFromAgentType('constructor')).toBe('unknown');
  });

  it('canonicalises known aliases and only trims/lowercases custom names (test 11, pure part)', () => {
    expect(canonicalAgentType('gemini-cli')).toBe('gemini');
    expect(canonicalAgentType('claude-code')).toBe('claude');
    expect(canonicalAgentType('factory-droid')).toBe('factory_droid');
    expect(canonicalAgentType(' custom-runner ')).toBe('custom-runner');
    expect(canonicalAgentType('auto')).toBe('auto');
    expect(canonicalAgentType('')).toBe('');
  });

  it('gives runner keys: canonical names, custom names, and "unknown" for blank', () => {
    expect(runnerKey('Claude-Code')).toBe('claude');
    expect(runnerKey('ACME-Runner')).toBe('acme-runner');
    expect(runnerKey('   ')).toBe('unknown');
  });

  it('finds a configured runner by trimmed, lowercased key', () => {
    const config = acmeConfig();
    expect(harnessRunner(config, ' ACME-RUNNER ')?.program).toBe('acme-agent');
    expect(harnessRunner(config, 'cursor')).toBeUndefined();
  });
});

describe('detectHarness', () => {
  it('lists marker harnesses in enum order and picks the first for a blank agent type', () => {
    const dir = repoWith('.gemini', '.codex-plugin', '.claude');
    const info = detectHarness('', dir);
    expect(info.detectedLabels).toEqual(['claude', 'codex', 'gemini']);
    expect(info.primary).toBe('claude');
    expect(info.primaryLabel).toBe('claude');
    expect(detectedSummary(info)).toBe('claude, codex, gemini');
  });

  it('keeps the requested harness as primary, whatever the markers say', () => {
    const info = detectHarness('codex', repoWith('.claude'));
    expect(info.primary).toBe('codex');
    expect(info.detectedLabels).toEqual(['claude']);
  });

  it('labels a custom agent type with its own name and says "none detected" without markers', () => {
    const info = detectHarness('Custom-Runner', repoWith());
    expect(info.primary).toBe('unknown');
    expect(info.primaryLabel).toBe('custom-runner');
    expect(detectedSummary(info)).toBe('none detected');
  });

  it('adds configured runners whose project markers exist (configured-runner detection)', () => {
    const dir = repoWith('.acme');
    const info = withConfigDetection(detectHarness('', dir), acmeConfig(), dir);
    expect(info.primary).toBe('unknown');
    expect(info.primaryLabel).toBe('acme-runner');
    expect(info.detectedLabels).toEqual(['acme-runner']);
    expect(detectedSummary(info)).toBe('acme-runner');
  });

  it('leaves a built-in primary alone when a configured runner is also detected', () => {
    const dir = repoWith('.acme', '.opencode');
    const info = withConfigDetection(detectHarness('', dir), acmeConfig(), dir);
    expect(info.primaryLabel).toBe('opencode');
    expect(info.detectedLabels).toEqual(['opencode', 'acme-runner']);
  });
});

describe('resolveRequestedAgentType', () => {
  it('resolves "auto" from a .codex/ marker to codex (test 20, pure part)', () => {
    expect(resolveRequestedAgentType(buildConfig(), 'auto', repoWith('.codex'))).toBe('codex');
  });

  it('resolves "auto" to a configured runner detected by its marker', () => {
    expect(resolveRequestedAgentType(acmeConfig(), 'auto', repoWith('.acme'))).toBe('acme-runner');
  });

  it('skips a detected harness nobody can launch and falls back to claude', () => {
    expect(resolveRequestedAgentType(buildConfig(), 'auto', repoWith('.cursor'))).toBe('claude');
    expect(resolveRequestedAgentType(buildConfig(), '', repoWith())).toBe('claude');
  });

  it('takes the first launchable detected label when the primary is not launchable', () => {
    expect(resolveRequestedAgentType(buildConfig(), 'auto', repoWith('.cursor', '.gemini'))).toBe('gemini');
  });

  it('returns an explicit agent type canonicalised, without looking at markers', () => {
    expect(resolveRequestedAgentType(buildConfig(), 'Gemini-CLI', repoWith('.codex'))).toBe('gemini');
    expect(resolveRequestedAgentType(buildConfig(), 'acme-runner', repoWith())).toBe('acme-runner');
  });
});

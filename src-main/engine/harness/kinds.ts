// Harness kinds (agent CLI families), their aliases and the runner key that names a harness in
// config and in ECC_HARNESS. Mirrors ECC2's HarnessKind so stored agent types carry over.
import type { Config, HarnessRunnerConfig } from '../config/types';

/** Canonical harness names, in ECC2's enum order (detection reports them in this order). */
export const HARNESS_KINDS = [
  'unknown',
  'claude',
  'codex',
  'opencode',
  'gemini',
  'cursor',
  'kiro',
  'trae',
  'zed',
  'factory_droid',
  'windsurf',
] as const;
export type HarnessKind = (typeof HARNESS_KINDS)[number];
export type KnownHarnessKind = Exclude<HarnessKind, 'unknown'>;

const ALIASES: Record<string, KnownHarnessKind> = {
  claude: 'claude',
  'claude-code': 'claude',
  codex: 'codex',
  opencode: 'opencode',
  gemini: 'gemini',
  'gemini-cli': 'gemini',
  cursor: 'cursor',
  kiro: 'kiro',
  trae: 'trae',
  zed: 'zed',
  'factory-droid': 'factory_droid',
  factory_droid: 'factory_droid',
  factorydroid: 'factory_droid',
  windsurf: 'windsurf',
};

/** Directories/files whose presence in a working dir signals a harness. */
export const HARNESS_PROJECT_MARKERS: Readonly<Record<KnownHarnessKind, readonly string[]>> = {
  claude: ['.claude'],
  codex: ['.codex', '.codex-plugin'],
  opencode: ['.opencode'],
  gemini: ['.gemini'],
  cursor: ['.cursor'],
  kiro: ['.kiro'],
  trae: ['.trae'],
  zed: ['.zed'],
  factory_droid: ['.factory-droid', '.factory_droid'],
  windsurf: ['.windsurf'],
};

/** Harnesses Switchyard can launch without a configured runner, with their default programs. */
export const BUILTIN_PROGRAMS: Readonly<Partial<Record<HarnessKind, string>>> = {
  claude: 'claude',
  codex: 'codex',
  opencode: 'opencode',
  gemini: 'gemini',
};

export function harnessFromAgentType(agentType: string): HarnessKind {
  const key = agentType.trim().toLowerCase();
  return Object.hasOwn(ALIASES, key) ? (ALIASES[key] as KnownHarnessKind) : 'unknown';
}

/** `claude-code` -> `claude`; unknown names are only trimmed and lowercased (`auto` stays `auto`). */
export function canonicalAgentType(agentType: string): string {
  const harness = harnessFromAgentType(agentType);
  return harness === 'unknown' ? agentType.trim().toLowerCase() : harness;
}

/** The key used for `harness_runners` lookups and ECC_HARNESS; blank input gives `unknown`. */
export function runnerKey(agentType: string): string {
  const canonical = canonicalAgentType(agentType);
  return canonical === '' ? 'unknown' : canonical;
}

export function isBuiltinHarness(harness: HarnessKind): boolean {
  return BUILTIN_PROGRAMS[harness] !== undefined;
}

/**
 * `cfg.harness_runner(key)`: the key is trimmed and lowercased. A table written with capitals
 * (`[harness_runners.Acme]`) is still found, which ECC2 would miss.
 */
export function harnessRunner(config: Config, key: string): HarnessRunnerConfig | undefined {
  const wanted = key.trim().toLowerCase();
  const runners = config.harness_runners;
  if (Object.hasOwn(runners, wanted)) return runners[wanted];
  const match = Object.keys(runners).find((name) => name.trim().toLowerCase() === wanted);
  return match === undefined ? undefined : runners[match];
}

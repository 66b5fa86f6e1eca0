// Which harnesses a working directory belongs to (from project markers), and how "auto" becomes
// a launchable agent type.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types';
import {
  HARNESS_KINDS,
  HARNESS_PROJECT_MARKERS,
  canonicalAgentType,
  harnessFromAgentType,
  harnessRunner,
  isBuiltinHarness,
  runnerKey,
  type HarnessKind,
  type KnownHarnessKind,
} from './kinds';

export interface SessionHarnessInfo {
  primary: HarnessKind;
  primaryLabel: string;
  detected: HarnessKind[];
  detectedLabels: string[];
}

function markerExists(dir: string, marker: string): boolean {
  // path.resolve keeps an absolute marker as written, like Rust's Path::join.
  return marker.trim() !== '' && fs.existsSync(path.resolve(dir, marker));
}

/** Built-in harnesses whose markers exist in `dir`, in enum order. */
export function detectMarkers(dir: string): KnownHarnessKind[] {
  return HARNESS_KINDS.filter((kind): kind is KnownHarnessKind => kind !== 'unknown').filter((kind) =>
    HARNESS_PROJECT_MARKERS[kind].some((marker) => markerExists(dir, marker)),
  );
}

export function detectHarness(agentType: string, dir: string): SessionHarnessInfo {
  const detected: HarnessKind[] = detectMarkers(dir);
  const key = runnerKey(agentType);
  let primary: HarnessKind;
  if (key === 'unknown') primary = detected[0] ?? 'unknown';
  else primary = harnessFromAgentType(agentType);
  // An unknown custom name keeps its own label (e.g. `acme-runner`); blank gives `unknown`.
  const primaryLabel = primary === 'unknown' ? key : primary;
  return { primary, primaryLabel, detected, detectedLabels: [...detected] };
}

/** Adds configured runners whose `project_markers` exist under `dir` (runners sorted by name). */
export function withConfigDetection(info: SessionHarnessInfo, config: Config, dir: string): SessionHarnessInfo {
  const detectedLabels = [...info.detectedLabels];
  for (const name of Object.keys(config.harness_runners).sort()) {
    const runner = config.harness_runners[name];
    if (!runner || !runner.project_markers.some((marker) => markerExists(dir, marker))) continue;
    const label = runnerKey(name);
    if (!detectedLabels.includes(label)) detectedLabels.push(label);
  }
  let primaryLabel = info.primaryLabel;
  const first = detectedLabels[0];
  if (info.primary === 'unknown' && primaryLabel === 'unknown' && first !== undefined) primaryLabel = first;
  return { ...info, detected: [...info.detected], primaryLabel, detectedLabels };
}

export function detectedSummary(info: SessionHarnessInfo): string {
  return info.detectedLabels.length === 0 ? 'none detected' : info.detectedLabels.join(', ');
}

/** A label can be launched when a runner is configured for it or it is a built-in harness. */
export function isLaunchableLabel(config: Config, label: string): boolean {
  return harnessRunner(config, label) !== undefined || isBuiltinHarness(harnessFromAgentType(label));
}

/** "auto" (or blank) becomes the harness the directory's markers point at, else `claude`. */
export function resolveRequestedAgentType(config: Config, requested: string, dir: string): string {
  const canonical = canonicalAgentType(requested);
  if (canonical !== '' && canonical !== 'auto') return canonical;
  const info = withConfigDetection(detectHarness('', dir), config, dir);
  if (info.primaryLabel !== 'unknown' && isLaunchableLabel(config, info.primaryLabel)) {
    return runnerKey(info.primaryLabel);
  }
  const launchable = info.detectedLabels.find((label) => isLaunchableLabel(config, label));
  return launchable === undefined ? 'claude' : runnerKey(launchable);
}

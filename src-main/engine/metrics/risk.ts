// Risk score of a tool call (ECC2 observability, seed-behaviour §5.6): the sum of four parts,
// clamped to [0, 1], and the action it suggests. Only shown and logged; nothing is blocked here.
import type { RiskThresholds } from '../config/types';

export type RiskAction = 'allow' | 'review' | 'require_confirmation' | 'block';

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { review: 0.35, confirm: 0.6, block: 0.85 };

interface Rule {
  part: 'base' | 'sensitivity' | 'blast_radius' | 'irreversibility';
  score: number;
  patterns: readonly string[];
}

// Within a part the first matching tier wins (e.g. a secret file scores 0.25, never 0.25 + 0.15).
const SENSITIVITY: readonly Rule[] = [
  { part: 'sensitivity', score: 0.25, patterns: ['.env', 'secret', 'credential', 'token', 'api_key', 'apikey', 'auth', 'id_rsa', '.pem', '.key'] },
  { part: 'sensitivity', score: 0.15, patterns: ['cargo.toml', 'package.json', 'dockerfile', '.github/workflows', 'schema', 'migration', 'production'] },
];

const BLAST_RADIUS: readonly Rule[] = [
  { part: 'blast_radius', score: 0.35, patterns: ['git push --force', 'git push -f', 'origin main', 'origin master', 'rm -rf .', 'rm -rf /'] },
  { part: 'blast_radius', score: 0.25, patterns: ['**', '/*', '--all', '--recursive', 'entire repo', 'all files', 'across src/', 'find ', ' xargs '] },
];

const IRREVERSIBILITY: readonly Rule[] = [
  { part: 'irreversibility', score: 0.45, patterns: ['rm -rf', 'git reset --hard', 'git clean -fd', 'drop database', 'drop table', 'truncate ', 'shred '] },
  { part: 'irreversibility', score: 0.4, patterns: ['rm -f', 'git push --force', 'git push -f', 'delete from'] },
];

export interface RiskFactor {
  part: Rule['part'];
  score: number;
  /** What matched: the tool name for the base part, else the pattern found in the input. */
  matched: string;
}

export interface RiskAssessment {
  score: number;
  action: RiskAction;
  factors: RiskFactor[];
}

export function baseToolScore(toolName: string): number {
  switch (toolName.toLowerCase()) {
    case 'bash':
      return 0.2;
    case 'write':
    case 'multiedit':
      return 0.15;
    case 'edit':
      return 0.1;
    default:
      return 0.05;
  }
}

function firstMatch(tiers: readonly Rule[], input: string): RiskFactor | null {
  for (const tier of tiers) {
    const hit = tier.patterns.find((p) => input.includes(p));
    if (hit !== undefined) return { part: tier.part, score: tier.score, matched: hit };
  }
  return null;
}

/**
 * Scores a tool call from its name and input text (ECC2 scores the input summary; any text
 * describing the call works). Matching is on the lowercased input.
 */
export function assessRisk(toolName: string, input: string, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): RiskAssessment {
  const text = input.toLowerCase();
  const factors: RiskFactor[] = [{ part: 'base', score: baseToolScore(toolName), matched: toolName.toLowerCase() }];
  for (const tiers of [SENSITIVITY, BLAST_RADIUS, IRREVERSIBILITY]) {
    const factor = firstMatch(tiers, text);
    if (factor) factors.push(factor);
  }
  const sum = factors.reduce((acc, f) => acc + f.score, 0);
  // Rounded so a stored score is the exact sum (0.2 + 0.4 is 0.6000000000000001 in floating
  // point) and compares exactly against a threshold.
  const score = Math.min(1, Math.max(0, Math.round(sum * 1e6) / 1e6));
  return { score, action: suggestedAction(score, thresholds), factors };
}

export function riskScore(toolName: string, input: string): number {
  return assessRisk(toolName, input).score;
}

/** Each threshold is inclusive: a score equal to `block` is blocked. */
export function suggestedAction(score: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): RiskAction {
  if (score >= thresholds.block) return 'block';
  if (score >= thresholds.confirm) return 'require_confirmation';
  if (score >= thresholds.review) return 'review';
  return 'allow';
}

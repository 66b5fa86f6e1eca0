// Risk scoring of tool calls (seed §5.6): each rule, tier precedence, clamping and thresholds.
import { describe, expect, it } from 'vitest';
import { assessRisk, baseToolScore, riskScore, suggestedAction } from '../../../src-main/engine/metrics/risk';

describe('base score by tool', () => {
  it.each([
    ['Bash', 0.2],
    ['bash', 0.2],
    ['Write', 0.15],
    ['MultiEdit', 0.15],
    ['Edit', 0.1],
    ['Read', 0.05],
    ['Grep', 0.05],
    ['NotebookEdit', 0.05],
  ])('%s scores %d', (tool, score) => {
    expect(baseToolScore(tool)).toBe(score);
    expect(riskScore(tool, 'plain input')).toBe(score);
  });
});

describe('file sensitivity', () => {
  it.each(['.env', 'secret', 'credential', 'token', 'api_key', 'apikey', 'auth', 'id_rsa', '.pem', '.key'])('secret marker %s adds 0.25', (marker) => {
    expect(riskScore('Read', `open config/${marker}`)).toBe(0.3);
  });

  it.each(['cargo.toml', 'package.json', 'dockerfile', '.github/workflows', 'schema', 'migration', 'production'])('shared infra %s adds 0.15', (marker) => {
    expect(riskScore('Read', `open ${marker}`)).toBe(0.2);
  });

  it('matches case-insensitively (Cargo.toml, .ENV)', () => {
    expect(riskScore('Edit', 'Edit Cargo.toml')).toBe(0.25);
    expect(riskScore('Edit', 'Edit .ENV.local')).toBe(0.35);
  });

  it('counts only the higher tier when both match', () => {
    expect(riskScore('Read', 'read production .env')).toBe(0.3);
  });
});

describe('blast radius', () => {
  it.each(['git push --force', 'git push -f', 'origin main', 'origin master', 'rm -rf .', 'rm -rf /'])('shared state %s adds 0.35', (cmd) => {
    const a = assessRisk('Grep', cmd);
    expect(a.factors.find((f) => f.part === 'blast_radius')).toEqual({ part: 'blast_radius', score: 0.35, matched: cmd });
  });

  it.each(['**', '/*', '--all', '--recursive', 'entire repo', 'all files', 'across src/', 'find ', ' xargs '])('large scope %j adds 0.25', (marker) => {
    expect(riskScore('Grep', `grep x ${marker} y`)).toBe(0.3);
  });

  it('git push origin main from Bash scores base + shared state', () => {
    expect(assessRisk('Bash', 'git push origin main')).toMatchObject({ score: 0.55, action: 'review' });
  });
});

describe('irreversibility', () => {
  it.each(['git reset --hard', 'git clean -fd', 'drop database', 'drop table', 'truncate ', 'shred '])('high %j adds 0.45', (cmd) => {
    expect(riskScore('Grep', `${cmd} x`)).toBe(0.5);
  });

  it.each(['rm -f', 'delete from'])('moderate %s adds 0.40', (cmd) => {
    expect(riskScore('Grep', `${cmd} x`)).toBe(0.45);
  });

  it('a force push is both shared-state blast radius and moderately irreversible', () => {
    // 0.20 bash + 0.35 blast + 0.40 irreversible = 0.95
    expect(assessRisk('Bash', 'git push --force')).toMatchObject({ score: 0.95, action: 'block' });
  });
});

describe('totals', () => {
  it('clamps to 1', () => {
    // bash 0.2 + .env 0.25 + rm -rf / 0.35 + rm -rf 0.45 = 1.25
    expect(assessRisk('Bash', 'rm -rf / && cat .env')).toMatchObject({ score: 1, action: 'block' });
  });

  it('stores the exact sum, free of float drift', () => {
    // 0.2 + 0.4 is 0.6000000000000001 in floating point; the score is 0.6.
    expect(riskScore('Bash', 'rm -f out.log')).toBe(0.6);
    expect(riskScore('Bash', 'rm -f out.log')).not.toBe(0.2 + 0.4);
    expect(riskScore('Edit', 'edit package.json')).toBe(0.25);
  });

  it('a harmless read is allowed', () => {
    expect(assessRisk('Read', 'src/lib.rs')).toEqual({ score: 0.05, action: 'allow', factors: [{ part: 'base', score: 0.05, matched: 'read' }] });
  });

  it('rm -rf build from Bash requires confirmation', () => {
    expect(assessRisk('Bash', 'rm -rf build')).toMatchObject({ score: 0.65, action: 'require_confirmation' });
  });
});

describe('suggested action', () => {
  it('uses the default thresholds 0.35 / 0.60 / 0.85, each inclusive', () => {
    expect(suggestedAction(0.34)).toBe('allow');
    expect(suggestedAction(0.35)).toBe('review');
    expect(suggestedAction(0.59)).toBe('review');
    expect(suggestedAction(0.6)).toBe('require_confirmation');
    expect(suggestedAction(0.84)).toBe('require_confirmation');
    expect(suggestedAction(0.85)).toBe('block');
  });

  it('takes thresholds as a parameter', () => {
    const strict = { review: 0.1, confirm: 0.2, block: 0.3 };
    expect(suggestedAction(0.15, strict)).toBe('review');
    expect(assessRisk('Edit', 'src/app.ts', strict).action).toBe('review');
    expect(assessRisk('Bash', 'ls', strict).action).toBe('require_confirmation');
    expect(assessRisk('Bash', 'ls', { review: 0.5, confirm: 0.7, block: 0.9 }).action).toBe('allow');
  });
});

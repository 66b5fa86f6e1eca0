import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingProgramMessage, resolveProgram } from '../../../src-main/engine/harness';
import { removeDir, tempDir } from './helpers';

const dirs: string[] = [];
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function file(at: string, mode: number): string {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(at, mode);
  return at;
}

describe('resolveProgram', () => {
  it('searches PATH in order and skips files that are not executable', () => {
    const first = dir();
    const second = dir();
    file(path.join(first, 'agent'), 0o644);
    const good = file(path.join(second, 'agent'), 0o755);
    expect(resolveProgram('agent', [first, second].join(path.delimiter))).toBe(good);
    file(path.join(first, 'agent'), 0o755);
    expect(resolveProgram('agent', [first, second].join(path.delimiter))).toBe(path.join(first, 'agent'));
  });

  it('returns null for a name not on the given PATH, a directory, or an empty PATH', () => {
    const bin = dir();
    fs.mkdirSync(path.join(bin, 'agent-dir'));
    expect(resolveProgram('no-such-agent', bin)).toBeNull();
    expect(resolveProgram('agent-dir', bin)).toBeNull();
    // `sh` is on the process PATH, but only the PATH passed in is searched.
    expect(resolveProgram('sh', '')).toBeNull();
    expect(resolveProgram('sh', bin)).toBeNull();
    expect(resolveProgram('', bin)).toBeNull();
  });

  it('checks absolute and relative paths directly, not on PATH', () => {
    const root = dir();
    const agent = file(path.join(root, 'bin', 'agent'), 0o755);
    expect(resolveProgram(agent, '')).toBe(agent);
    expect(resolveProgram('./bin/agent', '', root)).toBe(agent);
    expect(resolveProgram('bin/agent', path.join(root, 'bin'), dir())).toBeNull();
    expect(resolveProgram(path.join(root, 'bin', 'missing'), path.join(root, 'bin'))).toBeNull();
  });

  it('finds a real program on the process PATH', () => {
    const sh = resolveProgram('sh');
    expect(sh).not.toBeNull();
    expect(path.isAbsolute(sh ?? '')).toBe(true);
  });
});

describe('missingProgramMessage', () => {
  it('names the program and the npm package for each built-in harness', () => {
    expect(missingProgramMessage('claude-code', 'claude')).toBe(
      'The claude agent program "claude" was not found on PATH. Install Claude Code with ' +
        '`npm install -g @anthropic-ai/claude-code`, or set [harness_runners.claude].program in config.toml ' +
        "to the agent's executable.",
    );
    expect(missingProgramMessage('codex', 'codex')).toContain('npm install -g @openai/codex');
    expect(missingProgramMessage('opencode', 'opencode')).toContain('npm install -g opencode-ai');
    expect(missingProgramMessage('gemini-cli', 'gemini')).toContain('npm install -g @google/gemini-cli');
  });

  it('points a custom harness at its runner config, and says when a path is not executable', () => {
    const message = missingProgramMessage('acme-runner', '/opt/acme/bin/acme-agent');
    expect(message).toBe(
      'The acme-runner agent program "/opt/acme/bin/acme-agent" does not exist or is not executable. ' +
        "To fix it, set [harness_runners.acme-runner].program in config.toml to the agent's executable.",
    );
    expect(missingProgramMessage('cursor', 'cursor-agent')).toContain('[harness_runners.cursor].program');
  });
});

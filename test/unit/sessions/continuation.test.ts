// What a run tells the agent: the task once per conversation, never again on resume.
import { describe, expect, it } from 'vitest';
import { CONTINUE_PROMPT, continuesConversation, promptFor } from '../../../src-main/engine/sessions/continuation';
import { buildConfig, runner } from '../harness/helpers';

const base = { agentType: 'codex', task: 'write hello.txt', mode: 'headless' as const, harnessSessionId: null as string | null };

describe('promptFor', () => {
  it('sends the task on a first run, and a follow-up or a continue note when the agent continues its conversation', () => {
    const config = buildConfig();
    expect(promptFor(config, base, null)).toBe('write hello.txt');
    const known = { ...base, harnessSessionId: 'thread-1' };
    expect(continuesConversation(config, known)).toBe(true);
    expect(promptFor(config, known, null)).toBe(CONTINUE_PROMPT);
    expect(promptFor(config, known, 'now add a test')).toBe('now add a test');
    // A TUI reopens the conversation and waits for the person.
    expect(promptFor(config, { ...known, mode: 'interactive' }, null)).toBe('');
  });

  it('gives a configured runner (no resume flag) the task again, even with a session id from its stream', () => {
    const config = buildConfig({ harness_runners: { codex: runner({ program: 'my-codex' }) } });
    const known = { ...base, harnessSessionId: 'thread-1' };
    expect(continuesConversation(config, known)).toBe(false);
    expect(promptFor(config, known, null)).toBe('write hello.txt');
  });
});

// Session rows for tests that seed the store directly.
import type { Session } from '../../src-main/engine/model';

/** ECC2's build_session: task-{id}, project workspace, group general, claude, /tmp, heartbeat = updatedAt. */
export function buildSession(id: string, state: Session['state'], updatedAt: Date, overrides: Partial<Session> = {}): Session {
  const at = updatedAt.toISOString();
  return {
    id,
    task: `task-${id}`,
    project: 'workspace',
    taskGroup: 'general',
    agentType: 'claude',
    mode: 'headless',
    state,
    pid: null,
    runnerPid: null,
    workingDir: '/tmp',
    worktree: null,
    harness: 'claude',
    detectedHarnesses: [],
    harnessSessionId: null,
    attention: null,
    stateReason: null,
    exitCode: null,
    exitSignal: null,
    createdAt: new Date(updatedAt.getTime() - 60_000).toISOString(),
    updatedAt: at,
    lastHeartbeatAt: at,
    metrics: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, tokensUsed: 0, costUsd: 0, toolCalls: 0, filesChanged: 0, durationSecs: 0 },
    ...overrides,
  };
}

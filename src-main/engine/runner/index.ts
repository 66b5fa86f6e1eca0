// Session runner: owns an agent's PTY, logs every output byte, serves attach/input/resize/stop.
export { runAgentInPty } from './run-agent';
export type { RunAgentOptions, RunAgentResult, RunnerExit, RunnerStatePort } from './run-agent';
export { RUNNER_STOP_SIGNALS } from './run-agent';
export { connectRunner } from './client';
export type { AttachOptions, ExitHandler, OutputHandler, RunnerClient } from './client';
export { QueryFilter, stripTerminalQueries } from './query-filter';
export { killProcessGroup, isProcessAlive, DEFAULT_STOP_GRACE_MS } from './kill';
export type { KillFn } from './kill';
export { spawnDetachedRunner } from './detached';
export type { SpawnDetachedRunnerOptions } from './detached';
export { socketPathFor, MAX_SOCKET_PATH_BYTES } from './paths';
export { readLogFrom, readLogHeadSync } from './log-file';
export { planAttach, snapshotFromLog, SNAPSHOT_ABOVE_BYTES, SNAPSHOT_MAX_BYTES, SNAPSHOT_SCROLLBACK, SNAPSHOT_TAIL_BYTES } from './snapshot';
export type { AttachPlan, SnapshotOptions, TerminalSnapshot } from './snapshot';
export { RunnerError } from './errors';
export type { RunnerErrorCode } from './errors';
export { PROTOCOL_VERSION } from './protocol';
export type { ExitInfo, HelloInfo, OutputMode, TerminalModes } from './protocol';

// The Node/V8 flags a session runner starts with. A runner lives as long as its session, mostly
// idle, and its hot path is native (PTY reads, log and socket writes, indexOf scans), so it trades
// V8's speed features for memory (bench/runner.ts, 20 idle runners, PSS settled):
// - --lite-mode: no optimizing compiler or its feedback; the runner's JS is glue, not compute
//   (flood throughput was unchanged or better, 0.90-0.93x of raw node-pty).
// - --single-threaded and --v8-pool-size=1: no background compile or GC threads. On a 2-core
//   machine those threads competed with the agent and the client under a flood.
// - --max-semi-space-size=1: a 1 MB young generation (the default grows to 16 MB).
// Together about 0.6 MB less per idle runner and 15 MB less peak RSS under a 300 MB flood.
export const RUNNER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--single-threaded', '--v8-pool-size=1', '--lite-mode'];

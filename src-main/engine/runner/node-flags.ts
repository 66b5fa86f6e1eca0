// The Node/V8 flags a session runner starts with. A runner lives as long as its session, mostly
// idle, and its hot path is native (PTY reads, log and socket writes, indexOf scans), so it trades
// V8 features it does not need for memory (bench/runner.ts: 20 idle runners, PSS once settled):
// - --single-threaded and --v8-pool-size=1: no background compile or GC threads (their stacks and
//   allocator arenas). On 2 cores those threads also competed with the agent under a flood.
// - --max-semi-space-size=1: a 1 MB young generation (the default grows to 16 MB): the peak RSS
//   under a 300 MB flood fell from 67 to 52 MB.
// - --stress-flush-code: each full GC drops the bytecode of every function that is not running,
//   instead of after 5 GCs of disuse. Most of a runner's code runs once, at its start and its end;
//   a function called again is compiled again, lazily. -0.4 MB settled (--bytecode-old-age=1 did
//   nothing); flood CPU unchanged.
// Not --lite-mode: it saved no memory beside these and cost 0.85 s more CPU per 300 MB flood.
export const RUNNER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--single-threaded', '--v8-pool-size=1', '--stress-flush-code'];

// The Node/V8 flags a session runner starts with. A runner lives as long as its session, mostly
// idle, and its hot path is native (PTY reads, log and socket writes, indexOf scans), so it trades
// V8 features it does not need for memory (bench/runner.ts: 20 idle runners, PSS once settled):
// - --single-threaded and --v8-pool-size=1: no background compile or GC threads (their stacks and
//   allocator arenas). On 2 cores those threads also competed with the agent under a flood.
// - --max-semi-space-size=1: a 1 MB young generation (the default grows to 16 MB).
// Together 0.6-0.7 MB less per idle runner (9.6-9.9 MB settled, 10.4-10.5 MB without them).
// Tried and left out: --lite-mode saved nothing beside these and doubled the idle runners' CPU
// (an interpreted heartbeat) and the flood's; --stress-flush-code saved another 0.4 MB but made
// every heartbeat after a GC compile its code again (idle CPU up 2-3x); --bytecode-old-age=1 did nothing.
export const RUNNER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--single-threaded', '--v8-pool-size=1'];

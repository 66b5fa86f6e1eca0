// Entry of the `switchyard` command (bin/switchyard.mjs loads this bundle). Agent hooks take a fast
// path (hook-event.ts) that skips loading the whole CLI: the agent waits for every hook.
import { parseHookEventArgv, runHookEventFast } from './hook-event';

const argv = process.argv.slice(2);
const hook = parseHookEventArgv(argv);
if (hook) {
  void runHookEventFast(hook);
} else {
  import('./program')
    .then(({ runCli }) => runCli(argv))
    .then(
      (code) => {
        // A command may have set a failing exit code itself (e.g. `merge-queue --check` on a failed check).
        process.exitCode = code !== 0 ? code : (process.exitCode ?? 0);
      },
      (error: unknown) => {
        process.stderr.write(`switchyard: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exitCode = 1;
      },
    );
}

// Entry of the `switchyard` command (bin/switchyard.mjs loads this bundle).
import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`switchyard: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);

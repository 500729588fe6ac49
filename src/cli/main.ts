import { processIo } from "./io.js";
import { runCli } from "./run.js";

// The process entry point: the only place that touches process.exit and signals.
const stop = new AbortController();
let signals = 0;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    signals += 1;
    // A second Ctrl-C means "now": long-running commands get one chance to close cleanly.
    if (signals > 1) process.exit(130);
    stop.abort(sig);
  });
}
process.on("SIGPIPE", () => process.exit(0));
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
});

const code = await runCli(process.argv.slice(2), processIo(), stop.signal);
process.exitCode = code;

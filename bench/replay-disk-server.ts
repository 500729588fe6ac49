/**
 * The disk-replay benchmark's server, run as its own process so its peak RSS is its own:
 * indexes the tape (storage disk; from the saved index when there is one), serves it at max
 * speed, prints `ready <md url> <index ms> <from cache: 0|1>`,
 * and once its client has come and gone prints `<peak RSS bytes>` and exits.
 * Usage: replay-disk-server.ts <tape>
 */
import { startReplayServer } from "../src/replay/server.js";
import { loadTapeIndex } from "../src/replay/tape-index.js";

const tape = process.argv[2];
if (!tape) throw new Error("usage: replay-disk-server.ts <tape>");
const t0 = performance.now();
const index = await loadTapeIndex(tape, { storage: "disk" });
const indexMs = performance.now() - t0;
const server = await startReplayServer({ tapes: [index], speed: "max", silentTimeoutMs: 0 });
process.stdout.write(`ready ${server.urls.md} ${Math.round(indexMs)} ${index.fromCache ? 1 : 0}\n`);
let seen = false;
const poll = setInterval(async () => {
  const n = server.connectionCount();
  if (n > 0) seen = true;
  if (seen && n === 0) {
    clearInterval(poll);
    await server.close();
    index.close();
    process.stdout.write(`${process.resourceUsage().maxRSS * 1024}\n`);
    process.exit(0);
  }
}, 50);

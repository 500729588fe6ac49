/**
 * `tapedeck --help` cold start against `node -e 0`, each spawned RUNS times (interleaved),
 * medians compared. bin/tapedeck.js runs dist/ when built (`npm run build`), else the sources
 * through tsx, which is much slower; the line says which.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { median, report } from "./report.js";

const RUNS = 9;
const root = fileURLToPath(new URL("..", import.meta.url));
const built = existsSync(`${root}dist/cli/main.js`);

function timeSpawn(args: readonly string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr.toString()}`);
  return performance.now() - start;
}

const bare: number[] = [];
const help: number[] = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(timeSpawn(["-e", "0"]));
  help.push(timeSpawn(["bin/tapedeck.js", "--help"]));
}
const b = median(bare);
const h = median(help);
report("cold start node -e 0", b, "ms");
report(
  `cold start tapedeck --help (${built ? "dist" : "tsx, not built"})`,
  h,
  "ms",
  `+${(h - b).toFixed(0)} ms over node -e 0, target < +300 ms`,
);

/**
 * `npm run bench`: prints the machine's details, then runs every benchmark as its own process,
 * one after another (they would disturb each other's timing otherwise). Each prints
 * `name: value unit (ratio)` lines. `npm run bench -- parse ledger` runs only those.
 */
import { cpus, loadavg } from "node:os";
import { runScript } from "./child.js";

const ALL = [
  "replay-throughput",
  "timing-fidelity",
  "tape-read",
  "replay-disk",
  "record-firehose",
  "parse",
  "ledger",
  "cold-start",
] as const;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(ALL as readonly string[]).includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(", ")}; known: ${ALL.join(", ")}\n`);
  process.exit(2);
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
process.stdout.write(
  `machine: ${cpus().length} cpus (${cpus()[0]?.model ?? "?"}), node ${process.version}, load ${load()}\n`,
);
const started = performance.now();
let failed = 0;
for (const name of wanted.length > 0 ? wanted : ALL) {
  try {
    process.stdout.write(await runScript(`bench/${name}.ts`, []));
  } catch (err) {
    failed += 1;
    process.stdout.write(`${name}: FAILED (${(err as Error).message})\n`);
  }
}
process.stdout.write(
  `bench done in ${((performance.now() - started) / 1000).toFixed(0)} s, load ${load()}\n`,
);
process.exitCode = failed > 0 ? 1 : 0;

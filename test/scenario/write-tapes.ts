/** Writes the shipped scenario tapes: `node --import tsx test/scenario/write-tapes.ts`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SHIPPED_TAPES } from "./shipped-tapes.js";

const dir = fileURLToPath(new URL("../../scenarios/tapes/", import.meta.url));
for (const [name, build] of Object.entries(SHIPPED_TAPES)) {
  writeFileSync(dir + name, build().text());
  process.stdout.write(`wrote scenarios/tapes/${name}\n`);
}

/** The committed scenario tapes are exactly what the builders produce (regenerate with write-tapes.ts). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { verifyTape } from "../../src/cli/verify.js";
import { repoRoot } from "../helpers/cli.js";
import { SHIPPED_TAPES } from "./shipped-tapes.js";

for (const [name, build] of Object.entries(SHIPPED_TAPES)) {
  test(`scenarios/tapes/${name} equals a fresh build and verifies`, async () => {
    const path = join(repoRoot, "scenarios", "tapes", name);
    expect(readFileSync(path, "utf8")).toBe(build().text());
    const report = await verifyTape(path);
    expect(report.findings).toEqual([]);
  });
}

/**
 * The bundled demo (written by the synthesizer) read by `tapedeck pnl`: every Tradovate
 * position, cashBalance and fillPair and every Trade Manager row in it agrees with the ledger.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { analyzeTape } from "../../src/pnl/from-tape/index.js";
import { cli, repoRoot } from "../helpers/cli.js";

const dir = join(repoRoot, "recordings", "demo");
const tapes = (() => {
  try {
    return readdirSync(dir).filter((f) => /\.tape\.jsonl(\.gz)?$/.test(f));
  } catch {
    return [];
  }
})();

describe.skipIf(tapes.length === 0)("the bundled demo", () => {
  test.each(tapes)("%s reconciles with zero disagreements and no problems", async (name) => {
    const report = await analyzeTape(join(dir, name));
    expect(report.reconciliation.disagreements).toEqual([]);
    expect(report.notes.filter((n) => n.level === "problem")).toEqual([]);
    expect(report.stats.fills.tradovate).toBeGreaterThan(0);
    expect(report.stats.fills.trademanager).toBeGreaterThan(0);
    const { checks } = report.reconciliation;
    expect(checks.tradovatePositions).toBeGreaterThan(0);
    expect(checks.cashBalances).toBeGreaterThan(0);
    expect(checks.tradeManagerRows).toBeGreaterThan(0);
  });

  test.each(tapes)("tapedeck pnl --strict %s exits 0", async (name) => {
    const r = await cli("pnl", join(dir, name), "--strict");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: 0 disagreements\n$/);
  });
});

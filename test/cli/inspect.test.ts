import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isInspectReport } from "../../src/inspect/report.js";
import { cli } from "../helpers/cli.js";
import { tradeManagerSession, tradovateSession, writeTape } from "../inspect/tapes.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-cli-inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let tv = "";
let tm = "";
beforeAll(async () => {
  tv = await writeTape(dir, "tv.tape.jsonl", tradovateSession());
  tm = await writeTape(dir, "tm.tape.jsonl", tradeManagerSession());
});

describe("tapedeck inspect", () => {
  it("answers the seed questions for Tradovate at a glance, within 80 columns", async () => {
    const { code, stdout, stderr } = await cli("inspect", tv);
    expect([code, stderr]).toEqual([0, ""]);
    for (const section of [
      "Summary",
      "Envelopes",
      "Connections",
      "Kinds",
      "Prices",
      "Positions",
      "Shapes",
      "Problems",
    ]) {
      expect(stdout).toMatch(new RegExp(`^${section}`, "m"));
    }
    expect(stdout).toContain("  md recv: 4 objects: d 100%, e 75%, i 25%, s 25%");
    expect(stdout).toContain(
      "md event:md:quotes: 2 quotes (tradovate-quote): bid 2, ask 2, last 2,",
    );
    expect(stdout).toMatch(
      /Tradovate props events: fill Created 1, position Created 1,\s+position Deleted 1,\s+position Updated 1/,
    );
    expect(stdout).toMatch(
      /^ {4}d\.quotes\[\]\.entries\.Bid\.price +number\(float\) +100% +18405\.123$/m,
    );
    expect(stdout).toContain("close +2.200 s c2 code 1006 by server");
    const wide = stdout.split("\n").filter((l) => [...l].length > 80);
    expect(wide).toEqual([]);
  });

  it("shows Trade Manager's {type, data} wrapper, prices and trade lists", async () => {
    const { code, stdout } = await cli("inspect", tm);
    expect(code).toBe(0);
    expect(stdout).toContain("trademanager recv: 12 objects: data 92%, type 92%, action 8%");
    expect(stdout).toMatch(/^ {4}data\.prices\.bid +string\|number\(int\) +100%/m);
    expect(stdout).toContain("Trade Manager TRADES: 2 frames, each the whole open-trade list");
    expect(stdout).toContain("e.g. not json at all");
  });

  it("--json prints one report document", async () => {
    const { code, stdout } = await cli("inspect", tv, "--json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(isInspectReport(report)).toBe(true);
    expect(report.kinds).toHaveLength(18);
    expect(report.events).toBe(24);
  });

  it("--asyncapi prints an AsyncAPI 3.0 document", async () => {
    const { code, stdout } = await cli("inspect", tm, "--asyncapi");
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.asyncapi).toBe("3.0.0");
    expect(Object.keys(doc.channels)).toEqual(["trademanager"]);
  });

  it("--max-paths caps shapes and says so", async () => {
    const { stdout } = await cli("inspect", tv, "--max-paths", "3");
    expect(stdout).toMatch(
      /response:user\/syncrequest +\(1 message; capped, \d+ values of further paths left out\)/,
    );
  });

  it("bad input is one line and exit 2", async () => {
    const missing = await cli("inspect", join(dir, "nope.tape.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`tapedeck: ${join(dir, "nope.tape.jsonl")}: no such file\n`);
    const bad = join(dir, "bad.tape.jsonl");
    writeFileSync(bad, "hello\n");
    expect((await cli("inspect", bad)).code).toBe(2);
    const flag = await cli("inspect", tv, "--max-paths", "0");
    expect([flag.code, flag.stderr]).toEqual([
      2,
      'tapedeck: --max-paths: "0" is not a whole number >= 1\n',
    ]);
    expect((await cli("inspect", tv, "--json", "--asyncapi")).code).toBe(2);
  });
});

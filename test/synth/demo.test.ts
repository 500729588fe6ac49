/**
 * The bundled demo: it is exactly what its documented command writes today (so it can never
 * drift from the synthesizer), it has what the README promises, and it reconciles.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { analyzeTape } from "../../src/pnl/from-tape/index.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { cli, repoRoot } from "../helpers/cli.js";

const demoDir = join(repoRoot, "recordings/demo");
const demoName = "2026-11-20T14-30-00Z_demo.tape.jsonl";
const demoPath = join(demoDir, demoName);

/** The arguments of `npm run demo:generate`, as package.json has them. */
function generateArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const script: string = pkg.scripts["demo:generate"];
  const args = script.split("src/cli/main.ts ")[1]?.split(/\s+/) ?? [];
  expect(args[0]).toBe("synth");
  return args;
}

describe("the bundled demo", () => {
  test("is the only tape in recordings/demo and small enough to commit", () => {
    const tapes = readdirSync(demoDir).filter((n) => /\.tape\.jsonl(\.gz)?$/.test(n));
    expect(tapes).toEqual([demoName]);
    expect(statSync(demoPath).size).toBeLessThan(3 * 1024 * 1024);
  });

  test("equals a fresh run of `npm run demo:generate`, byte for byte", async () => {
    const args = generateArgs();
    const out = args.indexOf("-o");
    expect(args[out + 1]).toBe(`recordings/demo/${demoName}`);
    const fresh = join(mkdtempSync(join(tmpdir(), "tapedeck-demo-")), demoName);
    args[out + 1] = fresh;
    const r = await cli(...args);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(fresh).equals(readFileSync(demoPath))).toBe(true);
  });

  test("has ES and NQ, two Tradovate sockets and Trade Manager, reversals and partial exits", async () => {
    const { header, events } = await readTapeAll(demoPath);
    expect(header.meta?.symbols).toEqual({ "ES1!": "ESZ6", "NQ1!": "NQZ6" });
    const opens = events.flatMap((e) => (e.k === "open" ? [`${e.c}:${e.proto}:${e.role}`] : []));
    expect(opens).toEqual(["1:tradovate:trading", "2:tradovate:md", "3:trademanager:trademanager"]);
    const minutes = (events.at(-1)?.t ?? 0) / 60e6;
    expect(minutes).toBeGreaterThanOrEqual(3);
    expect(minutes).toBeLessThanOrEqual(10);
    // Position entities in order, per contract: look for a sign flip and a partial reduction.
    const last = new Map<number, number>();
    let reversals = 0;
    let partial = 0;
    let flat = 0;
    for (const e of events) {
      if (e.k !== "recv" || !e.text?.includes('"entityType":"position"')) continue;
      const p = JSON.parse(e.text.slice(1))[0].d.entity;
      const before = last.get(p.contractId) ?? 0;
      if (before !== 0 && p.netPos !== 0 && Math.sign(before) !== Math.sign(p.netPos)) reversals++;
      else if (before !== 0 && p.netPos !== 0 && Math.abs(p.netPos) < Math.abs(before)) partial++;
      if (before !== 0 && p.netPos === 0) flat++;
      last.set(p.contractId, p.netPos);
    }
    expect(reversals).toBeGreaterThanOrEqual(1);
    expect(partial).toBeGreaterThanOrEqual(1);
    expect(flat).toBeGreaterThanOrEqual(3);
    const tm = events.filter((e) => e.k === "recv" && e.c === 3 && e.text?.includes('"LOGS"'));
    for (const verb of ["OPEN", "ADD", "TRIM", "CLOSE"]) {
      expect(
        tm.some((e) => e.k === "recv" && e.text?.includes(`] ${verb}`)),
        verb,
      ).toBe(true);
    }
  });

  test("reconciles with zero disagreements", async () => {
    const report = await analyzeTape(demoPath);
    expect(report.reconciliation.disagreements).toEqual([]);
    expect(report.reconciliation.checks.tradovatePositions).toBeGreaterThan(10);
    expect(report.reconciliation.checks.tradeManagerRows).toBeGreaterThan(10);
  });
});

/**
 * The report's data for the bundled demo against `tapedeck pnl --json` on the same tape, and the
 * caps that keep big tapes drawable.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildReportData } from "../../src/report/build.js";
import type { ReportData } from "../../src/report/data.js";
import { cli, repoRoot } from "../helpers/cli.js";

const demo = join(repoRoot, "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl");
const tmp = mkdtempSync(join(tmpdir(), "tapedeck-report-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface JsonRow {
  venue: string;
  owner: string;
  symbol: string;
  timeframe: string;
  realized: string;
  unrealized: string;
  fees: string;
  net: string;
}

const sum = (xs: string[]) => xs.reduce((s, x) => s + BigInt(Math.round(Number(x) * 1e6)), 0n);

describe("the demo tape's report data", async () => {
  const data: ReportData = await buildReportData(demo);
  const pnl = await cli("pnl", demo, "--json");
  const rows = (JSON.parse(pnl.stdout) as { positions: JsonRow[] }).positions;

  test("positions equal tapedeck pnl --json", () => {
    expect(pnl.code).toBe(0);
    const pick = (r: JsonRow) => [
      r.venue,
      r.owner,
      r.symbol,
      r.timeframe,
      r.realized,
      r.unrealized,
      r.fees,
      r.net,
    ];
    expect(data.positions.map(pick)).toEqual(rows.map(pick));
  });

  test("each position's P&L curve ends at its tapedeck pnl figures", () => {
    expect(data.notes.filter((n) => n.startsWith("P&L curve"))).toEqual([]);
    for (const r of rows) {
      const label = r.venue === "tradovate" ? r.symbol : `${r.owner} ${r.symbol} ${r.timeframe}`;
      const s = data.pnl.find((p) => !p.id.startsWith("total") && p.label.endsWith(label));
      expect(s, label).toBeDefined();
      expect(s?.final).toEqual({
        realized: r.realized,
        unrealized: r.unrealized,
        fees: r.fees,
        net: r.net,
      });
      expect(s?.net.at(-1)).toBeCloseTo(Number(r.net), 6);
    }
  });

  test("venue totals end at the sum of their positions", () => {
    for (const venue of ["tradovate", "trademanager"]) {
      const mine = rows.filter((r) => r.venue === venue);
      const total = data.pnl.find((p) => p.id === `total ${venue} USD`);
      expect(BigInt(Math.round(Number(total?.final.net) * 1e6))).toBe(sum(mine.map((r) => r.net)));
      expect(BigInt(Math.round(Number(total?.final.fees) * 1e6))).toBe(
        sum(mine.map((r) => r.fees)),
      );
    }
  });

  test("connections, quotes, fills and frames are all there", () => {
    expect(data.connections.map((c) => c.role)).toEqual(["trading", "md", "trademanager"]);
    expect(data.connections.every((c) => c.close !== null && c.close > c.open)).toBe(true);
    expect(data.prices.map((p) => p.symbol).sort()).toEqual(["ES1!", "ESZ6", "NQ1!", "NQZ6"]);
    const symbols = new Set(data.prices.map((p) => p.symbol));
    expect(data.fills.length).toBe(data.counts.fills);
    expect(data.fills.every((f) => symbols.has(f.symbol) && Number.isFinite(f.price))).toBe(true);
    expect(
      data.fills.some((f) => f.tm === "OPEN") && data.fills.some((f) => f.tm === "CLOSE"),
    ).toBe(true);
    expect(data.frames.rows.length).toBe(data.counts.frames);
    const rateTotal = data.rates.kinds.reduce((s, k) => s + k.total, 0);
    expect(rateTotal).toBeGreaterThanOrEqual(data.counts.frames);
  });

  test("caps hold: points per series and frames kept", async () => {
    const small = await buildReportData(demo, { maxPoints: 40, maxFrames: 25, maxFills: 5 });
    for (const p of small.prices) expect(p.x.length).toBeLessThanOrEqual(40);
    expect(small.prices.some((p) => p.updates > 40)).toBe(true);
    for (const s of small.pnl) expect(s.x.length).toBeLessThanOrEqual(41);
    expect(small.frames.rows.length).toBe(25);
    expect(small.frames.total).toBe(data.counts.frames);
    expect(small.fills.length).toBe(5);
    expect(small.fillsDropped).toBe(data.counts.fills - 5);
    // The figures do not depend on the caps.
    expect(small.positions).toEqual(data.positions);
    const finals = (d: ReportData) => Object.fromEntries(d.pnl.map((s) => [s.id, s.final]));
    expect(finals(small)).toEqual(finals(data));
  });
});

describe("tapedeck report", () => {
  test("writes one HTML file and says what is in it", async () => {
    const out = join(tmp, "demo.html");
    const r = await cli("report", demo, "-o", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote .*demo\.html \(\d+\.\d MB\): 3 connections, \d+ frames, \d+ fills\n$/,
    );
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
  });

  test("bad input is one line and exit 2", async () => {
    const missing = await cli("report", join(tmp, "nope.tape.jsonl"), "-o", join(tmp, "x.html"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tapedeck: .*nope\.tape\.jsonl: no such file\n$/);
    const mark = await cli("report", demo, "--mark", "close", "-o", join(tmp, "x.html"));
    expect(mark.code).toBe(2);
    expect(mark.stderr).toBe('tapedeck: --mark: "close" is not one of bidask, last, mid\n');
    const pts = await cli("report", demo, "--max-points", "3", "-o", join(tmp, "x.html"));
    expect(pts.code).toBe(2);
    expect(pts.stderr).toMatch(/--max-points: "3" is not a whole number of at least 16/);
    const dir = await cli("report", demo, "-o", tmp);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/is a directory/);
  });

  test("a corrupt tape is an input error", async () => {
    const bad = join(tmp, "bad.tape.jsonl");
    writeFileSync(bad, "not a tape\n");
    const r = await cli("report", bad, "-o", join(tmp, "bad.html"));
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").length).toBe(2);
  });
});

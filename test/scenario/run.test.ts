/**
 * The runner and `tapedeck scenario run`: a broken ledger rule makes a named scenario fail with
 * a readable first difference; failures exit 1 with the difference printed, JUnit for CI, bad
 * files exit 2 naming the file and path.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { NO_FEES } from "../../src/pnl/fees.js";
import { analyzeEvents } from "../../src/pnl/from-tape/index.js";
import { loadScenario } from "../../src/scenario/load.js";
import { type AnalyzeFn, runScenario } from "../../src/scenario/run.js";
import { cli, repoRoot } from "../helpers/cli.js";

const scenario = (name: string) => loadScenario(join(repoRoot, "scenarios", `${name}.json`));

describe("a broken ledger rule fails a named scenario", () => {
  test("FIFO replaced by average matching: mnq-scale-fifo names the realized figure", async () => {
    const brokenMatching: AnalyzeFn = (header, events, options) =>
      analyzeEvents(header, events, { ...options, matching: "average" });
    const r = await runScenario(await scenario("mnq-scale-fifo"), { analyze: brokenMatching });
    expect(r.passed).toBe(false);
    expect(r.differences[0]).toMatch(
      /^positions\[0\] MNQZ6\.avgPrice: expected 21010\.00, got 21006\.66/,
    );
    expect(r.differences).toContain("positions[0] MNQZ6.realized: expected 60.00, got 53.333333");
  });

  test("fees dropped: mcl-fees names the fee figure", async () => {
    const noFees: AnalyzeFn = (header, events, options) =>
      analyzeEvents(header, events, { ...options, fees: NO_FEES });
    const r = await runScenario(await scenario("mcl-fees"), { analyze: noFees });
    expect(r.differences[0]).toBe("positions[0] MCLF7.fees: expected 4.74, got 0.00");
  });

  test("the same scenarios pass with the real ledger", async () => {
    expect((await runScenario(await scenario("mnq-scale-fifo"))).passed).toBe(true);
    expect((await runScenario(await scenario("mcl-fees"))).passed).toBe(true);
  });
});

describe("tapedeck scenario run", () => {
  const dir = mkdtempSync(join(tmpdir(), "tapedeck-scenario-run-"));
  const tape = join(repoRoot, "scenarios/tapes/nq-short.tape.jsonl");
  const steps = [
    { connect: "trading" },
    { authorize: "trading" },
    { request: { on: "trading", endpoint: "user/syncrequest", body: { users: [2330615] } } },
  ];
  const wrong = join(dir, "wrong.json");
  writeFileSync(
    wrong,
    JSON.stringify({
      name: "nq-wrong-sign",
      tapes: [tape],
      steps,
      expect: {
        mark: "bidask",
        positions: [{ symbol: "NQZ6", quantity: "0", realized: "205.00" }],
      },
    }),
  );

  test("passing scenarios: one line each and a summary, exit 0", async () => {
    const r = await cli("scenario", "run", join(repoRoot, "scenarios/nq-short-loss.json"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS nq-short-loss \(.*nq-short-loss\.json, [\d.]+ s\)\n/);
    expect(r.stdout).toContain("1 scenario: 1 passed, 0 failed");
  });

  test("a failing scenario prints its first difference and exits 1", async () => {
    const r = await cli("scenario", "run", wrong);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL nq-wrong-sign");
    expect(r.stdout).toContain("positions[0] NQZ6.realized: expected 205.00, got -205.00");
  });

  test("--reporter junit: one testcase per scenario, failures with their message", async () => {
    const r = await cli(
      "scenario",
      "run",
      "--reporter",
      "junit",
      join(repoRoot, "scenarios/nq-short-loss.json"),
      wrong,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuite name="tapedeck scenarios" tests="2" failures="1"/,
    );
    expect(r.stdout).toMatch(
      /<testcase classname="tapedeck.scenario" name="nq-short-loss" [^>]*\/>/,
    );
    expect(r.stdout).toContain(
      '<failure message="positions[0] NQZ6.realized: expected 205.00, got -205.00">',
    );
  });

  test("a bad scenario file exits 2 naming the file and the path", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ name: "b", tapes: [tape], steps, expect: { mark: "close" } }),
    );
    const r = await cli("scenario", "run", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `tapedeck: ${bad}: $.expect.mark: expected one of "bidask", "last", "mid", got "close"\n`,
    );
  });

  test("an order step naming an order no step placed exits 2 with one line", async () => {
    const bad = join(dir, "badorder.json");
    writeFileSync(
      bad,
      JSON.stringify({
        name: "o",
        tapes: [tape],
        steps: [...steps, { cancelOrder: { order: "entry" } }],
        expect: { mark: "bidask" },
      }),
    );
    const r = await cli("scenario", "run", bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `tapedeck: ${bad}: $.steps[3].cancelOrder.order: expected the name of an order an earlier step placed (none yet) or an order id, got "entry"\n`,
    );
  });

  test("a fault the replay server refuses exits 2 naming the file and $.replay", async () => {
    const bad = join(dir, "badfault.json");
    writeFileSync(
      bad,
      JSON.stringify({
        name: "f",
        tapes: [tape],
        replay: { faults: ["explode:p=1"] },
        steps,
        expect: { mark: "bidask" },
      }),
    );
    const r = await cli("scenario", "run", bad);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(`tapedeck: ${bad}: $.replay: --fault: `)).toBe(true);
  });

  test("an unknown reporter is a usage error", async () => {
    const r = await cli("scenario", "run", "--reporter", "tap", wrong);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reporter: expected text or junit, got "tap"');
  });

  test("shapesLike: a client that skipped the quotes differs from its baseline", async () => {
    const file = join(dir, "shapes.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "shapes",
        tapes: [tape],
        steps,
        expect: { mark: "bidask", shapesLike: tape },
      }),
    );
    const r = await runScenario(await loadScenario(file));
    expect(r.differences).toEqual([
      `shapesLike: expected the shapes of ${tape}, got - kind     md recv event:md:quotes`,
      `shapesLike: expected the shapes of ${tape}, got - kind     md recv open`,
      `shapesLike: expected the shapes of ${tape}, got - kind     md recv response:authorize`,
      `shapesLike: expected the shapes of ${tape}, got - kind     md recv response:md/subscribequote`,
    ]);
  });

  test("a step the server cannot satisfy is a difference naming the step", async () => {
    const file = join(dir, "stuck.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "stuck",
        tapes: [tape],
        steps: [...steps, { wait: { on: "trading", kind: "shutdown", count: 1 } }],
        expect: { mark: "bidask" },
      }),
    );
    const r = await runScenario(await loadScenario(file));
    expect(r.differences).toEqual(["steps[3]: gave up waiting for 1 shutdown on trading"]);
  });
});

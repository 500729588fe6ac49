import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { describe, expect } from "vitest";
import { formatCards, formatJson, formatJunit, passed } from "../../src/conform/report.js";
import type { ConformResult } from "../../src/conform/run.js";
import { STAGES, type Verdict, verdict } from "../../src/conform/verdict.js";

function result(verdicts: Verdict[]): ConformResult {
  return {
    stages: [...STAGES],
    verdicts,
    unanswered: [
      'md md/subscribehistogram: "tapedeck replay: md/subscribehistogram was not recorded"',
    ],
    unused: ["md/subscribedom ESZ6"],
    durationMs: 7400,
    runs: [
      {
        kind: "main",
        durationMs: 7400,
        client: { code: 0, signal: null, stopped: true, timedOut: false },
        events: [{ seq: 1, ms: 0, k: "open", conn: 1, role: "trading", url: "ws://x" }],
      },
    ],
  };
}

const SAMPLE = [
  verdict("login", "authorize", "pass", "2 socket(s) authorized first", [
    "conn 1 (trading): authorize #4 1 ms after o",
  ]),
  verdict("heartbeats", "interval", "fail", "no [] for more than 2.50 s", [
    "conn 1 (trading): longest gap 3.80 s",
  ]),
  verdict("orders", "automated", "not-exercised", "the client placed no order"),
  verdict("login", "rejected", "pass", "no tight loop", [], "rejected-token"),
];

describe("cards", () => {
  test("one card per stage with its verdicts, the tape's gaps and a total", () => {
    const text = formatCards(result(SAMPLE));
    expect(text).toContain("== login");
    expect(text).toContain("PASS login.authorize: 2 socket(s) authorized first");
    expect(text).toContain("PASS login.rejected (rejected-token run): no tight loop");
    expect(text).toMatch(/== heartbeats =+ FAIL/);
    expect(text).toContain("FAIL heartbeats.interval: no [] for more than 2.50 s");
    expect(text).toContain("conn 1 (trading): longest gap 3.80 s");
    expect(text).toContain("n/a  orders.automated");
    expect(text).toContain("The tape could not answer:");
    expect(text).toContain("The tape offered, the client never asked for:\n  md/subscribedom ESZ6");
    expect(text).toContain("run main: 7.40 s, 1 events; the client stopped by conform");
    expect(text).toContain("NOT conformant: 2 passed, 1 failed, 1 not exercised over 1 run(s)");
    expect(text).not.toContain("== sync");
  });

  test("passed() is false exactly when a verdict fails", () => {
    expect(passed(result(SAMPLE))).toBe(false);
    expect(passed(result(SAMPLE.filter((v) => v.status !== "fail")))).toBe(true);
  });
});

describe("json", () => {
  test("keeps verdicts and runs; events only when asked", () => {
    const plain = JSON.parse(formatJson(result(SAMPLE)));
    expect(plain.passed).toBe(false);
    expect(plain.verdicts).toHaveLength(4);
    expect(plain.runs[0].eventCount).toBe(1);
    expect(plain.runs[0].events).toBeUndefined();
    const full = JSON.parse(formatJson(result(SAMPLE), true));
    expect(full.runs[0].events[0].k).toBe("open");
  });
});

describe("junit", () => {
  test("a testsuite per stage, failures and skips counted", () => {
    const xml = formatJunit(result(SAMPLE));
    expect(xml).toContain(
      '<testsuites name="tapedeck conform" tests="4" failures="1" skipped="1" time="7.400">',
    );
    expect(xml).toContain('<testsuite name="login" tests="2" failures="0" skipped="0">');
    expect(xml).toContain('<failure message="no [] for more than 2.50 s">');
    expect(xml).toContain('<skipped message="the client placed no order"/>');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
  });

  test.prop([fc.string(), fc.array(fc.string(), { maxLength: 3 })], { numRuns: 200 })(
    "any summary or evidence text comes out escaped: no markup leaks from it",
    (summary, evidence) => {
      const xml = formatJunit(result([verdict("sync", "ids", "fail", summary, evidence)]));
      const failure = /<failure message="([^"]*)">([^<]*)<\/failure>/.exec(xml);
      expect(failure).not.toBeNull();
      const fromXml = (s: string) =>
        s
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, "&");
      const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "\uFFFD");
      expect(fromXml(failure![1]!)).toBe(clean(summary));
      expect(fromXml(failure![2]!)).toBe(clean([summary, ...evidence].join("\n")));
    },
  );
});

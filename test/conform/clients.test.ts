/**
 * The real thing: each small client in clients/ runs as its own process against the fake, and
 * conform must pass the well-behaved one and name exactly the check each flawed one fails.
 * Runs go in parallel; every verdict is decided on observed order and generous windows, so a
 * slow machine makes the runs longer, not different.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { formatJunit, runConformance } from "../../src/conform/index.js";
import { cli } from "../helpers/cli.js";

const TAPE = fileURLToPath(
  new URL("../../recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl", import.meta.url),
);
const client = (name: string) => fileURLToPath(new URL(`./clients/${name}.mjs`, import.meta.url));

/** Each flawed client and the checks it must fail (no more, no fewer). */
const FLAWED: Array<[string, string[]]> = [
  ["no-heartbeats", ["heartbeats.interval"]],
  // Without backoff it hammers after a drop and after a Maintenance shutdown alike.
  ["no-backoff", ["reconnect.backoff", "reconnect.maintenance"]],
  ["forgets-resubscribe", ["reconnect.restore"]],
  ["relogin", ["tokens.renew"]],
  ["ignores-p-time", ["ratelimit.ticket"]],
];

describe.concurrent("conform against the test clients", () => {
  test("the well-behaved client passes every stage it exercises (through the CLI)", {
    timeout: 45_000,
  }, async () => {
    const r = await cli(
      "conform",
      "--tape",
      TAPE,
      "--json",
      "--events",
      "--parallel",
      "--timeout",
      "25",
      "--",
      process.execPath,
      client("well-behaved"),
    );
    const out = JSON.parse(r.stdout) as {
      passed: boolean;
      verdicts: Array<{ check: string; status: string; evidence: string[] }>;
      runs: Array<{
        kind: string;
        events: Array<{ k: string; action?: string; conn?: number; role?: string; seq: number }>;
      }>;
    };
    const status = Object.fromEntries(out.verdicts.map((v) => [v.check, v.status]));
    expect(status).toEqual({
      "login.authorize": "pass",
      "heartbeats.interval": "pass",
      "heartbeats.flood": "pass",
      "sync.once": "pass",
      "sync.ids": "pass",
      "reconnect.backoff": "pass",
      "reconnect.restore": "pass",
      "tokens.renew": "pass",
      "ratelimit.ticket": "pass",
      "orders.automated": "not-exercised",
      "orders.retry": "not-exercised",
      "hygiene.close": "pass",
      "hygiene.subscriptions": "pass",
      "reconnect.maintenance": "pass",
      "login.rejected": "pass",
      "ratelimit.captcha": "pass",
    });
    expect(out.passed).toBe(true);
    // The demo tape also has a DOM and a chart the test client never asks for.
    expect((out as unknown as { unused: string[] }).unused).toEqual([
      "md/getchart ESZ6",
      "md/subscribedom ESZ6",
    ]);
    expect(r.code).toBe(0);
    // Heartbeats were judged across a burst: conform switched the session to full speed, and
    // the first md socket took the tape's stream (over a thousand frames) before conform
    // dropped it, while its heartbeats passed.
    const events = out.runs.find((run) => run.kind === "main")!.events;
    expect(events.some((e) => e.k === "steer" && e.action === "burst")).toBe(true);
    const md = events.find((e) => e.k === "open" && e.role === "md")!;
    const drop = events.find((e) => e.k === "steer" && e.action === "drop")!;
    const taken = events.filter((e) => e.k === "recv" && e.conn === md.conn && e.seq < drop.seq);
    expect(taken.length).toBeGreaterThan(1000);
  });

  for (const [name, failing] of FLAWED) {
    test(`${name}: fails exactly ${failing.join(", ")}`, { timeout: 45_000 }, async () => {
      const r = await runConformance({
        tape: TAPE,
        command: [process.execPath, client(name)],
        timeoutMs: 25_000,
        parallel: true,
      });
      const failed = r.verdicts.filter((v) => v.status === "fail");
      const why = failed.map((v) => `${v.check}: ${v.summary}\n  ${v.evidence.join("\n  ")}`);
      expect(failed.map((v) => v.check).sort(), why.join("\n")).toEqual(failing);
      expect(failed[0]!.evidence.length).toBeGreaterThan(0);
      expect(r.runs.map((run) => run.kind)).toEqual([
        "main",
        "maintenance",
        "rejected-token",
        "captcha",
      ]);
      expect(r.runs[0]!.client.stopped).toBe(true);
      if (name === "no-heartbeats") {
        const xml = formatJunit(r);
        expect(xml).toContain(
          '<testcase classname="conform.heartbeats" name="heartbeats.interval">',
        );
        expect(xml).toMatch(/failures="1"/);
      }
    });
  }
});

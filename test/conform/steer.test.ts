/**
 * The dedicated runs' deadlines, on a hand-moved clock: without its cue a run waits from the
 * client's first contact, so a client slow to start is not cut short.
 */
import { describe, expect, test } from "vitest";
import { createObservationLog } from "../../src/conform/observation.js";
import { DEFAULT_PLAN } from "../../src/conform/plan.js";
import { Steering } from "../../src/conform/steer.js";
import type { RunKind } from "../../src/conform/verdict.js";

function run(kind: RunKind) {
  let t = 0;
  const log = createObservationLog(() => t);
  const steer = new Steering(log, DEFAULT_PLAN, ["reconnect", "login", "ratelimit"], kind);
  return {
    steer,
    at: (ms: number) => {
      t = ms;
    },
    contact: () => steer.onEvent(log.add({ k: "open", conn: 1, role: "md", url: "/md" })),
  };
}

describe("dedicated runs wait from the client's first contact", () => {
  const waits: Array<[RunKind, number]> = [
    ["maintenance", DEFAULT_PLAN.maintenanceAtMs + 2 * DEFAULT_PLAN.watchMs],
    ["captcha", 2 * DEFAULT_PLAN.watchMs],
    ["rejected-token", 4 * DEFAULT_PLAN.watchMs],
  ];
  test.each(waits)("%s: not done before contact + %d ms, done after", (kind, wait) => {
    const r = run(kind);
    // A client that took 20 s to start: no deadline has run yet.
    r.at(20_000);
    expect(r.steer.done()).toBe(false);
    r.contact();
    r.at(20_000 + wait - 1);
    expect(r.steer.done()).toBe(false);
    r.at(20_000 + wait);
    expect(r.steer.done()).toBe(true);
    r.steer.stop();
  });
});

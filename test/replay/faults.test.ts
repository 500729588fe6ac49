import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { mixSeed, seededRandom } from "../../src/random.js";
import { createReplaySession } from "../../src/replay/engine.js";
import {
  FAULT_KINDS,
  type FaultSpec,
  type FiredFault,
  faultMark,
  parseFault,
} from "../../src/replay/faults.js";
import { SessionClock } from "../../src/replay/session-clock.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import { validateEvent } from "../../src/tape/validate.js";
import { EXPECTED } from "./fixture-tape.js";
import { demoIndex, testOutlet } from "./harness.js";

/** Subscribes to quotes at 1x under `faults` and runs 5 s of virtual time. */
async function run(faults: string[], seed = 1) {
  const index = await demoIndex();
  const timer = new VirtualTimer();
  const fired: FiredFault[] = [];
  const session = createReplaySession(index, new SessionClock(timer, 1), {
    faults: faults.map((f) => parseFault(f) as FaultSpec),
    faultSeed: seed,
    silentTimeoutMs: 0,
    onFault: (f) => fired.push(f),
  });
  const out = testOutlet(timer);
  const c = session.connect("md", out);
  c.receive("authorize\n0\n\nx", false);
  c.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}', false);
  timer.advance(5000);
  const quotes = out.frames.filter((f) => f.text.includes('"quotes"'));
  return { out, fired, quotes, timer };
}

describe("fault specs", () => {
  test("parse the documented forms", () => {
    expect(parseFault("disconnect:after=50,code=1006")).toEqual({
      kind: "disconnect",
      after: 50,
      code: 1006,
    });
    expect(parseFault("shutdown:at=3000,reason=Maintenance,role=md")).toEqual({
      kind: "shutdown",
      at: 3000,
      reason: "Maintenance",
      role: "md",
    });
    expect(parseFault("delay:p=0.1,ms=200")).toEqual({ kind: "delay", p: 0.1, ms: 200 });
    expect(parseFault("stall:at=10,ms=5")).toEqual({ kind: "stall", at: 10, ms: 5 });
  });

  test("refuse bad ones with a reason", () => {
    expect(parseFault("drop")).toBe('fault "drop": needs p=<probability>');
    expect(parseFault("drop:p=2")).toBe('fault "drop:p=2": p must be in (0, 1], got 2');
    expect(parseFault("disconnect:after=1,code=1005")).toMatch(/code must be/);
    expect(parseFault("delay:p=0.5")).toMatch(/needs ms=/);
    expect(parseFault("drop:p=0.1,role=moon")).toMatch(/unknown role/);
    expect(parseFault("drop:q=1")).toMatch(/unknown key "q"/);
  });

  test("parseFault never throws and returns a spec or a reason", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom(...FAULT_KINDS).chain((k) => fc.string().map((s) => `${k}:${s}`)),
        ),
        (text) => {
          const r = parseFault(text);
          if (typeof r !== "string") expect(FAULT_KINDS).toContain(r.kind);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("the PRNG is reproducible from its seed and uniform-ish in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = seededRandom(seed);
        const b = seededRandom(seed);
        for (let k = 0; k < 20; k++) {
          const x = a();
          expect(x).toBe(b());
          expect(x >= 0 && x < 1).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    expect(mixSeed(1, 1)).not.toBe(mixSeed(1, 2));
  });
});

describe("every fault type, on a virtual clock", () => {
  test("no faults: the baseline", async () => {
    const { quotes } = await run([]);
    expect(quotes.map((q) => q.text.slice(2, -1))).toEqual(EXPECTED.quotes);
  });

  test("disconnect after N frames with a close frame; 1006 without one", async () => {
    const a = await run(["disconnect:after=3,code=3000,reason=Go away!"]);
    expect(a.out.frames.map((f) => f.text).slice(-1)).toEqual(['c[3000,"Go away!"]']);
    expect(a.out.closedWith).toEqual({ code: 3000, reason: "Go away!" });
    expect(a.fired.map((f) => f.kind)).toEqual(["disconnect"]);
    const b = await run(["disconnect:after=3"]);
    expect(b.out.frames).toHaveLength(3);
    expect(b.out.closedWith?.code).toBe(1006);
  });

  test("disconnect at a time", async () => {
    const { out, quotes } = await run(["disconnect:at=60,code=4000"]);
    expect(out.closedWith?.code).toBe(4000);
    expect(out.frames.at(-1)?.at).toBe(60);
    expect(quotes).toHaveLength(0); // the first quote is due at 100 ms
  });

  test("shutdown event, then close when a code is given", async () => {
    const { out, fired } = await run(["shutdown:at=200,reason=ConnectionQuotaReached,code=1000"]);
    const shut = out.frames.find((f) => f.text.includes('"shutdown"'));
    expect(shut?.at).toBe(200);
    expect(JSON.parse(shut!.text.slice(1))[0]).toEqual({
      e: "shutdown",
      d: { reasonCode: "ConnectionQuotaReached", reason: "tapedeck fault" },
    });
    expect(out.closedWith?.code).toBe(1000);
    expect(fired[0]?.kind).toBe("shutdown");
  });

  test("drop, duplicate, corrupt at p=1", async () => {
    expect((await run(["drop:p=1"])).quotes).toHaveLength(0);
    const dup = await run(["duplicate:p=1"]);
    expect(dup.quotes.map((q) => q.text.slice(2, -1))).toEqual(
      EXPECTED.quotes.flatMap((q) => [q, q]),
    );
    const bad = await run(["corrupt:p=1"]);
    const data = bad.out.frames.filter((f) => f.at >= 100 && f.text !== "h");
    expect(data).toHaveLength(EXPECTED.quotes.length);
    for (const f of data) expect(f.text.endsWith("\u0000")).toBe(true);
  });

  test("reorder swaps a frame with the next one", async () => {
    const { quotes, fired } = await run(["reorder:p=1"]);
    const texts = quotes.map((q) => q.text.slice(2, -1));
    const [q0, q1, q2, q3] = EXPECTED.quotes;
    expect(texts).toEqual([q1, q0, q3, q2]);
    expect(fired.filter((f) => f.kind === "reorder")).toHaveLength(2);
  });

  test("delay shifts frames by its ms", async () => {
    const base = await run([]);
    const late = await run(["delay:p=1,ms=250"]);
    expect(late.quotes.map((q) => q.at)).toEqual(base.quotes.map((q) => q.at + 250));
  });

  test("stall holds everything (heartbeats too), then releases it in order", async () => {
    const { out, quotes } = await run(["stall:at=50,ms=3000"]);
    expect(out.frames.filter((f) => f.at > 50 && f.at < 3050)).toEqual([]);
    expect(quotes.map((q) => q.text.slice(2, -1))).toEqual(EXPECTED.quotes);
    expect(quotes[0]!.at).toBe(3050);
  });

  test("probabilistic faults are reproducible from the seed, and the seed matters", async () => {
    const plan = ["drop:p=0.5", "duplicate:p=0.3"];
    const a = await run(plan, 7);
    const b = await run(plan, 7);
    expect(b.out.frames).toEqual(a.out.frames);
    expect(b.fired).toEqual(a.fired);
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 8; seed++)
      outcomes.add(JSON.stringify((await run(plan, seed)).quotes.map((q) => q.text)));
    expect(outcomes.size).toBeGreaterThan(1);
  });

  test("a fired fault becomes a valid tape mark", async () => {
    const { fired } = await run(["drop:p=1"]);
    const mark = faultMark(fired[0]!);
    expect(validateEvent({ ...mark, seq: 1, t: 0 }).ok).toBe(true);
    expect(mark).toEqual({
      k: "mark",
      label: "fault:drop",
      data: { conn: fired[0]!.conn, role: "md", detail: expect.stringMatching(/^dropped /) },
    });
  });

  test("a role filter spares the other roles", async () => {
    const { quotes } = await run(["drop:p=1,role=trading"]);
    expect(quotes).toHaveLength(EXPECTED.quotes.length);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { TmSocketProtocol } from "../../src/protocols/trademanager/fake/socket.js";
import { TradovateSocketProtocol } from "../../src/protocols/tradovate/fake/socket.js";
import { parseServerMessage, type ServerMessage } from "../../src/protocols/tradovate/index.js";
import { createReplaySession } from "../../src/replay/engine.js";
import { framesOf } from "../../src/replay/frame-list.js";
import { parseSpeed, SessionClock } from "../../src/replay/session-clock.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import { serializeEvent, serializeHeader } from "../../src/tape/line.js";
import { repoRoot } from "../helpers/cli.js";
import { demoTape } from "./fixture-tape.js";
import { demoIndex, testOutlet } from "./harness.js";

/** Client frames: random text, plus near-misses of real requests. */
const clientText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom(
        "authorize",
        "md/subscribeQuote",
        "user/syncrequest",
        "replay/changespeed",
        "nope/x",
        "",
      ),
      fc.oneof(fc.nat({ max: 99 }).map(String), fc.string({ maxLength: 4 })),
      fc.constantFrom("", "undefined", "name=ESZ5"),
      fc.oneof(fc.json(), fc.string({ maxLength: 20 }), fc.constant('"tok"')),
    )
    .map((parts) => parts.join("\n")),
);

describe("fake protocols are total", () => {
  test("Tradovate: any frame sequence gets only well-formed responses, never a throw", () => {
    fc.assert(
      fc.property(fc.array(clientText, { maxLength: 12 }), (frames) => {
        const replies: ServerMessage[] = [];
        const p = new TradovateSocketProtocol({
          reply: (m) => replies.push(m),
          authorize: () => true,
          request: () => {},
          ignored: () => {},
        });
        let authorizedSeen = 0;
        for (const f of frames) {
          p.receive(f);
        }
        for (const r of replies) {
          expect(r.type).toBe("response");
          expect(parseServerMessage(JSON.parse(JSON.stringify(r.raw))).type).toBe("response");
          if (r.type === "response" && r.s === 200) authorizedSeen++;
        }
        expect(authorizedSeen).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  test("Trade Manager: any frame sequence gets JSON objects back, never a throw", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.json().map((j) => j),
            fc.constant('{"type":"AUTH","user":"u","token":"t"}'),
          ),
          { maxLength: 10 },
        ),
        (frames) => {
          const sent: string[] = [];
          const p = new TmSocketProtocol({
            send: (t) => sent.push(t),
            close: () => {},
            login: () => undefined,
            loggedIn: () => {},
            acknowledge: () => false,
            rejected: () => {},
          });
          for (const f of frames) p.receive(f);
          for (const t of sent) expect(typeof JSON.parse(t)).toBe("object");
        },
      ),
      { numRuns: 400 },
    );
  });

  test("an engine connection survives any bytes, text or binary", async () => {
    const index = await demoIndex();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.boolean()), { maxLength: 8 }),
        async (frames) => {
          const timer = new VirtualTimer();
          const s = createReplaySession(index, new SessionClock(timer, "max"), {
            silentTimeoutMs: 0,
          });
          const out = testOutlet(timer);
          const c = s.connect("md", out);
          c.receive("authorize\n0\n\nt", false);
          for (const [bytes, bin] of frames) c.receive(bytes, bin);
          timer.runUntilIdle(1000, 10_000);
          // The first frame that is binary (1003) or not UTF-8 (1007) closes; the rest are answered.
          const utf8 = new TextDecoder("utf-8", { fatal: true });
          const firstBad = frames.find(([bytes, bin]) => {
            if (bin) return true;
            try {
              utf8.decode(bytes);
              return false;
            } catch {
              return true;
            }
          });
          expect(out.closedWith?.code).toBe(
            firstBad === undefined ? undefined : firstBad[1] ? 1003 : 1007,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("timing", () => {
  test("at any speed, a stream's frames go out at response time + recorded offset / speed", async () => {
    const index = await demoIndex();
    const ex = index.tradovate
      .find((c) => c.role === "md")!
      .exchanges.find((e) => e.endpointKey === "md/subscribequote")!;
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.25, max: 100, noNaN: true }),
        fc.nat({ max: 5000 }),
        async (speed, delay) => {
          const timer = new VirtualTimer();
          const s = createReplaySession(index, new SessionClock(timer, speed), {
            silentTimeoutMs: 0,
          });
          const out = testOutlet(timer);
          const c = s.connect("md", out);
          c.receive("authorize\n0\n\nt", false);
          timer.advance(delay);
          c.receive('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}', false);
          const at = timer.now();
          timer.runUntilIdle(100, at + 10_000);
          const got = out.frames.filter((f) => f.text.includes('"quotes"')).map((f) => f.at - at);
          const want = [...framesOf(ex.followers)].map((f) => (f.t - ex.responseT) / 1000 / speed);
          expect(got).toHaveLength(want.length);
          for (const [k, g] of got.entries()) expect(Math.abs(g - want[k]!)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("the session clock never goes back without a seek", () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant("advance" as const), ms: fc.nat({ max: 5000 }) }),
      fc.record({
        k: fc.constant("speed" as const),
        s: fc.oneof(fc.constant("max" as const), fc.double({ min: 0.25, max: 100, noNaN: true })),
      }),
      fc.record({ k: fc.constantFrom("pause" as const, "resume" as const) }),
      fc.record({ k: fc.constant("jump" as const), us: fc.nat({ max: 10_000_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const timer = new VirtualTimer();
        const clock = new SessionClock(timer, 1);
        clock.anchor(1000);
        let last = clock.now();
        for (const o of ops) {
          if (o.k === "advance") timer.advance(o.ms);
          else if (o.k === "speed") clock.setSpeed(o.s);
          else if (o.k === "jump") clock.advanceTo(o.us);
          else if (o.k === "pause") clock.pause();
          else clock.resume();
          expect(clock.now()).toBeGreaterThanOrEqual(last);
          last = clock.now();
        }
      }),
      { numRuns: 300 },
    );
  });

  test("parseSpeed accepts exactly max and 0.25..100", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double().map(String)), (text) => {
        const s = parseSpeed(text);
        if (s !== undefined && s !== "max") expect(s >= 0.25 && s <= 100).toBe(true);
      }),
    );
    expect(parseSpeed("max")).toBe("max");
    expect(parseSpeed("0.25")).toBe(0.25);
    expect(parseSpeed("0.2")).toBeUndefined();
    expect(parseSpeed("")).toBeUndefined();
  });
});

test("the committed fixture tape is the builder's output", () => {
  const { header, events } = demoTape();
  const expected = `${[serializeHeader(header), ...events.map(serializeEvent)].join("\n")}\n`;
  expect(readFileSync(join(repoRoot, "test/fixtures/replay/demo.tape.jsonl"), "utf8")).toBe(
    expected,
  );
});

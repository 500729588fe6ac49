/**
 * Fuzzing the replay server: generated client frames (random text, invalid UTF-8, binary, huge,
 * truncated requests, wrong ids, bad JSON, unknown endpoints, heartbeat floods, raw TCP garbage)
 * over many connections for a bounded time, while a well-behaved client replays the demo tape
 * again and again. Every answer must be a well-formed protocol frame, every close a clean one,
 * every surviving connection must still answer, and every demo replay must be complete and in
 * order. The frame count is printed (the issue asks 100,000; as many as fit in FUZZ_MS are sent).
 */
import { type Socket, connect as tcpConnect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseTmFrame } from "../../src/protocols/trademanager/messages.js";
import { parseServerFrame } from "../../src/protocols/tradovate/frames.js";
import { type ReplayServer, startReplayServer } from "../../src/replay/server.js";
import { connect, type TestClient } from "../replay/ws-client.js";
import { DEMO_TAPE, demoMdMessages, replayDemo } from "./demo-client.js";

/** Time spent generating and sending; a bound on the test, not a measurement. */
const FUZZ_MS = 8_000;
const TARGET_FRAMES = 100_000;
const MAX_PAYLOAD = 16 * 1024;
/** Fixed so a run is repeatable; FUZZ_SEED=<n> explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Close codes that are a clean, deliberate close by the server (or ws for a protocol error). */
const CLEAN_CLOSES = [1000, 1002, 1003, 1007, 1008, 1009];

const word = fc.string({ unit: "grapheme-ascii", maxLength: 12 });
const anyText = fc.string({ unit: "binary", maxLength: 200 });
const id = fc.oneof(
  fc.integer({ min: -5, max: 2 ** 53 }).map(String),
  fc.constantFrom("", "abc", "1e30", "99999999999999999999", "-0", "0x10", " 7", "NaN"),
);
const body = fc.oneof(fc.json({ maxDepth: 3 }), anyText, fc.constantFrom("{", '{"symbol":', "[1,"));
const endpoint = fc.oneof(
  fc.constantFrom(
    "md/subscribeQuote",
    "md/subscribeDOM",
    "md/getChart",
    "md/unsubscribeQuote",
    "md/cancelChart",
    "user/syncrequest",
    "authorize",
    "replay/initializeclock",
    "replay/changespeed",
    "order/placeorder",
  ),
  word.map((w) => `nosuch/${w}`),
  word,
);
const request = fc
  .tuple(endpoint, id, fc.constantFrom("", "a=1", "x"), body)
  .map(([e, i, q, b]) => `${e}\n${i}\n${q}\n${b}`);
/** A text frame for a Tradovate socket that is authorized: none of these may kill it. */
const tradovateText = fc.oneof(
  request,
  request.chain((r) => fc.nat(r.length).map((n) => r.slice(0, n))), // truncated
  fc.constant("[]"), // the client heartbeat
  fc.constant("[]"),
  anyText,
);
/**
 * A text frame for an authorized Trade Manager socket. No AUTH: a second login is the protocol's
 * business (it may end the connection), not a malformed frame.
 */
const tmText = fc.oneof(
  anyText,
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      type: fc.constantFrom("PING", "CLOSE_TRADE", "MANUALTRADE", "NOPE", "auth", ""),
      user: word,
      token: word,
    })
    .map((o) => JSON.stringify(o)),
);
/** What a killer connection sends once: each must end in a clean close. */
const fatal = fc.oneof(
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((b) => ({ data: Buffer.from(b), binary: true })),
  fc
    .uint8Array({ maxLength: 64 })
    .map((b) => ({ data: Buffer.concat([Buffer.from(b), Buffer.from([0xff])]), binary: false })),
  fc.nat(1000).map((n) => ({ data: "x".repeat(MAX_PAYLOAD + 1 + n), binary: false })),
);

const CLOSE_TRADE = JSON.stringify({
  type: "CLOSE_TRADE",
  strat_name: "x",
  ticker: "y",
  timeframe: "1",
  token: "t",
  user: "u",
});

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({ tapes: [DEMO_TAPE], speed: "max", maxPayload: MAX_PAYLOAD });
});
afterAll(async () => {
  await server?.close();
});

/** Sends `frames` on `c`, yielding to the event loop whenever 1 MiB is queued. */
async function sendAll(c: TestClient, frames: readonly (string | Buffer)[]): Promise<void> {
  for (const f of frames) {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(f);
    while (c.ws.bufferedAmount > 1024 * 1024) await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setImmediate(r));
}

/** A Tradovate frame the codec recognises (an answer, a heartbeat, a close). */
function isTradovateFrame(f: string): boolean {
  return parseServerFrame(f).kind !== "unrecognised";
}

describe("fuzzing the replay server", () => {
  test(`answers or cleanly closes every generated frame while a demo replay stays intact (seed ${SEED})`, async () => {
    const rssBefore = process.memoryUsage().rss;
    const urls = [server.urls.md, server.urls.trading, server.urls.replay];
    const noisy: TestClient[] = [];
    for (let k = 0; k < 12; k++) {
      const c = await connect(urls[k % urls.length] as string);
      c.send(`authorize\n0\n\nfuzz-${k}`);
      noisy.push(c);
    }
    const tm: TestClient[] = [];
    for (let k = 0; k < 2; k++) {
      const c = await connect(server.urls.trademanager);
      c.send(JSON.stringify({ type: "AUTH", user: `fuzz${k}`, token: "t" }));
      await c.until((f) => f.length >= 1);
      tm.push(c);
    }

    // The well-behaved client replays the whole demo, over and over, while the fuzz runs.
    const expected = demoMdMessages();
    let fuzzing = true;
    let replays = 0;
    const good = (async () => {
      while (fuzzing) {
        const got = await replayDemo(server.urls.md, `good-${replays}`);
        expect(got.md).toEqual(expected);
        replays += 1;
      }
    })();
    // Awaited below; this only keeps an early failure from being reported as unhandled.
    good.catch(() => {});

    let sent = 0;
    let round = 0;
    const killerCloses: Array<Promise<{ code: number }>> = [];
    const unauthTm: TestClient[] = [];
    const raw: Socket[] = [];
    const start = performance.now();
    while (performance.now() - start < FUZZ_MS && sent < TARGET_FRAMES) {
      const seed = SEED + round++;
      const batch = fc.sample(tradovateText, { seed, numRuns: 400 });
      await Promise.all(
        noisy.map((c, k) => sendAll(c, k % 2 === 0 ? batch : batch.slice().reverse())),
      );
      sent += batch.length * noisy.length;
      const tmBatch = fc.sample(tmText, { seed, numRuns: 100 });
      await Promise.all(tm.map((c) => sendAll(c, tmBatch)));
      sent += tmBatch.length * tm.length;
      // Fresh connections that send one fatal frame each, and an unauthorized TM client.
      const killers = fc.sample(fatal, { seed, numRuns: 3 }).map(async (f, j) => {
        const c = await connect(urls[(round + j) % urls.length] as string);
        c.ws.send(f.data, { binary: f.binary });
        return { closed: c.closed };
      });
      killerCloses.push(...(await Promise.all(killers)).map((k) => k.closed));
      const u = await connect(server.urls.trademanager);
      u.send(fc.sample(anyText, { seed, numRuns: 1 })[0] ?? "");
      u.send(CLOSE_TRADE); // a real message before AUTH: refused and closed
      unauthTm.push(u);
      killerCloses.push(u.closed);
      sent += 5;
      // Raw bytes straight at the HTTP port (checked below: the server still serves).
      const garbage = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 300 }), {
        seed,
        numRuns: 1,
      });
      const sock = tcpConnect(Number(new URL(server.urls.http).port), "127.0.0.1", () =>
        sock.write(Buffer.from(garbage[0] ?? [1])),
      );
      sock.on("error", () => {});
      raw.push(sock);
      sent += 1;
    }
    fuzzing = false;
    await good;
    console.log(
      `fuzz: ${sent} frames over ${noisy.length + tm.length} long-lived and ${killerCloses.length} short-lived connections in ${Math.round(performance.now() - start)} ms; ${replays} complete demo replays (seed ${SEED})`,
    );
    expect(replays).toBeGreaterThanOrEqual(1);

    for (const { code } of await Promise.all(killerCloses)) expect(CLEAN_CLOSES).toContain(code);
    for (const u of unauthTm) {
      // Anything before AUTH: one ERROR (a non-message frame) or "Unauthorized access", closed.
      expect(u.frames.length).toBeGreaterThanOrEqual(1);
      for (const f of u.frames) expect(JSON.parse(f)).toMatchObject({ type: "ERROR" });
      expect(JSON.parse(u.frames.at(-1) as string)).toEqual({
        type: "ERROR",
        data: "Unauthorized access",
      });
    }

    // Every long-lived connection is still served: a probe with a fresh id gets its answer.
    for (const [k, c] of noisy.entries()) {
      if (c.ws.readyState !== c.ws.OPEN) {
        const { code, reason } = await c.closed;
        throw new Error(
          `noisy #${k} closed: ${code} ${reason}; last frames ${JSON.stringify(c.frames.slice(-3))}`,
        );
      }
      const probe = 900_000_000 + k;
      c.send(`nosuch/endpoint\n${probe}\n\n{}`);
      await c.until((f) => f.some((x) => x.includes(`"i":${probe}`)), 20_000);
      const bad = c.frames.filter((f) => !isTradovateFrame(f));
      expect(bad.slice(0, 3)).toEqual([]);
    }
    for (const c of tm) {
      if (c.ws.readyState !== c.ws.OPEN) {
        const { code, reason } = await c.closed;
        throw new Error(
          `tm closed: ${code} ${reason}; last frames ${JSON.stringify(c.frames.slice(-3))}`,
        );
      }
      for (const f of c.frames) expect(parseTmFrame(f).kind).not.toBe("unrecognised");
    }
    for (const c of [...noisy, ...tm]) c.close();
    for (const sock of raw) sock.destroy();

    const grownMb = (process.memoryUsage().rss - rssBefore) / (1024 * 1024);
    console.log(`fuzz: rss grew ${grownMb.toFixed(0)} MB`);
    // Bounded: a leak of even a few hundred bytes per frame would be far past this.
    expect(grownMb).toBeLessThan(400);
  }, 60_000);
});

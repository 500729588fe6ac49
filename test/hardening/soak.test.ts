/**
 * Soak: many concurrent clients on one replay server, each in its own session (its own token),
 * each replaying the demo tape at max speed. Every client must get the complete md stream in
 * recorded order and only answers to its own request ids (a frame from another session would
 * show up as an extra md message or a foreign id); the server's RSS growth stays bounded.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ReplayServer, startReplayServer } from "../../src/replay/server.js";
import { DEMO_TAPE, demoMdMessages, replayDemo } from "./demo-client.js";

/** The issue asks 200; they fit in a few seconds here. */
const CLIENTS = 200;

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({ tapes: [DEMO_TAPE], speed: "max" });
});
afterAll(async () => {
  await server?.close();
});

describe("soak", () => {
  test(`${CLIENTS} concurrent clients each get their own complete tape`, async () => {
    const expected = demoMdMessages();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 50);
    const start = performance.now();
    try {
      // Client k uses request ids 1000k+1..3 (authorize is id 0 for everyone).
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, k) =>
          replayDemo(server.urls.md, `soak-${k}`, 1000 * k, 60_000),
        ),
      );
      results.forEach((r, k) => {
        expect(r.md.length, `client ${k}`).toBe(expected.length);
        expect(r.md, `client ${k}`).toEqual(expected);
        expect(
          [...r.ids].sort((a, b) => a - b),
          `client ${k}`,
        ).toEqual([0, 1000 * k + 1, 1000 * k + 2, 1000 * k + 3]);
      });
    } finally {
      clearInterval(sampler);
    }
    const grownMb = (rssPeak - rssBefore) / (1024 * 1024);
    console.log(
      `soak: ${CLIENTS} clients x ${expected.length} md messages in ${Math.round(performance.now() - start)} ms; peak rss +${grownMb.toFixed(0)} MB`,
    );
    // Bounded: each session buffers at most its backpressure bound, not its whole tape.
    expect(grownMb).toBeLessThan(600);
  }, 90_000);
});

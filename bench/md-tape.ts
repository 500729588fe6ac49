/**
 * Synthesized Tradovate market-data tapes for the benchmarks: one md socket that authorizes,
 * subscribes to ESZ5 quotes and then receives quote frames at the offsets a caller chooses.
 */
import { writeFileSync } from "node:fs";
import type { EventInput } from "../src/tape/events.js";
import { serializeEvent, serializeHeader } from "../src/tape/line.js";

/** The contract id the quotes carry. */
export const ES_ID = 3001;
/** The request the client sends to start the quote stream. */
export const SUBSCRIBE = 'md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}';

/** The quote message number `n` (distinct per n, so a receiver can check order). */
export function quoteMessage(n: number): string {
  const bid = 6000 + (n % 400) * 0.25;
  return JSON.stringify({
    e: "md",
    d: {
      quotes: [
        {
          timestamp: new Date(Date.UTC(2026, 10, 25, 14, 0, 0) + n).toISOString(),
          contractId: ES_ID,
          entries: { Bid: { price: bid, size: n % 50 }, Offer: { price: bid + 0.25, size: 9 } },
        },
      ],
    },
  });
}

/**
 * Writes a tape whose quote number i (0-based) was received at `offsetsMicros[i]` after the
 * subscribe answer; returns the tape's quote message texts in order.
 */
export function writeMdTape(path: string, offsetsMicros: readonly number[]): string[] {
  const base = 1_000_000;
  const events: EventInput[] = [
    {
      t: 0,
      k: "open",
      c: 1,
      url: "wss://md.tradovateapi.com/v1/websocket",
      proto: "tradovate",
      role: "md",
    },
    { t: 1000, k: "send", c: 1, text: "authorize\n0\n\nrecorded-token" },
    { t: 2000, k: "recv", c: 1, text: 'a[{"s":200,"i":0}]' },
    { t: base - 1000, k: "send", c: 1, text: SUBSCRIBE },
    { t: base, k: "recv", c: 1, text: 'a[{"s":200,"i":1,"d":{}}]' },
  ];
  const texts: string[] = [];
  offsetsMicros.forEach((off, i) => {
    const text = quoteMessage(i);
    texts.push(text);
    events.push({ t: base + 1 + off, k: "recv", c: 1, text: `a[${text}]` });
  });
  const lines = [
    serializeHeader({
      tape: 1,
      id: "bench",
      started: "2026-11-25T14:00:00.000000Z",
      tool: "bench",
    }),
    ...events.map((e, i) => serializeEvent({ ...e, seq: i + 1, t: e.t ?? 0 } as never)),
  ];
  writeFileSync(path, `${lines.join("\n")}\n`);
  return texts;
}

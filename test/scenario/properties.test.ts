/**
 * Issue 7 §4, sized small. (1) Generated sessions of valid Tradovate and Trade Manager traffic,
 * replayed at max speed over real loopback sockets to the scenario client, arrive complete and in
 * order on every socket. (2) Generated variants of the same messages (several per `a[...]`
 * frame, key order, entity arrays, numeric strings and partial quote updates) leave the ledger's
 * results unchanged. fast-check shrinks a failure to the smallest fill sequence and prints the
 * seed to reproduce it.
 */

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { analyzeEvents, type PnlTapeReport } from "../../src/pnl/from-tape/index.js";
import { startReplayServer } from "../../src/replay/server.js";
import { loadTapeIndex } from "../../src/replay/tape-index.js";
import { VirtualTimer } from "../../src/replay/timer.js";
import { ScenarioClient } from "../../src/scenario/client.js";
import type { TapeEvent } from "../../src/tape/events.js";
import { ES, NQ } from "./shipped-tapes.js";
import { recorderLine, TapeBuilder } from "./tape-builder.js";

type Item =
  | { kind: "fill"; es: boolean; buy: boolean; qty: number; ticks: number }
  | { kind: "quote"; es: boolean; ticks: number }
  | { kind: "tm"; buy: boolean; qty: number; ticks: number }
  | { kind: "tmquote"; ticks: number };

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.record({
    kind: fc.constant("fill" as const),
    es: fc.boolean(),
    buy: fc.boolean(),
    qty: fc.integer({ min: 1, max: 3 }),
    ticks: fc.integer({ min: -40, max: 40 }),
  }),
  fc.record({
    kind: fc.constant("quote" as const),
    es: fc.boolean(),
    ticks: fc.integer({ min: -40, max: 40 }),
  }),
  fc.record({ kind: fc.constant("tmquote" as const), ticks: fc.integer({ min: -40, max: 40 }) }),
  fc.record({
    kind: fc.constant("tm" as const),
    buy: fc.boolean(),
    qty: fc.integer({ min: 1, max: 3 }),
    ticks: fc.integer({ min: -40, max: 40 }),
  }),
);

const base = (es: boolean) => (es ? 6700 : 21000);

/** A session: trading, md and Trade Manager sockets, the items in order a few ms apart. */
function session(items: readonly Item[]): TapeBuilder {
  const b = new TapeBuilder("prop", "2026-11-20T14:30:00.000000Z", "prop");
  b.at(100);
  const trading = b.trading([ES, NQ]);
  const md = b.md([ES, NQ]);
  const tm = b.trademanager();
  let id = 1;
  let tmOpen = false;
  for (const [k, it] of items.entries()) {
    b.at(1000 + k * 7);
    if (it.kind === "fill") {
      const k2 = it.es ? ES : NQ;
      b.fill(trading, {
        id: id++,
        contractId: k2.id,
        action: it.buy ? "Buy" : "Sell",
        qty: it.qty,
        price: base(it.es) + it.ticks * 0.25,
      });
    } else if (it.kind === "quote") {
      const p = base(it.es) + it.ticks * 0.25;
      b.quote(md, { contractId: (it.es ? ES : NQ).id, bid: p, ask: p + 0.5, last: p + 0.25 });
    } else if (it.kind === "tmquote") {
      const p = 21000 + it.ticks * 0.25;
      b.tm(tm, "DATA", {
        ticker: "NQ1!",
        prices: { bid: p, ask: p + 0.25 },
        tickinfo: { step: 0.25, amnt: 5 },
      });
    } else {
      const price = (21000 + it.ticks * 0.25).toFixed(2);
      const verb = tmOpen ? "CLOSE" : "OPEN";
      tmOpen = !tmOpen;
      b.tm(
        tm,
        "LOGS",
        recorderLine(verb, "PROP", "NQ1!", "5", it.qty, it.buy ? "BUY" : "SELL", price),
      );
    }
  }
  return b;
}

const dir = mkdtempSync(join(tmpdir(), "tapedeck-prop-"));

/**
 * Received texts by stream, heartbeats left out: responses of a role as a sorted list (a client
 * that waits for each answer interleaves them with streams differently than the recorded one),
 * every stream (md per contract, trading props, Trade Manager) in the order received.
 */
function byStream(events: readonly TapeEvent[]): Record<string, string[]> {
  const roles = new Map<number, string>();
  const out: Record<string, string[]> = {};
  for (const e of events) {
    if (e.k === "open") roles.set(e.c, e.role ?? "?");
    if (e.k !== "recv" || e.text === undefined || e.text === "h") continue;
    const role = roles.get(e.c) ?? "?";
    const contract = /"contractId":(\d+)/.exec(e.text)?.[1];
    const key = /^a\[\{"s":/.test(e.text)
      ? `${role} responses`
      : role === "md"
        ? `md ${contract}`
        : role;
    const list = out[key] ?? [];
    out[key] = list;
    list.push(e.text);
  }
  for (const [k, list] of Object.entries(out)) if (k.endsWith("responses")) list.sort();
  return out;
}

describe("generated sessions over a real socket at max speed", () => {
  test("arrive complete and in order on every socket", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 40 }), async (items) => {
        const b = session(items);
        const path = join(dir, `s${n++}.tape.jsonl`);
        writeFileSync(path, b.text());
        const timer = new VirtualTimer();
        const server = await startReplayServer({
          tapes: [await loadTapeIndex(path)],
          speed: "max",
          timer,
          silentTimeoutMs: 0,
        });
        const client = new ScenarioClient(server, timer, "prop");
        try {
          await client.connect("trading", "trading");
          await client.authorize("trading", "t", "u");
          await client.request("trading", "user/syncrequest", "", { users: [2330615] });
          await client.connect("md", "md");
          await client.authorize("md", "t", "u");
          await client.request("md", "md/subscribeQuote", "", { symbol: "ESZ6" });
          await client.request("md", "md/subscribeQuote", "", { symbol: "NQZ6" });
          await client.connect("trademanager", "trademanager");
          await client.authorize("trademanager", "t", "tape_reader");
          await client.idle();
        } finally {
          await client.shutdown();
          await server.close();
        }
        // What the tape's server sent on each socket is exactly what the client received.
        expect(byStream(client.events)).toEqual(byStream(b.parts().events));
      }),
      { numRuns: 25 },
    );
  });
});

/** Rewrites one trading/md frame into an equivalent variant. */
type Variant = (text: string) => string[];

function messagesOf(text: string): unknown[] | undefined {
  if (!text.startsWith("a[")) return undefined;
  return JSON.parse(text.slice(1)) as unknown[];
}

/** Object keys in reverse order, at every depth. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, reverseKeys(x)]),
  );
}

const VARIANTS: Record<string, Variant> = {
  keyOrder: (t) => {
    if (t.startsWith("{")) return [JSON.stringify(reverseKeys(JSON.parse(t)))];
    const m = messagesOf(t);
    return [m ? `a${JSON.stringify(reverseKeys(m))}` : t];
  },
  entityArray: (t) => {
    const m = messagesOf(t) as
      | Array<{ e?: string; d?: { entity?: unknown; entities?: unknown } }>
      | undefined;
    if (!m) return [t];
    for (const msg of m) {
      if (msg.e === "props" && msg.d?.entity !== undefined) msg.d.entity = [msg.d.entity];
    }
    return [`a${JSON.stringify(m)}`];
  },
  // Trade Manager sends DATA prices as numbers or decimal strings; Tradovate only numbers.
  numericStrings: (t) => {
    if (!t.startsWith('{"type":"DATA"')) return [t];
    const m = JSON.parse(t) as { data: { prices: Record<string, unknown> } };
    for (const [k, v] of Object.entries(m.data.prices)) m.data.prices[k] = String(v);
    return [JSON.stringify(m)];
  },
  partialQuotes: (t) => {
    const m = messagesOf(t) as
      | Array<{ e?: string; d?: { quotes?: Array<{ entries: Record<string, unknown> }> } }>
      | undefined;
    const q = m?.[0]?.d?.quotes?.[0];
    if (m?.length !== 1 || m[0]?.e !== "md" || !q) return [t];
    // One update per entry: the ledger must merge them into the same quote.
    return Object.entries(q.entries).map(
      ([k, v]) =>
        `a${JSON.stringify([{ ...m[0], d: { quotes: [{ ...q, entries: { [k]: v } }] } }])}`,
    );
  },
};

/** The frames of `events` rewritten by `variant`; several messages of a socket in a row may be batched. */
function rewrite(events: readonly TapeEvent[], variant: Variant, batch: boolean): TapeEvent[] {
  const out: TapeEvent[] = [];
  for (const e of events) {
    if (e.k !== "recv" || e.text === undefined) {
      out.push(e);
      continue;
    }
    for (const text of variant(e.text)) {
      const prev = out.at(-1);
      const isEvent = !/^a\[\{"s":/.test(text) && !/"s":\d+,"i"/.test(text);
      if (
        batch &&
        isEvent &&
        prev?.k === "recv" &&
        prev.c === e.c &&
        prev.text?.startsWith('a[{"e"')
      ) {
        // The wrapper: one a[...] frame carrying several messages.
        const merged = [...(messagesOf(prev.text) ?? []), ...(messagesOf(text) ?? [])];
        out[out.length - 1] = { ...prev, text: `a${JSON.stringify(merged)}` };
      } else out.push({ k: "recv", c: e.c, seq: e.seq, t: e.t, text });
    }
  }
  return out.map((e, k) => ({ ...e, seq: k + 1 }));
}

function figures(r: PnlTapeReport): string[] {
  return [...r.accounts, ...r.records].map(
    (row) =>
      `${row.keyId} ${row.quantity} ${row.realized} ${row.unrealized} ${row.fees} ${row.fills}`,
  );
}

describe("message variants keep the ledger's results", () => {
  test("wrappers, key order, entity arrays, numeric strings, partial quotes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...Object.keys(VARIANTS)),
        fc.boolean(),
        async (items, name, batch) => {
          const { header, events } = session(items).parts();
          const plain = await analyzeEvents(header, events, { mark: "bidask" });
          const varied = await analyzeEvents(header, rewrite(events, VARIANTS[name]!, batch), {
            mark: "bidask",
          });
          expect(figures(varied)).toEqual(figures(plain));
          expect(varied.stats.unrecognisedFrames).toEqual(plain.stats.unrecognisedFrames);
        },
      ),
      { numRuns: 150 },
    );
  });
});

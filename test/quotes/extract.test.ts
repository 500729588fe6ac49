import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { extractQuotes } from "../../src/quotes/index.js";

/** Prices on a 0.25 grid, as the wire would carry them. */
const price = fc.integer({ min: 1, max: 4_000_000 }).map((t) => t * 0.25);

const BID_KEYS = ["bid", "Bid", "BID", "bidPrice", "bid_price", "b", "bestBid"];
const ASK_KEYS = ["ask", "Ask", "offer", "Offer", "askPrice", "a", "ASK", "best_ask"];
const LAST_KEYS = ["last", "Last", "lastPrice", "price", "Trade", "LAST_PRICE"];
const SYMBOL_KEYS = ["symbol", "Symbol", "ticker", "TICKER", "instrument"];

/** A number as a number or as a numeric string. */
function wire(n: number, asString: boolean): number | string {
  return asString ? String(n) : n;
}

/** The same bid/ask/last dressed in every way the generic extractor claims to understand. */
const variant = fc
  .record({
    bid: price,
    ask: price,
    last: price,
    symbol: fc.constantFrom("ES1!", "NQZ5", "BTCUSDT", "CME_MINI:NQ1!"),
    keys: fc.record({
      bid: fc.constantFrom(...BID_KEYS),
      ask: fc.constantFrom(...ASK_KEYS),
      last: fc.constantFrom(...LAST_KEYS),
      symbol: fc.constantFrom(...SYMBOL_KEYS),
    }),
    strings: fc.record({ bid: fc.boolean(), ask: fc.boolean(), last: fc.boolean() }),
    entryObjects: fc.boolean(),
    // Unrelated fields whose names mean nothing to the extractor.
    extra: fc.dictionary(
      fc.constantFrom("id", "venue", "seqNo", "flags", "note", "exchange"),
      fc.oneof(fc.string(), fc.integer(), fc.boolean()),
    ),
    wrapper: fc.constantFrom("bare", "typeData", "d", "dataQuote", "array", "pricesObject"),
    order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  })
  .map((v) => {
    const num = (n: number, s: boolean) => (v.entryObjects ? { price: wire(n, s) } : wire(n, s));
    const priceFields: Record<string, unknown> = {
      [v.keys.bid]: num(v.bid, v.strings.bid),
      [v.keys.ask]: num(v.ask, v.strings.ask),
      [v.keys.last]: num(v.last, v.strings.last),
    };
    const fields: Array<[string, unknown]> = [
      ...Object.entries(priceFields),
      [v.keys.symbol, v.symbol],
      ...Object.entries(v.extra),
    ];
    // Shuffle key order deterministically from the generated permutation seeds.
    const shuffled = fields
      .map((f, i) => ({ f, k: v.order[i % v.order.length]! * 31 + i }))
      .sort((x, y) => x.k - y.k)
      .map((x) => x.f);
    let body: unknown;
    if (v.wrapper === "pricesObject") {
      body = { [v.keys.symbol]: v.symbol, prices: priceFields, ...v.extra };
    } else {
      body = Object.fromEntries(shuffled);
    }
    const wrapped =
      v.wrapper === "typeData"
        ? { type: "QUOTE", data: body }
        : v.wrapper === "d"
          ? { e: "quote", d: body }
          : v.wrapper === "dataQuote"
            ? { data: { quote: body } }
            : v.wrapper === "array"
              ? [body]
              : body;
    return { text: JSON.stringify(wrapped), expected: v };
  });

describe("extractQuotes: generic JSON", () => {
  test.prop([variant], { numRuns: 500 })(
    "yields the same numbers whatever the wrapper, aliases, strings, key order or extras",
    ({ text, expected }) => {
      const quotes = extractQuotes(text);
      expect(quotes).toHaveLength(1);
      const q = quotes[0]!;
      expect(q.bid).toBe(expected.bid);
      expect(q.ask).toBe(expected.ask);
      expect(q.last).toBe(expected.last);
      expect(q.symbol).toBe(expected.symbol);
    },
  );

  test.prop([fc.string()], { numRuns: 2000 })("never throws on arbitrary text", (s) => {
    expect(() => extractQuotes(s)).not.toThrow();
  });

  test.prop([fc.json()], { numRuns: 2000 })("never throws on arbitrary JSON", (s) => {
    const quotes = extractQuotes(s);
    for (const q of quotes) {
      expect(q.bid !== undefined || q.ask !== undefined || q.last !== undefined).toBe(true);
    }
  });

  it("gives nothing for JSON without prices", () => {
    expect(extractQuotes('{"type":"PING"}')).toEqual([]);
    expect(extractQuotes('{"bid":"n/a"}')).toEqual([]);
    expect(extractQuotes("o")).toEqual([]);
  });
});

describe("extractQuotes: venue formats", () => {
  it("reads a Tradovate quote event (spec §5), partial entries included", () => {
    const frame =
      'a[{"e":"md","d":{"quotes":[{"timestamp":"2021-04-13T04:59:06.588Z","contractId":123456,"entries":{"Bid":{"price":18405.123,"size":7.123},"TotalTradeVolume":{"size":4118.123},"Offer":{"price":18410.012,"size":12.35},"Trade":{"price":18405.023,"size":2.10}}},{"timestamp":"2021-04-13T04:59:07.000Z","contractId":123456,"entries":{"Offer":{"price":18410.25,"size":3}}}]}}]';
    expect(extractQuotes(frame)).toEqual([
      {
        source: "tradovate-quote",
        contractId: 123456,
        time: "2021-04-13T04:59:06.588Z",
        bid: 18405.123,
        bidSize: 7.123,
        ask: 18410.012,
        askSize: 12.35,
        last: 18405.023,
      },
      {
        source: "tradovate-quote",
        contractId: 123456,
        time: "2021-04-13T04:59:07.000Z",
        ask: 18410.25,
        askSize: 3,
      },
    ]);
  });

  it("reads the top of a Tradovate DOM by price, not by position", () => {
    const frame =
      'a[{"e":"md","d":{"doms":[{"contractId":1,"timestamp":"2022-04-13T10:00:00.000Z","bids":[{"price":2335.0,"size":4},{"price":2335.25,"size":33}],"offers":[{"price":2335.75,"size":9},{"price":2335.5,"size":12}]}]}}]';
    expect(extractQuotes(frame)).toEqual([
      {
        source: "tradovate-dom",
        contractId: 1,
        time: "2022-04-13T10:00:00.000Z",
        bid: 2335.25,
        bidSize: 33,
        ask: 2335.5,
        askSize: 12,
      },
    ]);
  });

  it("reads a bare Tradovate md event the same way as a framed one", () => {
    const event =
      '{"e":"md","d":{"quotes":[{"timestamp":"2021-04-13T04:59:06.588Z","contractId":7,"entries":{"Bid":{"price":1.5,"size":1}}}]}}';
    expect(extractQuotes(event)).toEqual(extractQuotes(`a[${event}]`));
    expect(extractQuotes(event)[0]?.bid).toBe(1.5);
  });

  it("reads a Trade Manager DATA frame, with prices as numbers or strings", () => {
    const a = extractQuotes(
      '{"type":"DATA","data":{"ticker":"ES1!","prices":{"ask":6723.25,"bid":6723.00},"tickinfo":{"step":0.25,"amnt":12.5}}}',
    );
    const b = extractQuotes(
      '{"type":"DATA","data":{"ticker":"ES1!","prices":{"bid":"6723.00","ask":"6723.25"},"tickinfo":{"step":0.25,"amnt":12.5}}}',
    );
    expect(a).toEqual([{ source: "trademanager", symbol: "ES1!", bid: 6723, ask: 6723.25 }]);
    expect(b).toEqual(a);
  });

  it("ignores Tradovate frames that carry no market data", () => {
    expect(extractQuotes('a[{"s":200,"i":0}]')).toEqual([]);
    expect(extractQuotes("h")).toEqual([]);
    expect(extractQuotes('a[{"e":"md","d":"garbage"}]')).toEqual([]);
  });
});

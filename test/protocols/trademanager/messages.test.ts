import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accSetupMessage,
  authMessage,
  authOkMessage,
  closeTradeMessage,
  dataMessage,
  errorMessage,
  logsMessage,
  manualTradeMessage,
  pingMessage,
  tradesMessage,
} from "../../../src/protocols/trademanager/build.js";
import { formatLogLine } from "../../../src/protocols/trademanager/logline.js";
import {
  AUTH_OK_TEXT,
  ERROR_ELSEWHERE,
  encodeTmMessage,
  parseTmFrame,
  type TmMessage,
  tmMessageFromObject,
} from "../../../src/protocols/trademanager/messages.js";
import { GARBLINGS, garble } from "../../../src/protocols/trademanager/mojibake.js";
import type { TradeRowWire } from "../../../src/protocols/trademanager/trades.js";
import {
  frameFixtures,
  logLineFields,
  priceText,
  strategyName,
  ticker,
  timeframe,
} from "./arbitraries.js";

const frames = frameFixtures();

/** A parse that must succeed. */
function parsed(text: string): TmMessage {
  const m = parseTmFrame(text);
  if (m.kind === "unrecognised") throw new Error(`unexpected unrecognised: ${m.why}`);
  return m;
}

describe("the spec's frames (test/fixtures/trademanager/frames.tsv)", () => {
  it("has one of every message type", () => {
    const types = new Set(frames.map((f) => parsed(f.text).type));
    expect([...types].sort()).toEqual(
      [
        "ACCSETUP",
        "ACCSETUP_COMPLETE",
        "AUTH",
        "AUTH_OK",
        "CLOSE_TRADE",
        "DATA",
        "ERROR",
        "LOGS",
        "MANUALTRADE",
        "PING",
        "TRADES",
      ].sort(),
    );
  });

  for (const f of frames) {
    it(`${f.dir} ${f.kindKey}: encodes back to the compact JSON of the frame`, () => {
      const m = parsed(f.text);
      expect(encodeTmMessage(m)).toBe(JSON.stringify(JSON.parse(f.text)));
    });
  }

  it("encodes byte for byte when the wire was compact with shortest numbers", () => {
    const exact = frames.filter((f) => !/\d\.\d*0[,}\]]/.test(f.text));
    expect(exact.length).toBeGreaterThan(10);
    for (const f of exact) expect(encodeTmMessage(parsed(f.text))).toBe(f.text);
  });

  it("reads the DATA frame of the spec", () => {
    expect(parsed(frames.find((f) => f.text.includes("ES1!"))!.text)).toMatchObject({
      type: "DATA",
      ticker: "ES1!",
      bid: 6723,
      ask: 6723.25,
      step: 0.25,
      amnt: 12.5,
      decimals: { bid: "6723", ask: "6723.25", step: "0.25", amnt: "12.5" },
    });
  });

  it("reads string prices as numbers and keeps the wire text", () => {
    const m = parsed(frames.find((f) => f.text.includes('"24959.00"'))!.text);
    expect(m).toMatchObject({ type: "DATA", bid: 24959, ask: 24959.25 });
    expect(m).toMatchObject({ decimals: { bid: "24959.00", ask: "24959.25" } });
    expect(encodeTmMessage(m)).toContain('"bid":"24959.00"');
  });

  it("reads the untyped auth acknowledgement", () => {
    expect(parsed(`{"data":"${AUTH_OK_TEXT}"}`)).toMatchObject({
      type: "AUTH_OK",
      text: AUTH_OK_TEXT,
    });
  });

  it("parses the log line inside LOGS, garbled or not", () => {
    const logs = frames
      .filter((f) => f.kindKey === "LOGS:recorder:OPEN")
      .map((f) => parsed(f.text));
    for (const m of logs) {
      expect(m).toMatchObject({
        type: "LOGS",
        log: { verb: "OPEN", ticker: "NQ1!", priceText: "24958.5" },
      });
    }
  });

  it("reads CLOSE_TRADE and MANUALTRADE under their own field names", () => {
    expect(parsed(frames.find((f) => f.kindKey === "CLOSE_TRADE")!.text)).toMatchObject({
      tradeId: 101,
      strategy: "ROG-15SV",
      ticker: "NQ1!",
      timeframe: "15",
      user: "demo-user",
    });
    expect(parsed(frames.find((f) => f.kindKey === "MANUALTRADE")!.text)).toMatchObject({
      side: "SELL",
      size: -1,
      strategy: "ROG-15SV",
    });
  });

  it("exposes only the field names of ACCSETUP, never the credentials", () => {
    const m = parsed(frames.find((f) => f.kindKey === "ACCSETUP")!.text);
    expect(m).toMatchObject({ type: "ACCSETUP", fields: ["user", "token", "data"] });
  });
});

describe("parseTmFrame says why it does not recognise a frame", () => {
  const cases: Array<[string, string | RegExp]> = [
    ["", /^not JSON: /],
    ["PING", /^not JSON: /],
    ["[1,2]", "expected a JSON object, got array"],
    ["null", "expected a JSON object, got null"],
    ['"DATA"', "expected a JSON object, got string"],
    ["{}", 'no "type" field, and no "data" text of an untyped notice'],
    ['{"data":5}', 'no "type" field, and no "data" text of an untyped notice'],
    ['{"type":5}', '"type" must be a string, got number'],
    ['{"type":"HELLO"}', 'unknown type "HELLO"'],
    ['{"type":"AUTH","user":"u"}', 'AUTH: "token" must be a string, got nothing'],
    ['{"type":"DATA","data":"x"}', 'DATA: "data" must be an object, got "x"'],
    ['{"type":"DATA","data":{}}', 'DATA: "data.ticker" must be a string, got nothing'],
    [
      '{"type":"DATA","data":{"ticker":"ES1!","prices":{"bid":"abc"}}}',
      'DATA: "data.prices.bid" must be a number, got "abc"',
    ],
    [
      '{"type":"DATA","data":{"ticker":"ES1!","tickinfo":{"step":true}}}',
      'DATA: "data.tickinfo.step" must be a number, got boolean',
    ],
    ['{"type":"LOGS","data":["x"]}', 'LOGS: "data" must be a string, got array'],
    ['{"type":"TRADES","data":{}}', 'TRADES: "data" must be an array, got object'],
    ['{"type":"ERROR"}', 'ERROR: "data" must be a string, got nothing'],
    [
      '{"type":"MANUALTRADE","user":"u","token":"t","side":"HOLD","size":1,"strategy":"S","ticker":"T"}',
      'MANUALTRADE: "side" must be BUY or SELL or CLOSE, got "HOLD"',
    ],
    [
      '{"type":"CLOSE_TRADE","strat_name":"S","ticker":"T","timeframe":"5","token":"t"}',
      'CLOSE_TRADE: "user" must be a string, got nothing',
    ],
  ];
  for (const [text, why] of cases) {
    it(text || "(empty)", () => {
      const r = parseTmFrame(text);
      expect(r.kind).toBe("unrecognised");
      if (r.kind !== "unrecognised") return;
      expect(r.raw).toBe(text);
      if (typeof why === "string") expect(r.why).toBe(why);
      else expect(r.why).toMatch(why);
    });
  }

  it("keeps unreadable TRADES rows aside with their reason instead of failing the frame", () => {
    const m = parsed('{"type":"TRADES","data":[{"Strat_Name":"S"},7]}');
    expect(m).toMatchObject({ type: "TRADES", rows: [] });
    expect(m.type === "TRADES" && m.skipped.map((s) => s.why)).toEqual([
      'TRADES row 0: "Ticker" must be a string, got nothing',
      "TRADES row 1: expected an object, got number",
    ]);
  });

  it("encodes an unrecognised result to its raw text", () => {
    expect(encodeTmMessage(parseTmFrame("{oops"))).toBe("{oops");
  });

  it("does not throw on a non-string or a non-object", () => {
    expect(parseTmFrame(undefined as unknown as string)).toMatchObject({ kind: "unrecognised" });
    expect(tmMessageFromObject([1])).toEqual({
      kind: "unrecognised",
      raw: "[1]",
      why: "expected a JSON object, got array",
    });
  });
});

const wirePrice = fc.oneof(
  fc.double({ min: -1e6, max: 1e7, noNaN: true }).filter((n) => !Object.is(n, -0)),
  priceText,
);
const text = fc.string({ unit: "grapheme", maxLength: 30 });

const tradeRow: fc.Arbitrary<TradeRowWire> = fc.record(
  {
    id: fc.oneof(fc.nat(), fc.uuid()),
    Strat_Name: strategyName,
    Ticker: ticker,
    StratTicker: text,
    TimeFrame: fc.oneof(timeframe, fc.nat({ max: 240 })),
    Direction: fc.constantFrom("BUY", "SELL", "buy", "Sell"),
    Open_Price: wirePrice,
    Running_Pos: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant("2")),
    Position_Size: fc.integer({ min: 0, max: 50 }),
    Open_Time: fc.constant("2025-11-24 09:31:05"),
    Closed_Price: wirePrice,
    Closed_Time: fc.constant("2025-11-24 17:02:00"),
    Profit: wirePrice,
    Drawdown: wirePrice,
    max_dd: wirePrice,
  },
  { requiredKeys: ["Strat_Name", "Ticker", "Direction", "Open_Price"] },
);

/** Generated messages of every type, built by the builders. */
const anyMessage: fc.Arbitrary<TmMessage> = fc.oneof(
  fc.tuple(text, text).map(([u, t]) => authMessage(u, t)),
  text.map((t) => authOkMessage(t)),
  fc.constant(pingMessage()),
  fc
    .record(
      { ticker, bid: wirePrice, ask: wirePrice, step: wirePrice, amnt: wirePrice },
      { requiredKeys: ["ticker"] },
    )
    .map(dataMessage),
  fc
    .tuple(
      logLineFields,
      fc.constantFrom(undefined, ...GARBLINGS),
      fc.option(text, { nil: undefined }),
    )
    .map(([f, how, action]) => {
      const line = formatLogLine(f);
      return logsMessage(how === undefined ? line : garble(line, how), action);
    }),
  fc.array(tradeRow, { maxLength: 4 }).map(tradesMessage),
  fc.oneof(fc.constant(ERROR_ELSEWHERE), text).map(errorMessage),
  fc
    .record(
      {
        tradeId: fc.oneof(fc.nat(), fc.uuid()),
        strategy: strategyName,
        ticker,
        timeframe,
        user: text,
        token: text,
      },
      { requiredKeys: ["strategy", "ticker", "timeframe", "user", "token"] },
    )
    .map(closeTradeMessage),
  fc
    .record({
      user: text,
      token: text,
      side: fc.constantFrom("BUY", "SELL", "CLOSE" as const),
      size: fc.integer({ min: -100, max: 100 }),
      strategy: strategyName,
      ticker,
    })
    .map(manualTradeMessage),
  fc
    .tuple(
      fc.constantFrom("ACCSETUP", "ACCSETUP_COMPLETE" as const),
      fc.dictionary(
        fc.string({ maxLength: 8 }).filter((k) => k !== "type"),
        fc.jsonValue({ maxDepth: 2 }),
        {
          maxKeys: 3,
        },
      ),
    )
    .map(([type, fields]) => accSetupMessage(type, fields)),
);

describe("round trips", () => {
  it("parse(encode(m)) is m, for generated messages of every type", () => {
    fc.assert(
      fc.property(anyMessage, (m) => {
        expect(parseTmFrame(encodeTmMessage(m))).toEqual(m);
      }),
      { numRuns: 500 },
    );
  });

  it("covers every type in those runs", () => {
    const seen = new Set(fc.sample(anyMessage, { numRuns: 400, seed: 1 }).map((m) => m.type));
    expect(seen.size).toBe(11);
  });

  it("builders put the given values in the typed fields", () => {
    fc.assert(
      fc.property(ticker, wirePrice, wirePrice, (t, bid, step) => {
        const m = dataMessage({ ticker: t, bid, step });
        expect(m.ticker).toBe(t);
        expect(m.bid).toBe(Number(bid));
        expect(m.step).toBe(Number(step));
        expect(m.ask).toBeUndefined();
        expect(m.raw).toEqual({
          type: "DATA",
          data: { ticker: t, prices: { bid }, tickinfo: { step } },
        });
      }),
    );
  });

  it("builders write the web app's field order", () => {
    const close = closeTradeMessage({
      tradeId: 7,
      strategy: "S",
      ticker: "NQ1!",
      timeframe: "5",
      user: "u",
      token: "t",
    });
    expect(encodeTmMessage(close)).toBe(
      '{"type":"CLOSE_TRADE","tradeid":7,"strat_name":"S","ticker":"NQ1!","timeframe":"5","token":"t","user":"u"}',
    );
    expect(encodeTmMessage(authOkMessage())).toBe(`{"data":"${AUTH_OK_TEXT}"}`);
    expect(
      encodeTmMessage(
        dataMessage({ ticker: "ES1!", bid: 6723, ask: 6723.25, step: 0.25, amnt: 12.5 }),
      ),
    ).toBe(
      '{"type":"DATA","data":{"ticker":"ES1!","prices":{"ask":6723.25,"bid":6723},"tickinfo":{"step":0.25,"amnt":12.5}}}',
    );
  });

  it("builders refuse values the wire cannot carry", () => {
    expect(() => dataMessage({ ticker: "ES1!", bid: Number.NaN })).toThrow(TypeError);
    expect(() => dataMessage({ ticker: "ES1!", bid: "6,723" })).toThrow(/data\.prices\.bid/);
  });
});

/** Every parse result must be a message that re-encodes stably, or unrecognised with the text. */
function checkTotal(text: string) {
  const r = parseTmFrame(text);
  if (r.kind === "unrecognised") {
    expect(r.raw).toBe(text);
    expect(r.why.length).toBeGreaterThan(0);
    return;
  }
  const again = parseTmFrame(encodeTmMessage(r));
  expect(again.kind).toBe("message");
  expect(encodeTmMessage(again)).toBe(encodeTmMessage(r));
}

const TYPES = [
  "AUTH",
  "PING",
  "DATA",
  "LOGS",
  "TRADES",
  "ERROR",
  "CLOSE_TRADE",
  "MANUALTRADE",
  "ACCSETUP",
  "ACCSETUP_COMPLETE",
];

describe("parseTmFrame is total", () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), checkTotal), {
      numRuns: 300,
    });
  });

  it("on arbitrary JSON", () => {
    fc.assert(fc.property(fc.json({ maxDepth: 3 }), checkTotal), { numRuns: 300 });
  });

  it("on objects of every known type with arbitrary fields", () => {
    const keys = fc.constantFrom(
      "data",
      "user",
      "token",
      "side",
      "size",
      "strategy",
      "ticker",
      "strat_name",
      "timeframe",
      "tradeid",
      "action",
      "__proto__",
      "constructor",
    );
    const obj = fc
      .tuple(
        fc.constantFrom(...TYPES),
        fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
      )
      .map(([type, fields]) => JSON.stringify({ type, ...fields }));
    fc.assert(fc.property(obj, checkTotal), { numRuns: 500 });
  });

  it("on DATA and TRADES frames with arbitrary values inside", () => {
    const value = fc.jsonValue({ maxDepth: 2 });
    const data = fc
      .record(
        {
          ticker: value,
          prices: fc.oneof(value, fc.record({ bid: value, ask: value })),
          tickinfo: fc.oneof(value, fc.record({ step: value, amnt: value })),
        },
        { requiredKeys: [] },
      )
      .map((d) => JSON.stringify({ type: "DATA", data: d }));
    const trades = fc
      .array(
        fc.oneof(
          value,
          fc.dictionary(
            fc.constantFrom(
              "Strat_Name",
              "Ticker",
              "Direction",
              "Open_Price",
              "Running_Pos",
              "TimeFrame",
              "id",
            ),
            value,
          ),
        ),
        { maxLength: 4 },
      )
      .map((rows) => JSON.stringify({ type: "TRADES", data: rows }));
    fc.assert(fc.property(fc.oneof(data, trades), checkTotal), { numRuns: 500 });
  });

  it("on the spec's frames with random edits", () => {
    const edited = fc
      .tuple(
        fc.constantFrom(...frames.map((f) => f.text)),
        fc.nat(),
        fc.nat({ max: 4 }),
        fc.string({ maxLength: 3 }),
      )
      .map(([t, at, del, ins]) => {
        const i = at % (t.length + 1);
        return t.slice(0, i) + ins + t.slice(i + del);
      });
    fc.assert(fc.property(edited, checkTotal), { numRuns: 1000 });
  });

  it("on the spec's frames with one value replaced by arbitrary JSON", () => {
    const replaced = fc
      .tuple(
        fc.constantFrom(...frames.map((f) => JSON.parse(f.text) as Record<string, unknown>)),
        fc.nat(),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([obj, at, value]) => {
        const keys = Object.keys(obj);
        const key = keys[at % keys.length]!;
        return JSON.stringify({ ...obj, [key]: value });
      });
    fc.assert(fc.property(replaced, checkTotal), { numRuns: 500 });
  });
});

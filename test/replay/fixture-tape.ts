/**
 * A small, complete tape for replay tests: a trading socket (authorize, sync, props), an md
 * socket (quote, DOM and chart subscriptions, one batched frame, recorded heartbeats), a Trade
 * Manager socket (login, DATA/LOGS/TRADES, an acknowledged CLOSE_TRADE) and REST exchanges.
 * test/fixtures/replay/demo.tape.jsonl is this tape written out (a test keeps them equal).
 */
import { writeFileSync } from "node:fs";
import type { EventInput, TapeEvent, TapeHeader } from "../../src/tape/events.js";
import { serializeEvent, serializeHeader } from "../../src/tape/line.js";

export const STARTED = "2026-11-25T14:03:07.000000Z";
export const ES = 3001;

export const SNAPSHOT = {
  users: [{ id: 7, name: "alice" }],
  accounts: [{ id: 11, name: "DEMO123", userId: 7, accountType: "Customer", active: true }],
  positions: [
    {
      id: 901,
      accountId: 11,
      contractId: ES,
      timestamp: "2026-11-25T14:00:00.000Z",
      tradeDate: { year: 2026, month: 11, day: 25 },
      netPos: 1,
      netPrice: 6723.25,
      bought: 1,
      boughtValue: 6723.25,
      sold: 0,
      soldValue: 0,
      prevPos: 0,
    },
  ],
  cashBalances: [
    {
      id: 5,
      accountId: 11,
      timestamp: "2026-11-25T14:00:00.000Z",
      tradeDate: { year: 2026, month: 11, day: 25 },
      currencyId: 1,
      amount: 50000,
      realizedPnL: 0,
    },
  ],
  fillPairs: [],
  contracts: [{ id: ES, name: "ESZ5", contractMaturityId: 51 }],
  contractMaturities: [
    {
      id: 51,
      productId: 61,
      expirationMonth: 202512,
      expirationDate: "2025-12-19T14:30:00Z",
      isFront: true,
    },
  ],
  products: [{ id: 61, name: "ES", currencyId: 1, valuePerPoint: 50, tickSize: 0.25 }],
};

const quote = (ts: string, bid: number, ask: number) =>
  JSON.stringify({
    e: "md",
    d: {
      quotes: [
        {
          timestamp: ts,
          contractId: ES,
          entries: { Bid: { price: bid, size: 7 }, Offer: { price: ask, size: 9 } },
        },
      ],
    },
  });
const dom = (ts: string, bid: number) =>
  JSON.stringify({
    e: "md",
    d: {
      doms: [
        {
          contractId: ES,
          timestamp: ts,
          bids: [{ price: bid, size: 33 }],
          offers: [{ price: bid + 0.25, size: 12 }],
        },
      ],
    },
  });
const bars = (ts: string, close: number) =>
  JSON.stringify({
    e: "chart",
    d: {
      charts: [
        {
          id: 31,
          td: 20261125,
          bars: [
            {
              timestamp: ts,
              open: close,
              high: close,
              low: close,
              close,
              upVolume: 1,
              downVolume: 1,
              upTicks: 1,
              downTicks: 1,
              bidVolume: 1,
              offerVolume: 1,
            },
          ],
        },
      ],
    },
  });
const props = (entityType: string, entity: object) =>
  JSON.stringify({ e: "props", d: { entityType, eventType: "Updated", entity } });

/** The texts of the recorded messages each stream replays, in order. */
export const EXPECTED = {
  props: [
    props("position", { ...SNAPSHOT.positions[0], netPos: 2, bought: 2, boughtValue: 13447 }),
    props("cashBalance", { ...SNAPSHOT.cashBalances[0], amount: 50012.5 }),
  ],
  quotes: [
    quote("2026-11-25T14:03:07.120Z", 6723, 6723.25),
    quote("2026-11-25T14:03:07.520Z", 6723.25, 6723.5),
    quote("2026-11-25T14:03:07.800Z", 6723.5, 6723.75),
    quote("2026-11-25T14:03:08.020Z", 6723.25, 6723.5),
  ],
  doms: [
    dom("2026-11-25T14:03:07.140Z", 6723),
    dom("2026-11-25T14:03:07.640Z", 6723.25),
    dom("2026-11-25T14:03:07.800Z", 6723.5),
  ],
  chart: [
    bars("2026-11-25T14:03:00.000Z", 6722),
    JSON.stringify({ e: "chart", d: { charts: [{ id: 31, eoh: true }] } }),
    bars("2026-11-25T14:04:00.000Z", 6724),
  ],
  tm: [] as string[],
};

const TM_AUTH_OK = JSON.stringify({ data: "✅ Server Connection Established Successfully!" });
const tmData = (bid: number) =>
  JSON.stringify({
    type: "DATA",
    data: {
      ticker: "ES1!",
      prices: { ask: bid + 0.25, bid },
      tickinfo: { step: 0.25, amnt: 12.5 },
    },
  });
const TM_OPEN = JSON.stringify({
  type: "LOGS",
  data: "📊 [RECORDER] OPEN — Strategy: **ROG-15SV**, Ticker: **ES1!**, Timeframe: **15** — **1 BUY** at **6723.25**",
});
const TM_TRADES = JSON.stringify({
  type: "TRADES",
  data: [
    {
      id: 1,
      Strat_Name: "ROG-15SV",
      Ticker: "ES1!",
      StratTicker: "ROG-15SV_ES1!",
      TimeFrame: "15",
      Direction: "BUY",
      Open_Price: 6723.25,
      Running_Pos: 1,
      Position_Size: 1,
      Open_Time: "2026-11-25 08:03:07",
    },
  ],
});
export const TM_ACK = [
  JSON.stringify({
    type: "LOGS",
    data: "🧹 **[AUTO]** — Cleared **BUY** from **ROG-15SV**, **ES1!**, **15**",
  }),
  JSON.stringify({ type: "TRADES", data: [] }),
];
EXPECTED.tm = [tmData(6723), TM_OPEN, TM_TRADES, tmData(6724)];

/** The demo tape's header and events. */
export function demoTape(): { header: TapeHeader; events: TapeEvent[] } {
  const header: TapeHeader = {
    tape: 1,
    id: "replay-fixture",
    started: STARTED,
    tool: "tapedeck 0.1.0",
    label: "replay-fixture",
  };
  const ins: EventInput[] = [];
  const http = (
    t: number,
    method: string,
    url: string,
    reqBody: string | undefined,
    body: string,
  ) =>
    ins.push({
      k: "http",
      t,
      method,
      url,
      status: 200,
      ms: 12,
      req: reqBody ? { body: reqBody } : {},
      res: { headers: { "content-type": "application/json" }, body },
    });
  const v1 = "https://demo.tradovateapi.com/v1";
  http(
    0,
    "POST",
    `${v1}/auth/accesstokenrequest`,
    JSON.stringify({ name: "alice", password: "«secret:4»" }),
    JSON.stringify({
      accessToken: "«secret:1»",
      mdAccessToken: "«secret:2»",
      expirationTime: "2026-11-25T15:33:07.000Z",
      userStatus: "Active",
      userId: 7,
      name: "alice",
      hasLive: false,
    }),
  );
  ins.push({
    k: "open",
    t: 100,
    c: 3,
    url: "wss://trademanagergroup.com:5000/ws",
    proto: "trademanager",
    role: "trademanager",
  });
  ins.push({
    k: "send",
    t: 150,
    c: 3,
    text: JSON.stringify({ type: "AUTH", user: "alice", token: "«secret:3»" }),
  });
  ins.push({ k: "recv", t: 200, c: 3, text: TM_AUTH_OK });
  http(
    500,
    "GET",
    `${v1}/contract/find?name=ESZ5`,
    undefined,
    JSON.stringify(SNAPSHOT.contracts[0]),
  );
  http(600, "GET", `${v1}/account/list`, undefined, JSON.stringify(SNAPSHOT.accounts));
  ins.push({
    k: "open",
    t: 1000,
    c: 1,
    url: "wss://demo.tradovateapi.com/v1/websocket",
    proto: "tradovate",
    role: "trading",
  });
  ins.push({ k: "recv", t: 1100, c: 1, text: "o" });
  ins.push({ k: "send", t: 2000, c: 1, text: "authorize\n0\n\n«secret:1»" });
  ins.push({ k: "recv", t: 3000, c: 1, text: 'a[{"s":200,"i":0}]' });
  ins.push({ k: "send", t: 4000, c: 1, text: 'user/syncrequest\n1\n\n{"users":[7]}' });
  ins.push({
    k: "open",
    t: 5000,
    c: 2,
    url: "wss://md.tradovateapi.com/v1/websocket",
    proto: "tradovate",
    role: "md",
  });
  ins.push({ k: "recv", t: 5100, c: 2, text: "o" });
  ins.push({ k: "send", t: 6000, c: 2, text: "authorize\n1\n\n«secret:2»" });
  ins.push({ k: "recv", t: 7000, c: 2, text: 'a[{"s":200,"i":1}]' });
  ins.push({ k: "send", t: 10_000, c: 2, text: 'md/subscribeQuote\n2\n\n{"symbol":"ESZ5"}' });
  ins.push({ k: "recv", t: 20_000, c: 2, text: 'a[{"s":200,"i":2,"d":{}}]' });
  ins.push({ k: "send", t: 30_000, c: 2, text: 'md/subscribeDOM\n3\n\n{"symbol":"ESZ5"}' });
  ins.push({ k: "recv", t: 40_000, c: 2, text: 'a[{"s":200,"i":3,"d":{}}]' });
  ins.push({
    k: "recv",
    t: 50_000,
    c: 1,
    text: `a[${JSON.stringify({ s: 200, i: 1, d: SNAPSHOT })}]`,
  });
  ins.push({
    k: "send",
    t: 60_000,
    c: 2,
    text: `md/getChart\n4\n\n${JSON.stringify({ symbol: "ESZ5", chartDescription: { underlyingType: "MinuteBar", elementSize: 1, elementSizeUnit: "UnderlyingUnits" }, timeRange: { asMuchAsElements: 2 } })}`,
  });
  ins.push({
    k: "recv",
    t: 70_000,
    c: 2,
    text: 'a[{"s":200,"i":4,"d":{"historicalId":32,"realtimeId":31}}]',
  });
  ins.push({ k: "recv", t: 80_000, c: 2, text: `a[${EXPECTED.chart[0]}]` });
  ins.push({ k: "recv", t: 90_000, c: 2, text: `a[${EXPECTED.chart[1]}]` });
  ins.push({ k: "recv", t: 120_000, c: 2, text: `a[${EXPECTED.quotes[0]}]` });
  ins.push({ k: "recv", t: 140_000, c: 2, text: `a[${EXPECTED.doms[0]}]` });
  ins.push({ k: "recv", t: 300_000, c: 3, text: EXPECTED.tm[0]! });
  ins.push({ k: "recv", t: 400_000, c: 3, text: EXPECTED.tm[1]! });
  ins.push({ k: "recv", t: 520_000, c: 2, text: `a[${EXPECTED.quotes[1]}]` });
  ins.push({ k: "recv", t: 640_000, c: 2, text: `a[${EXPECTED.doms[1]}]` });
  // One recorded frame holding two messages: replayed one per frame by default.
  ins.push({ k: "recv", t: 800_000, c: 2, text: `a[${EXPECTED.quotes[2]},${EXPECTED.doms[2]}]` });
  ins.push({ k: "recv", t: 900_000, c: 3, text: EXPECTED.tm[2]! });
  ins.push({ k: "recv", t: 1_020_000, c: 2, text: `a[${EXPECTED.quotes[3]}]` });
  ins.push({ k: "recv", t: 1_050_000, c: 1, text: `a[${EXPECTED.props[0]}]` });
  ins.push({
    k: "send",
    t: 1_100_000,
    c: 3,
    text: JSON.stringify({
      type: "CLOSE_TRADE",
      strat_name: "ROG-15SV",
      ticker: "ES1!",
      timeframe: "15",
      token: "«secret:3»",
      user: "alice",
    }),
  });
  ins.push({ k: "recv", t: 1_200_000, c: 3, text: TM_ACK[0]! });
  ins.push({ k: "recv", t: 1_250_000, c: 3, text: TM_ACK[1]! });
  ins.push({ k: "recv", t: 1_500_000, c: 2, text: `a[${EXPECTED.chart[2]}]` });
  ins.push({ k: "recv", t: 1_600_000, c: 3, text: EXPECTED.tm[3]! });
  ins.push({ k: "recv", t: 2_050_000, c: 1, text: `a[${EXPECTED.props[1]}]` });
  ins.push({ k: "recv", t: 2_500_000, c: 1, text: "h" });
  ins.push({ k: "recv", t: 2_600_000, c: 2, text: "h" });
  ins.sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
  const events = ins.map((e, k) => ({ ...e, seq: k + 1, t: e.t ?? 0 }) as TapeEvent);
  return { header, events };
}

/** Writes the demo tape to `path`. */
export function writeDemoTape(path: string): void {
  const { header, events } = demoTape();
  writeFileSync(path, `${[serializeHeader(header), ...events.map(serializeEvent)].join("\n")}\n`);
}

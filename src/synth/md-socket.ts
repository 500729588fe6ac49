/**
 * The market data socket: authorize with the md token, `md/subscribeQuote` for every
 * contract, `md/subscribeDOM` and a one-minute `md/getChart` for the first, then the data.
 * Quotes are partial updates (only what changed, with `Trade` refreshed every time, as
 * Tradovate does); the first quote after a subscription carries every entry. DOMs come at most
 * twice a second; the chart sends 30 historical bars, the end-of-history marker, then the
 * forming bar at most every 5 s, every packet tagged with the realtime id.
 */
import {
  chartEvent,
  encodeRequest,
  mdEvent,
  messagesFrame,
  type QuoteEntries,
  response,
} from "../protocols/tradovate/index.js";
import { MS, SEC, SessionTime } from "../sim/session-time.js";
import type { ConnectionBuilder } from "./connection.js";
import { type SynthInstrument, tickPrice } from "./instruments.js";
import { type MarketSeries, type MarketState, stateAt } from "./market.js";
import { barOf, formingBars, HISTORY_BARS, historyBars } from "./md-chart.js";
import type { Rng } from "./random.js";
import { SECRETS } from "./rest.js";
import type { Timeline } from "./timeline.js";
import { openTradovateSocket } from "./tradovate-handshake.js";

/** The market data socket's URL. */
export const MD_URL = "wss://md.tradovateapi.com/v1/websocket";

const DOM_EVERY_US = 500 * MS;
const BAR_EVERY_US = 5 * SEC;

/** Every entry, in the order Tradovate's documentation example lists them. */
function fullEntries(series: MarketSeries, s: MarketState): QuoteEntries {
  const p = (ticks: number) => tickPrice(series.inst, ticks);
  return {
    Bid: { price: p(s.bid), size: s.bidSize },
    TotalTradeVolume: { size: s.volume },
    Offer: { price: p(s.ask), size: s.askSize },
    LowPrice: { price: p(s.low) },
    Trade: { price: p(s.last), size: s.lastSize },
    OpenInterest: { size: series.openInterest },
    OpeningPrice: { price: p(series.open) },
    HighPrice: { price: p(s.high) },
    SettlementPrice: { price: p(series.settlement) },
  };
}

/** What changed from `prev` to `s`; `Trade` always (Tradovate refreshes it on every update). */
function changedEntries(series: MarketSeries, prev: MarketState, s: MarketState): QuoteEntries {
  const p = (ticks: number) => tickPrice(series.inst, ticks);
  const e: QuoteEntries = {};
  if (s.bid !== prev.bid || s.bidSize !== prev.bidSize)
    e.Bid = { price: p(s.bid), size: s.bidSize };
  if (s.volume !== prev.volume) e.TotalTradeVolume = { size: s.volume };
  if (s.ask !== prev.ask || s.askSize !== prev.askSize) {
    e.Offer = { price: p(s.ask), size: s.askSize };
  }
  if (s.low !== prev.low) e.LowPrice = { price: p(s.low) };
  e.Trade = { price: p(s.last), size: s.lastSize };
  if (s.high !== prev.high) e.HighPrice = { price: p(s.high) };
  return e;
}

function quoteFrame(session: SessionTime, inst: SynthInstrument, t: number, entries: QuoteEntries) {
  return messagesFrame(
    mdEvent({ quotes: [{ timestamp: session.iso(t), contractId: inst.contractId, entries }] }),
  );
}

function domFrame(session: SessionTime, series: MarketSeries, s: MarketState, t: number, rng: Rng) {
  const { inst } = series;
  const level = (k: number) =>
    Math.max(1, Math.round(inst.depth * (1 + 0.4 * k) * (0.6 + 0.8 * rng.float())));
  const bids = [{ price: tickPrice(inst, s.bid), size: s.bidSize }];
  const offers = [{ price: tickPrice(inst, s.ask), size: s.askSize }];
  for (let k = 1; k < 5; k++) {
    bids.push({ price: tickPrice(inst, s.bid - k), size: level(k) });
    offers.push({ price: tickPrice(inst, s.ask + k), size: level(k) });
  }
  return messagesFrame(
    mdEvent({
      doms: [{ contractId: inst.contractId, timestamp: session.iso(t), bids, offers }],
    }),
  );
}

/**
 * Opens the md socket at `t` and streams `series` until `end`. Returns the connection and when
 * its authorization was answered (heartbeats are added by the caller, once every frame is in).
 */
export function addMdSocket(
  timeline: Timeline,
  c: number,
  t: number,
  end: number,
  session: SessionTime,
  allSeries: readonly MarketSeries[],
  rng: Rng,
): { conn: ConnectionBuilder; ready: number } {
  const opened = openTradovateSocket(
    timeline,
    c,
    t,
    { url: MD_URL, role: "md", token: SECRETS.mdAccessToken },
    rng,
  );
  const { conn } = opened;
  let { at } = opened;
  const ready = at;
  let id = 1;
  const latency = () => rng.int(800, 3000);

  for (const series of allSeries) {
    const { inst } = series;
    const reqId = id++;
    at = conn.send(
      at + rng.int(1, 3) * MS,
      encodeRequest("md/subscribeQuote", reqId, "", { symbol: inst.contractName }),
    );
    const answered = conn.recv(at + rng.int(20, 60) * MS, messagesFrame(response(reqId, 200, {})));
    const stream = series.updates.filter((u) => u.t > answered && u.t < end);
    let prev: MarketState = stateAt(series, answered);
    const key = `quote:${inst.contractId}`;
    conn.recv(
      answered + latency(),
      quoteFrame(session, inst, answered, fullEntries(series, prev)),
      key,
    );
    for (const u of stream) {
      conn.recv(
        u.t + latency(),
        quoteFrame(session, inst, u.t, changedEntries(series, prev, u)),
        key,
      );
      prev = u;
    }
    at = answered;
  }

  const first = allSeries[0];
  if (first === undefined) return { conn, ready };
  const { inst } = first;
  // DOM of the first contract, at most every half second.
  const domId = id++;
  at = conn.send(
    at + rng.int(1, 3) * MS,
    encodeRequest("md/subscribeDOM", domId, "", { symbol: inst.contractName }),
  );
  const domFrom = conn.recv(at + rng.int(20, 60) * MS, messagesFrame(response(domId, 200, {})));
  let nextDom = domFrom;
  for (const u of first.updates) {
    if (u.t <= domFrom || u.t >= end || u.t < nextDom) continue;
    conn.recv(u.t + latency(), domFrame(session, first, u, u.t, rng), "dom");
    nextDom = u.t + DOM_EVERY_US;
  }

  // One-minute chart of the first contract: history, end of history, then the forming bar.
  const chartId = id++;
  const realtimeId = rng.int(20, 90);
  const historicalId = realtimeId + 1;
  at = conn.send(
    at + rng.int(1, 3) * MS,
    encodeRequest("md/getChart", chartId, "", {
      symbol: inst.contractName,
      chartDescription: {
        underlyingType: "MinuteBar",
        elementSize: 1,
        elementSizeUnit: "UnderlyingUnits",
        withHistogram: false,
      },
      timeRange: { asMuchAsElements: HISTORY_BARS },
    }),
  );
  at = conn.recv(
    at + rng.int(30, 90) * MS,
    messagesFrame(response(chartId, 200, { historicalId, realtimeId })),
  );
  const td = SessionTime.td(session.tradeDate(0));
  const minuteOf = (tt: number) => Math.floor(session.epochMs(tt) / 60_000);
  const history = historyBars(first, minuteOf(0), rng);
  at = conn.recv(
    at + rng.int(20, 80) * MS,
    messagesFrame(chartEvent([{ id: realtimeId, td, bars: history.map((b) => barOf(inst, b)) }])),
  );
  at = conn.recv(
    at + rng.int(1, 5) * MS,
    messagesFrame(chartEvent([{ id: realtimeId, eoh: true }])),
  );
  for (const { t: tt, bar } of formingBars(first, at, end, minuteOf, BAR_EVERY_US)) {
    const frame = chartEvent([{ id: realtimeId, td, bars: [barOf(inst, bar)] }]);
    conn.recv(tt + latency(), messagesFrame(frame), "chart");
  }
  return { conn, ready };
}

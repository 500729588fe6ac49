/**
 * The Trade Manager socket: AUTH with the session token, the login acknowledgement, an empty
 * open-trade list, DATA frames for every ticker the strategies trade (on the same random walk
 * as the Tradovate quotes, sent whenever bid or ask moves), recorder LOGS lines and TRADES lists
 * as signals arrive, and the web app's PING every 25 s. Some log lines arrive garbled, as
 * they reach people (UTF-8 read as Mac Roman, Windows-1252, ...): the raw text is what a
 * recording keeps.
 */
import {
  authMessage,
  authOkMessage,
  dataMessage,
  encodeTmMessage,
  formatLogLine,
  GARBLINGS,
  garble,
  logsMessage,
  pingMessage,
  type TradeRowWire,
  tradesMessage,
} from "../protocols/trademanager/index.js";
import { MS, SEC } from "../sim/session-time.js";
import { ConnectionBuilder } from "./connection.js";
import { type SynthInstrument, tickPrice, tickPriceText } from "./instruments.js";
import type { MarketSeries } from "./market.js";
import type { Rng } from "./random.js";
import type { RecorderStep, StrategyDef } from "./recorder.js";
import { SECRETS } from "./rest.js";
import type { Timeline } from "./timeline.js";

/** Trade Manager's websocket. */
export const TM_URL = "wss://trademanagergroup.com:5000/ws";
/** The web app's keep-alive period. */
export const TM_PING_US = 25 * SEC;
/** Share of log lines that arrive garbled. */
const GARBLED_SHARE = 0.15;

/** A price as Trade Manager's Python back end prints a float: `24958.5`, `24959.0`. */
export function tmPriceText(inst: SynthInstrument, ticks: number): string {
  const text = tickPriceText(inst, ticks);
  return text.includes(".") ? text : `${text}.0`;
}

/** The Trade Manager connection of a session. */
export class TmSocket {
  readonly conn: ConnectionBuilder;
  readonly #rng: Rng;
  /** When the login was acknowledged: server frames come after it. */
  readonly ready: number;

  /** Opens the socket at `t`, logs in as `user` and receives the (empty) open-trade list. */
  constructor(timeline: Timeline, c: number, t: number, user: string, rng: Rng) {
    this.#rng = rng;
    this.conn = new ConnectionBuilder(timeline, c, t, {
      url: TM_URL,
      proto: "trademanager",
      role: "trademanager",
    });
    const sent = this.conn.send(
      t + rng.int(2, 10) * MS,
      encodeTmMessage(authMessage(user, SECRETS.tmToken)),
    );
    this.ready = this.conn.recv(sent + rng.int(60, 180) * MS, encodeTmMessage(authOkMessage()));
    this.conn.recv(this.ready + rng.int(5, 30) * MS, encodeTmMessage(tradesMessage([])));
  }

  /** DATA frames of `series` from the login to `end`, one per bid or ask change. */
  addPrices(series: MarketSeries, end: number): number {
    const { inst } = series;
    const frame = (bid: number, ask: number) =>
      encodeTmMessage(
        dataMessage({
          ticker: inst.ticker,
          ask: tickPrice(inst, ask),
          bid: tickPrice(inst, bid),
          step: inst.tickSize,
          amnt: inst.tickValue,
        }),
      );
    let bid = series.initial.bid;
    let ask = series.initial.ask;
    let n = 1;
    const key = `data:${inst.ticker}`;
    this.conn.recv(this.ready + this.#rng.int(20, 60) * MS, frame(bid, ask), key);
    for (const u of series.updates) {
      if (u.t <= this.ready || u.t >= end || (u.bid === bid && u.ask === ask)) continue;
      bid = u.bid;
      ask = u.ask;
      this.conn.recv(u.t + this.#rng.int(15, 60) * MS, frame(bid, ask), key);
      n++;
    }
    return n;
  }

  /**
   * The recorder's lines for one signal at `t`, then the open-trade list `rows`. Returns when
   * the list arrived.
   */
  addSignal(
    t: number,
    strategy: StrategyDef,
    steps: readonly RecorderStep[],
    rows: TradeRowWire[],
  ): number {
    let at = t;
    for (const step of steps) {
      let line = formatLogLine({
        tag: "RECORDER",
        verb: step.verb,
        strategy: strategy.name,
        ticker: strategy.inst.ticker,
        timeframe: strategy.timeframe,
        qty: step.qty,
        side: step.side,
        priceText: tmPriceText(strategy.inst, step.priceTicks),
      });
      if (this.#rng.chance(GARBLED_SHARE)) line = garble(line, this.#rng.pick(GARBLINGS));
      at = this.conn.recv(
        at + this.#rng.int(20, 90) * MS,
        encodeTmMessage(logsMessage(line)),
        "logs",
      );
    }
    const list = encodeTmMessage(tradesMessage(rows));
    return this.conn.recv(at + this.#rng.int(5, 40) * MS, list, "logs");
  }

  /** The client's PING every 25 s from the login to `end`. */
  addPings(end: number): number {
    return this.conn.clientHeartbeats(
      encodeTmMessage(pingMessage()),
      this.ready,
      end,
      TM_PING_US,
      this.#rng,
    );
  }
}

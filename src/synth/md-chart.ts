/**
 * The one-minute chart of the md socket, in ticks until it goes on the wire: the half hour of
 * history before the session (walked back from the opening book) and the forming bar, built
 * from the market's trades and sent at most every few seconds.
 */
import type { Bar } from "../protocols/tradovate/index.js";
import { type SynthInstrument, tickPrice } from "./instruments.js";
import type { MarketSeries } from "./market.js";
import type { Rng } from "./random.js";

/** How many historical bars a `md/getChart` answer carries. */
export const HISTORY_BARS = 30;

/** A one-minute bar being built from trades, in ticks. */
export interface BarTicks {
  minute: number;
  open: number;
  high: number;
  low: number;
  close: number;
  upVolume: number;
  downVolume: number;
  upTicks: number;
  downTicks: number;
  bidVolume: number;
  offerVolume: number;
}

/** A bar as Tradovate sends it: prices from ticks, ISO minute timestamp. */
export function barOf(inst: SynthInstrument, b: BarTicks): Bar {
  const p = (ticks: number) => tickPrice(inst, ticks);
  return {
    timestamp: new Date(b.minute * 60_000).toISOString(),
    open: p(b.open),
    high: p(b.high),
    low: p(b.low),
    close: p(b.close),
    upVolume: b.upVolume,
    downVolume: b.downVolume,
    upTicks: b.upTicks,
    downTicks: b.downTicks,
    bidVolume: b.bidVolume,
    offerVolume: b.offerVolume,
  };
}

/** Bars of the half hour before the session, walking back from the opening book. */
export function historyBars(series: MarketSeries, firstMinute: number, rng: Rng): BarTicks[] {
  const bars: BarTicks[] = [];
  let close = series.initial.last;
  for (let k = 1; k <= HISTORY_BARS; k++) {
    const open = close + rng.int(-8, 8);
    const high = Math.max(open, close) + rng.int(0, 5);
    const low = Math.min(open, close) - rng.int(0, 5);
    const volume = series.inst.depth * rng.int(20, 120);
    const up = Math.round(volume * (0.3 + 0.4 * rng.float()));
    const bidVolume = Math.round(volume * (0.3 + 0.4 * rng.float()));
    bars.unshift({
      minute: firstMinute - k,
      open,
      high,
      low,
      close,
      upVolume: up,
      downVolume: volume - up,
      upTicks: rng.int(20, 200),
      downTicks: rng.int(20, 200),
      bidVolume,
      offerVolume: volume - bidVolume,
    });
    close = open;
  }
  return bars;
}

/**
 * The forming bar after each trade from the session start, sent (copied) at most every
 * `everyUs` once `from` has passed and before `end`.
 */
export function formingBars(
  series: MarketSeries,
  from: number,
  end: number,
  minuteOf: (t: number) => number,
  everyUs: number,
): Array<{ t: number; bar: BarTicks }> {
  const out: Array<{ t: number; bar: BarTicks }> = [];
  let bar: BarTicks | undefined;
  let prevPrice = series.initial.last;
  let nextSend = from;
  for (const u of series.updates) {
    if (!u.traded || u.t >= end) continue;
    const minute = minuteOf(u.t);
    if (bar === undefined || bar.minute !== minute) {
      bar = {
        minute,
        open: u.last,
        high: u.last,
        low: u.last,
        close: u.last,
        upVolume: 0,
        downVolume: 0,
        upTicks: 0,
        downTicks: 0,
        bidVolume: 0,
        offerVolume: 0,
      };
    }
    bar.high = Math.max(bar.high, u.last);
    bar.low = Math.min(bar.low, u.last);
    bar.close = u.last;
    if (u.last >= prevPrice) {
      bar.upVolume += u.lastSize;
      bar.upTicks += 1;
    } else {
      bar.downVolume += u.lastSize;
      bar.downTicks += 1;
    }
    if (u.aggressor === "buy") bar.offerVolume += u.lastSize;
    else bar.bidVolume += u.lastSize;
    prevPrice = u.last;
    if (u.t > from && u.t >= nextSend) {
      out.push({ t: u.t, bar: { ...bar } });
      nextSend = u.t + everyUs;
    }
  }
  return out;
}

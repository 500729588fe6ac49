/**
 * The market: for each instrument a random walk on the tick grid, as a list of top-of-book
 * updates. Activity comes in regimes (quiet spells, normal trading, bursts with a direction),
 * the spread is one tick most of the time and sometimes two, sizes move with trades, and a
 * trade that empties the touch moves the price. Every price is an integer number of ticks.
 */

import { SEC } from "../sim/session-time.js";
import type { SynthInstrument } from "./instruments.js";
import type { Rng } from "./random.js";

/** Top of book and day statistics, in ticks and contracts. */
export interface MarketState {
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  /** Last trade price and size. */
  readonly last: number;
  readonly lastSize: number;
  /** Contracts traded today so far. */
  readonly volume: number;
  readonly high: number;
  readonly low: number;
}

/** One change of the book at tape time `t` (µs). */
export interface MarketUpdate extends MarketState {
  readonly t: number;
  /** A trade printed with this update (last, lastSize and volume changed). */
  readonly traded: boolean;
  /** Who crossed the spread for that trade: a buyer lifting the ask or a seller hitting the bid. */
  readonly aggressor: "buy" | "sell" | null;
}

/** The whole session of one instrument. */
export interface MarketSeries {
  readonly inst: SynthInstrument;
  /** Today's opening price, yesterday's settlement (ticks) and open interest (contracts). */
  readonly open: number;
  readonly settlement: number;
  readonly openInterest: number;
  /** The book before the first update (what a subscriber sees first). */
  readonly initial: MarketState;
  /** Updates in time order, strictly increasing `t`. */
  readonly updates: readonly MarketUpdate[];
}

type Regime = "quiet" | "normal" | "burst";

/** Updates per second and mean length (s) of each regime. */
const REGIMES: Record<Regime, { rate: number; meanSeconds: number }> = {
  quiet: { rate: 0.6, meanSeconds: 18 },
  normal: { rate: 4, meanSeconds: 40 },
  burst: { rate: 18, meanSeconds: 6 },
};

function nextRegime(current: Regime, rng: Rng): Regime {
  if (current !== "normal") return "normal";
  return rng.chance(0.35) ? "burst" : "quiet";
}

function touchSize(inst: SynthInstrument, rng: Rng): number {
  return Math.max(1, Math.round(inst.depth * (0.3 + 1.4 * rng.float())));
}

/** Generates one instrument's session of `durationUs` microseconds. */
export function generateMarket(inst: SynthInstrument, durationUs: number, rng: Rng): MarketSeries {
  const start = inst.startTicks;
  const open = start + rng.int(-40, 40);
  const settlement = start + rng.int(-60, 60);
  let s = {
    bid: start,
    ask: start + 1,
    bidSize: touchSize(inst, rng),
    askSize: touchSize(inst, rng),
    last: start + (rng.chance(0.5) ? 1 : 0),
    lastSize: rng.int(1, 3),
    volume: inst.depth * rng.int(3000, 6000),
    high: Math.max(open, start) + rng.int(2, 30),
    low: Math.min(open, start) - rng.int(2, 30),
  };
  const initial: MarketState = { ...s };
  const updates: MarketUpdate[] = [];

  let regime: Regime = "normal";
  let regimeEnds = Math.round(rng.exp(REGIMES.normal.meanSeconds) * SEC);
  let drift = 0;
  let t = 0;
  for (;;) {
    t += rng.expMicros(SEC / REGIMES[regime].rate);
    while (t >= regimeEnds) {
      regime = nextRegime(regime, rng);
      drift = regime === "burst" ? (rng.chance(0.5) ? 1 : -1) : 0;
      regimeEnds += Math.max(SEC, Math.round(rng.exp(REGIMES[regime].meanSeconds) * SEC));
    }
    if (t >= durationUs) break;
    const next = { ...s };
    let traded = false;
    let aggressor: MarketUpdate["aggressor"] = null;
    const r = rng.float();
    if (r < 0.4) {
      // A trade at the touch; emptying the level moves the price one tick.
      traded = true;
      const buy = rng.chance(0.5 + 0.25 * drift);
      aggressor = buy ? "buy" : "sell";
      const size = Math.min(rng.geometric(0.35, 50), Math.max(1, inst.depth * 2));
      next.volume += size;
      next.lastSize = size;
      if (buy) {
        next.last = next.ask;
        next.askSize -= size;
        if (next.askSize <= 0) {
          next.bid = next.ask;
          next.bidSize = rng.int(1, Math.max(1, Math.ceil(inst.depth / 3)));
          next.ask = next.bid + 1;
          next.askSize = touchSize(inst, rng);
        }
      } else {
        next.last = next.bid;
        next.bidSize -= size;
        if (next.bidSize <= 0) {
          next.ask = next.bid;
          next.askSize = rng.int(1, Math.max(1, Math.ceil(inst.depth / 3)));
          next.bid = next.ask - 1;
          next.bidSize = touchSize(inst, rng);
        }
      }
      next.high = Math.max(next.high, next.last);
      next.low = Math.min(next.low, next.last);
    } else if (r < 0.62) {
      // The quotes move: a wide spread closes, else the mid steps, sometimes opening a gap.
      const up = rng.chance(0.5 + 0.3 * drift);
      if (next.ask - next.bid > 1) {
        if (up) next.bid += 1;
        else next.ask -= 1;
      } else {
        const step = up ? 1 : -1;
        next.bid += step;
        next.ask += step;
        if (rng.chance(0.1)) {
          if (up) next.ask += 1;
          else next.bid -= 1;
        }
      }
      next.bidSize = touchSize(inst, rng);
      next.askSize = touchSize(inst, rng);
    } else {
      // Orders join or leave the touch.
      const which = rng.chance(0.5) ? "bidSize" : "askSize";
      next[which] = Math.max(1, next[which] + rng.int(-4, 5));
    }
    updates.push({ t, traded, aggressor, ...next });
    s = next;
  }
  return {
    inst,
    open,
    settlement,
    openInterest: inst.depth * rng.int(60_000, 110_000),
    initial,
    updates,
  };
}

/** The book at tape time `t`: the last update at or before `t`, else the initial state. */
export function stateAt(series: MarketSeries, t: number): MarketState {
  const u = series.updates;
  let lo = 0;
  let hi = u.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((u[mid] as MarketUpdate).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? series.initial : (u[lo - 1] as MarketUpdate);
}

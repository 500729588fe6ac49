/**
 * Trade Manager's Recorder: each strategy keeps a virtual position per (strategy, ticker,
 * timeframe) driven by its signals, independent of the broker. A signal OPENs a flat record,
 * ADDs to it, TRIMs part of it, CLOSEs it, or reverses it (CLOSE then OPEN the other way).
 *
 * One rule keeps Trade Manager's average-price view and a FIFO view equal at every moment:
 * a record whose lots were opened at different prices (after an ADD) is only ever closed
 * whole, never trimmed. So a trimmed record always holds lots of one price.
 */
import { mulR, ratio, toNumberR } from "../pnl/ratio.js";
import type { LogVerb, Side, TradeRowWire } from "../protocols/trademanager/index.js";
import type { SynthInstrument } from "./instruments.js";
import type { Rng } from "./random.js";

/** A strategy and what it trades. */
export interface StrategyDef {
  readonly index: number;
  readonly name: string;
  readonly timeframe: string;
  readonly inst: SynthInstrument;
}

/** One change to a record, as one log line says it. */
export interface RecorderStep {
  readonly verb: Exclude<LogVerb, "CLEARED">;
  /** OPEN/ADD: the side bought or sold. TRIM/CLOSE: the direction of the record being reduced. */
  readonly side: Side;
  readonly qty: number;
  readonly priceTicks: number;
}

/** What one signal did: its steps and the signed quantity the broker must trade for it. */
export interface RecorderSignal {
  readonly strategy: StrategyDef;
  readonly steps: readonly RecorderStep[];
  /** Contracts to buy (> 0) or sell (< 0) at the broker to follow the record. */
  readonly delta: number;
}

interface Lot {
  qty: number;
  readonly ticks: number;
}

interface RecordState {
  dir: Side | undefined;
  lots: Lot[];
  tradeId: number;
  openT: number;
  openQty: number;
}

/** Names and timeframes Trade Manager users run (the first four are seen in the web app). */
const STRATEGY_NAMES: ReadonlyArray<readonly [string, string]> = [
  ["ROG-15SV", "15"],
  ["NEURAL-MOMENTUM", "5"],
  ["SNAKE", "5"],
  ["TREND-RIDER", "30"],
  ["ORB-10S", "10s"],
  ["MEAN-REVERT", "15"],
  ["VWAP-BOUNCE", "5"],
  ["BREAKOUT-X", "30"],
];

/** The strategies of a session: names from the list, instruments round-robin. */
export function sessionStrategies(
  count: number,
  instruments: readonly SynthInstrument[],
): StrategyDef[] {
  return Array.from({ length: count }, (_, index) => {
    const [base, timeframe] = STRATEGY_NAMES[index % STRATEGY_NAMES.length] ?? ["STRAT", "5"];
    const round = Math.floor(index / STRATEGY_NAMES.length);
    const name = round === 0 ? base : `${base}-${round + 1}`;
    const inst = instruments[index % instruments.length] as SynthInstrument;
    return { index, name, timeframe, inst };
  });
}

const opposite = (side: Side): Side => (side === "BUY" ? "SELL" : "BUY");

/** Every strategy's record and the choices its signals make. */
export class Recorder {
  readonly strategies: readonly StrategyDef[];
  readonly #records: RecordState[];
  readonly #rng: Rng;
  #nextTradeId: number;

  constructor(strategies: readonly StrategyDef[], rng: Rng) {
    this.strategies = strategies;
    this.#rng = rng;
    this.#records = strategies.map(() => ({
      dir: undefined,
      lots: [],
      tradeId: 0,
      openT: 0,
      openQty: 0,
    }));
    this.#nextTradeId = rng.int(18_000, 48_000);
  }

  /** Signed size of a strategy's record (long > 0). */
  position(index: number): number {
    const r = this.#records[index];
    if (r?.dir === undefined) return 0;
    const qty = r.lots.reduce((sum, l) => sum + l.qty, 0);
    return r.dir === "BUY" ? qty : -qty;
  }

  /** A signal for strategy `index` at tape time `t`, priced at `priceTicks` (the alert's close). */
  signal(index: number, t: number, priceTicks: number): RecorderSignal {
    const strategy = this.strategies[index];
    const r = this.#records[index];
    if (strategy === undefined || r === undefined) throw new RangeError(`no strategy ${index}`);
    const rng = this.#rng;
    const before = this.position(index);
    const steps: RecorderStep[] = [];
    const held = Math.abs(before);
    const onePrice = r.lots.length <= 1;
    const open = (side: Side, qty: number) => {
      steps.push({ verb: "OPEN", side, qty, priceTicks });
      r.dir = side;
      r.lots = [{ qty, ticks: priceTicks }];
      r.tradeId = this.#nextTradeId++;
      r.openT = t;
      r.openQty = qty;
    };
    const close = () => {
      if (r.dir === undefined) return;
      steps.push({ verb: "CLOSE", side: r.dir, qty: held, priceTicks });
      r.dir = undefined;
      r.lots = [];
    };
    if (r.dir === undefined) {
      open(rng.chance(0.5) ? "BUY" : "SELL", rng.chance(0.3) ? 2 : 1);
    } else {
      const dir = r.dir;
      const roll = rng.float();
      if (held >= 2 && onePrice && roll < 0.45) {
        steps.push({ verb: "TRIM", side: dir, qty: 1, priceTicks });
        (r.lots[0] as Lot).qty -= 1;
      } else if (held === 1 && roll < 0.3) {
        steps.push({ verb: "ADD", side: dir, qty: 1, priceTicks });
        r.lots.push({ qty: 1, ticks: priceTicks });
      } else if (roll < 0.7) {
        close();
      } else {
        close();
        open(opposite(dir), 1);
      }
    }
    return { strategy, steps, delta: this.position(index) - before };
  }

  /** The open-trade list Trade Manager sends in a TRADES frame, at tape time `now`. */
  rows(chicagoTime: (t: number) => string): TradeRowWire[] {
    const rows: TradeRowWire[] = [];
    this.#records.forEach((r, index) => {
      const s = this.strategies[index];
      if (r.dir === undefined || s === undefined) return;
      const qty = r.lots.reduce((sum, l) => sum + l.qty, 0);
      const cost = r.lots.reduce((sum, l) => sum + BigInt(l.qty * l.ticks), 0n);
      const avg = mulR(ratio(cost, BigInt(qty)), s.inst.spec.grid.size);
      rows.push({
        id: r.tradeId,
        Strat_Name: s.name,
        Ticker: s.inst.ticker,
        StratTicker: `${s.name}_${s.inst.ticker}`,
        TimeFrame: s.timeframe,
        Direction: r.dir,
        Open_Price: toNumberR(avg),
        Running_Pos: qty,
        Position_Size: r.openQty,
        Open_Time: chicagoTime(r.openT),
      });
    });
    return rows;
  }
}

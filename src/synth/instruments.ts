/**
 * The contracts a synthesized session trades: for each root its front-month contract on the
 * session date (`ES` on 2026-11-20 is `ESZ6`), TradingView's continuous ticker (`ES1!`), the
 * Tradovate ids every message shares (contract, maturity, product), the tick grid, the money
 * per tick, and a realistic price to start the random walk from.
 */
import {
  type ContractSpec,
  DEFAULT_CONTRACTS,
  expiryDay,
  formatTradovate,
  frontMonth,
  isoDay,
} from "../pnl/index.js";
import { formatDecimal, mulR, ratio, toNumberR } from "../pnl/ratio.js";
import { priceToTicks } from "../pnl/ticks.js";
import type { Rng } from "./random.js";

/** One traded contract and every id and number the venues show for it. */
export interface SynthInstrument {
  readonly root: string;
  readonly spec: ContractSpec;
  /** Tradovate contract name, e.g. `ESZ6`. */
  readonly contractName: string;
  /** TradingView continuous ticker, e.g. `ES1!`. */
  readonly ticker: string;
  readonly contractId: number;
  readonly maturityId: number;
  readonly productId: number;
  /** Contract month as Tradovate's `expirationMonth`, e.g. 202612. */
  readonly expirationMonth: number;
  /** Last trading day, ISO, e.g. `2026-12-18T14:30:00.000Z`. */
  readonly expirationDate: string;
  /** Tick size and value per point as the wire writes them (0.25, 50). */
  readonly tickSize: number;
  readonly valuePerPoint: number;
  /** Dollars per tick (Trade Manager's `amnt`), e.g. 12.5. */
  readonly tickValue: number;
  /** Where the walk starts, in ticks. */
  readonly startTicks: number;
  /** Typical size shown at the touch, in contracts. */
  readonly depth: number;
}

/** A late-2026 price level per root: the walk starts near it. */
const REFERENCE_PRICE: Record<string, string> = {
  ES: "6720",
  MES: "6720",
  NQ: "24950",
  MNQ: "24950",
  YM: "47100",
  MYM: "47100",
  RTY: "2450",
  M2K: "2450",
  CL: "71.45",
  MCL: "71.45",
  GC: "4050",
  MGC: "4050",
  SI: "50.5",
  ZB: "117",
  ZN: "110.5",
  "6E": "1.16",
  BTC: "95000",
  MBT: "95000",
  ETH: "3200",
  MET: "3200",
};

/** Contracts shown at the touch: thick books for E-minis, thin for micros and metals. */
const DEPTH: Record<string, number> = { ES: 24, NQ: 8, YM: 6, RTY: 8, ZN: 600, ZB: 150, CL: 12 };

/** The exact price of a tick count as the shortest double (3 ticks of 0.1 is 0.3). */
export function tickPrice(inst: SynthInstrument, ticks: number): number {
  return toNumberR(mulR(ratio(BigInt(ticks)), inst.spec.grid.size));
}

/** A price as text with the grid's decimal places (`6723.25`, `71.10`). */
export function tickPriceText(inst: SynthInstrument, ticks: number): string {
  return formatDecimal(mulR(ratio(BigInt(ticks)), inst.spec.grid.size), 12);
}

/**
 * The instruments of a session: front-month contracts of `roots` on `startIso`, ids drawn once
 * from `rng` (six- and seven-digit, as Tradovate's are). Roots must have a roll rule.
 */
export function sessionInstruments(
  roots: readonly string[],
  startIso: string,
  rng: Rng,
): SynthInstrument[] {
  let contractId = rng.int(3_500_000, 3_900_000);
  let maturityId = rng.int(50_000, 60_000);
  let productId = rng.int(400, 600);
  return roots.map((root) => {
    const spec = DEFAULT_CONTRACTS.require(root, "synth");
    const month = frontMonth(spec, startIso);
    const rule = spec.roll?.rule ?? "thirdFriday";
    const reference = priceToTicks(REFERENCE_PRICE[root] ?? "100", spec.grid, root);
    const wobble = BigInt(rng.int(-400, 400));
    contractId += rng.int(3, 90);
    maturityId += rng.int(2, 40);
    productId += rng.int(1, 12);
    return {
      root,
      spec,
      contractName: formatTradovate(month),
      ticker: `${root}1!`,
      contractId,
      maturityId,
      productId,
      expirationMonth: month.year * 100 + month.month,
      expirationDate: `${isoDay(expiryDay(rule, month.year, month.month))}T14:30:00.000Z`,
      tickSize: toNumberR(spec.grid.size),
      valuePerPoint: toNumberR(spec.valuePerPoint),
      tickValue: Number(spec.tickValue) / 1e6,
      startTicks: Number(reference + wobble),
      depth: DEPTH[root] ?? 10,
    };
  });
}

/**
 * Reconciliation: what a venue says (Tradovate position and cash-balance entities, Trade
 * Manager's open-trade rows and its own P&L formula) against what the ledger computed from the
 * fills, at the same moment. Every disagreement is reported with time, key, field and both
 * values. Inputs are neutral observations: the caller (fed from a tape) builds them from
 * protocol messages and interleaves them with the fills in tape order.
 *
 * Venues compute in doubles, so their figures carry float noise (3 * 71.45 is
 * 214.35000000000002). A figure agrees when it is closer to the exact ledger figure than half
 * the smallest real difference: half a tick of value for prices and price sums, half a cent
 * (configurable) for money. The comparison itself is exact: venue numbers are read as the
 * decimals they print as, never subtracted as floats.
 */

import { TapedeckError } from "../errors.js";
import type { Instrument } from "./instrument.js";
import type { AccountKey, Ledger, RecordKey, Timestamp } from "./ledger.js";
import { describeKey } from "./ledger.js";
import { formatMicros, type Micros } from "./money.js";
import {
  cmpR,
  divR,
  formatDecimal,
  isNotADecimal,
  mulR,
  parseDecimal,
  type Ratio,
  ratio,
  subR,
} from "./ratio.js";

/** A Tradovate `position` entity (only the fields compared; absent ones are skipped). */
export interface TradovatePositionObservation {
  readonly kind: "tradovatePosition";
  readonly time: Timestamp;
  readonly key: AccountKey;
  readonly netPos: number;
  /** Average held price; absent (or null) when flat. */
  readonly netPrice?: number | null;
  readonly bought?: number;
  /** Sum of qty * price bought, in price points. */
  readonly boughtValue?: number;
  readonly sold?: number;
  readonly soldValue?: number;
}

/** A Tradovate `cashBalance` entity's realized P&L (dollars) for one account. */
export interface RealizedPnlObservation {
  readonly kind: "realizedPnL";
  readonly time: Timestamp;
  readonly account: string;
  readonly realizedPnL: number;
}

/** A Trade Manager open-trade row plus the DATA frame (prices, tickinfo) it is valued with. */
export interface TradeManagerObservation {
  readonly kind: "tradeManagerRecord";
  readonly time: Timestamp;
  readonly key: RecordKey;
  readonly direction: "BUY" | "SELL";
  readonly openPrice: number | string;
  readonly runningPos: number | string;
  readonly bid: number | string;
  readonly ask: number | string;
  /** DATA.tickinfo.step (tick size) and amnt (dollars per tick). */
  readonly step: number | string;
  readonly amnt: number | string;
}

/** Anything the reconciler can compare. */
export type Observation =
  | TradovatePositionObservation
  | RealizedPnlObservation
  | TradeManagerObservation;

/** One field where the venue and the ledger disagree. */
export interface Disagreement {
  readonly time: Timestamp;
  /** The key as people read it (`account 7 ESZ5`, `record SNAKE NQ1! 5`, `account 7`). */
  readonly key: string;
  readonly field: string;
  /** The venue's value, as it printed. */
  readonly external: string;
  /** The ledger's value, exact. */
  readonly ledger: string;
  readonly note?: string;
}

/** Tolerances; the defaults are half the smallest real difference. */
export interface ReconcileOptions {
  /** Money agrees within this many micro-dollars (default 5000: half a cent). */
  readonly moneyToleranceMicros?: bigint;
}

/** Compares observations against a ledger and keeps every disagreement found. */
export class Reconciler {
  readonly ledger: Ledger;
  readonly #tolerance: Ratio;
  readonly #found: Disagreement[] = [];

  constructor(ledger: Ledger, options: ReconcileOptions = {}) {
    this.ledger = ledger;
    this.#tolerance = ratio(options.moneyToleranceMicros ?? 5000n);
  }

  /** Every disagreement so far, in observation order. */
  get disagreements(): readonly Disagreement[] {
    return this.#found;
  }

  /** Compares one observation with the ledger's current state; returns what disagreed. */
  observe(obs: Observation): Disagreement[] {
    const found = compare(this.ledger, obs, this.#tolerance);
    this.#found.push(...found);
    return found;
  }
}

/** Compares one observation with a ledger's current state. Never throws on bad values. */
export function reconcile(
  ledger: Ledger,
  obs: Observation,
  options: ReconcileOptions = {},
): Disagreement[] {
  return compare(ledger, obs, ratio(options.moneyToleranceMicros ?? 5000n));
}

function compare(ledger: Ledger, obs: Observation, tolerance: Ratio): Disagreement[] {
  const out = new Findings(obs.time);
  try {
    switch (obs.kind) {
      case "tradovatePosition":
        comparePosition(ledger, obs, out);
        break;
      case "realizedPnL":
        compareRealized(ledger, obs, out, tolerance);
        break;
      case "tradeManagerRecord":
        compareRecord(ledger, obs, out, tolerance);
        break;
    }
  } catch (err) {
    // An unknown symbol is a finding about the input, not a crash of the comparison.
    if (!(err instanceof TapedeckError)) throw err;
    const key = "key" in obs ? describeKey(obs.key) : `account ${obs.account}`;
    out.add(key, "symbol", "", "", err.message);
  }
  return out.list;
}

class Findings {
  readonly list: Disagreement[] = [];
  constructor(readonly time: Timestamp) {}
  add(key: string, field: string, external: string, ledger: string, note?: string): void {
    this.list.push({ time: this.time, key, field, external, ledger, ...(note ? { note } : {}) });
  }
}

/** A venue number read exactly, or null (and a finding) when it is not a number. */
function read(value: unknown, out: Findings, key: string, field: string): Ratio | null {
  const r =
    typeof value === "number" || typeof value === "string"
      ? parseDecimal(value)
      : ({ kind: "unrecognised", raw: String(value), why: "not a number" } as const);
  if (!isNotADecimal(r)) return r;
  out.add(key, field, String(value), "", `unreadable: ${r.why}`);
  return null;
}

function abs(r: Ratio): Ratio {
  return r.num < 0n ? ratio(-r.num, r.den) : r;
}

/** True when |a - b| < tolerance. */
function within(a: Ratio, b: Ratio, tolerance: Ratio): boolean {
  return cmpR(abs(subR(a, b)), tolerance) < 0;
}

function comparePosition(ledger: Ledger, obs: TradovatePositionObservation, out: Findings): void {
  const key = describeKey(obs.key);
  const inst = ledger.instrument(obs.key.symbol);
  const book = ledger.book(obs.key);
  const tick = inst.grid.size;
  const halfTick = ratio(tick.num, tick.den * 2n);
  const position = book?.position ?? 0n;

  const netPos = read(obs.netPos, out, key, "netPos");
  if (netPos !== null && cmpR(netPos, ratio(position)) !== 0) {
    out.add(key, "netPos", String(obs.netPos), String(position));
  }
  if (position !== 0n || (netPos !== null && netPos.num !== 0n)) {
    const avg = book?.avgTicks() ?? null;
    const mine = avg === null ? null : mulR(avg, tick);
    if (obs.netPrice === undefined || obs.netPrice === null) {
      if (mine !== null) out.add(key, "netPrice", "absent", formatDecimal(mine));
    } else {
      const ext = read(obs.netPrice, out, key, "netPrice");
      if (ext !== null && mine === null) out.add(key, "netPrice", String(obs.netPrice), "flat");
      // Average prices disagree when the costs of the open quantity differ by half a tick.
      const held = ratio(position < 0n ? -position : position);
      if (ext !== null && mine !== null && cmpR(mulR(abs(subR(ext, mine)), held), halfTick) >= 0) {
        out.add(key, "netPrice", String(obs.netPrice), formatDecimal(mine));
      }
    }
  }
  const pairs: Array<[string, number | undefined, bigint]> = [
    ["bought", obs.bought, book?.bought ?? 0n],
    ["sold", obs.sold, book?.sold ?? 0n],
  ];
  for (const [field, value, mine] of pairs) {
    if (value === undefined) continue;
    const ext = read(value, out, key, field);
    if (ext !== null && cmpR(ext, ratio(mine)) !== 0)
      out.add(key, field, String(value), String(mine));
  }
  const values: Array<[string, number | undefined, bigint]> = [
    ["boughtValue", obs.boughtValue, book?.boughtTicks ?? 0n],
    ["soldValue", obs.soldValue, book?.soldTicks ?? 0n],
  ];
  for (const [field, value, ticks] of values) {
    if (value === undefined) continue;
    const ext = read(value, out, key, field);
    const mine = mulR(ratio(ticks), tick);
    if (ext !== null && !within(ext, mine, halfTick)) {
      out.add(key, field, String(value), formatDecimal(mine));
    }
  }
}

function compareRealized(
  ledger: Ledger,
  obs: RealizedPnlObservation,
  out: Findings,
  tolerance: Ratio,
): void {
  const key = `account ${obs.account}`;
  let total: Micros = 0n;
  for (const row of ledger.snapshot()) {
    if ("account" in row.key && String(row.key.account) === String(obs.account)) {
      total += row.realized;
    }
  }
  const ext = read(obs.realizedPnL, out, key, "realizedPnL");
  if (ext === null) return;
  const extMicros = mulR(ext, ratio(1_000_000n));
  if (!within(extMicros, ratio(total), tolerance)) {
    out.add(key, "realizedPnL", String(obs.realizedPnL), formatMicros(total));
  }
}

/**
 * Trade Manager's own figure for an open record, computed exactly from its own numbers:
 * `((BUY ? bid - open : open - ask) / step) * amnt * |Running_Pos|`, in dollars.
 */
export function tradeManagerPnl(r: {
  direction: "BUY" | "SELL";
  open: Ratio;
  bid: Ratio;
  ask: Ratio;
  step: Ratio;
  amnt: Ratio;
  runningPos: Ratio;
}): Ratio {
  const move = r.direction === "BUY" ? subR(r.bid, r.open) : subR(r.open, r.ask);
  return mulR(mulR(divR(move, r.step), r.amnt), abs(r.runningPos));
}

function compareRecord(
  ledger: Ledger,
  obs: TradeManagerObservation,
  out: Findings,
  tolerance: Ratio,
): void {
  const key = describeKey(obs.key);
  const inst = ledger.instrument(obs.key.ticker);
  const book = ledger.book(obs.key);
  const open = read(obs.openPrice, out, key, "Open_Price");
  const pos = read(obs.runningPos, out, key, "Running_Pos");
  const bid = read(obs.bid, out, key, "bid");
  const ask = read(obs.ask, out, key, "ask");
  const step = read(obs.step, out, key, "tickinfo.step");
  const amnt = read(obs.amnt, out, key, "tickinfo.amnt");
  if (obs.direction !== "BUY" && obs.direction !== "SELL") {
    out.add(key, "Direction", String(obs.direction), "", "expected BUY or SELL");
    return;
  }
  if (step !== null && step.num <= 0n) {
    out.add(key, "tickinfo.step", String(obs.step), formatDecimal(inst.grid.size), "not positive");
    return;
  }
  compareTickInfo(inst, step, amnt, obs, out, key);

  const position = book?.position ?? 0n;
  const sign = obs.direction === "BUY" ? 1n : -1n;
  if (pos !== null) {
    const extUnits = mulR(divR(abs(pos), inst.qtyStep), ratio(sign));
    if (cmpR(extUnits, ratio(position)) !== 0) {
      const mine = formatDecimal(mulR(ratio(position), inst.qtyStep), 18);
      out.add(key, "position", `${obs.direction} ${String(obs.runningPos)}`, mine);
    }
  }
  const avg = book?.avgTicks() ?? null;
  const ledgerOpen = avg === null ? null : mulR(avg, inst.grid.size);
  if (open !== null && ledgerOpen !== null) {
    const halfTick = ratio(inst.grid.size.num, inst.grid.size.den * 2n);
    const units = position < 0n ? -position : position;
    const diff = mulR(mulR(abs(subR(open, ledgerOpen)), ratio(units)), inst.qtyStep);
    if (cmpR(diff, halfTick) >= 0) {
      out.add(key, "Open_Price", String(obs.openPrice), formatDecimal(ledgerOpen));
    }
  }
  if (
    open === null ||
    pos === null ||
    bid === null ||
    ask === null ||
    step === null ||
    amnt === null
  ) {
    return;
  }
  const theirs = mulR(
    tradeManagerPnl({ direction: obs.direction, open, bid, ask, step, amnt, runningPos: pos }),
    ratio(1_000_000n),
  );
  // The ledger's figure at the same bid/ask (liquidation value), from its own cost.
  let mine: Ratio = ratio(0n);
  if (book !== undefined && position !== 0n) {
    const markPrice = position > 0n ? bid : ask;
    const fine = book.unrealizedAt(divR(markPrice, inst.grid.size));
    mine = ratio(fine.num, fine.den * inst.finePerMicro);
  }
  if (!within(theirs, mine, tolerance)) {
    out.add(
      key,
      "pnl",
      formatMicrosRatio(theirs),
      formatMicrosRatio(mine),
      "Trade Manager formula vs ledger at bid/ask",
    );
  }
}

/** Trade Manager's tickinfo against the contract table (futures only: spot has no tick value). */
function compareTickInfo(
  inst: Instrument,
  step: Ratio | null,
  amnt: Ratio | null,
  obs: TradeManagerObservation,
  out: Findings,
  key: string,
): void {
  if (inst.kind !== "future") return;
  if (step !== null && cmpR(step, inst.grid.size) !== 0) {
    out.add(key, "tickinfo.step", String(obs.step), formatDecimal(inst.grid.size));
  }
  const tickValue = ratio(inst.tickUnitValue, 1_000_000n);
  if (amnt !== null && cmpR(amnt, tickValue) !== 0) {
    out.add(key, "tickinfo.amnt", String(obs.amnt), formatDecimal(tickValue));
  }
}

function formatMicrosRatio(micros: Ratio): string {
  return formatDecimal(ratio(micros.num, micros.den * 1_000_000n), 8);
}

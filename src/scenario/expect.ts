/**
 * Compares what a run produced with what the scenario says must come out. Money compares exactly
 * (micro-dollars); every difference reads `where: expected X, got Y`, the first one is what a
 * failing scenario prints.
 */
import type { PnlTapeReport } from "../pnl/from-tape/index.js";
import type { PositionRow } from "../pnl/ledger.js";
import { formatMicros, type Micros, parseMicros } from "../pnl/money.js";
import type { FillSeen, TradingView } from "./trading.js";
import type {
  Expectations,
  FillExpectation,
  PositionExpectation,
  RecordExpectation,
} from "./types.js";

/** What a run produced, as the expectations read it. */
export interface RunOutcome {
  readonly report: PnlTapeReport;
  /** Received message kinds per socket name. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly reconnected: ReadonlySet<string>;
  /** Shape drift from the baseline tape (`shapesLike`), one `tapedeck diff` line each. */
  readonly shapeDrift?: readonly string[];
  /** Orders, fills and strategies the client received. */
  readonly trading?: TradingView;
  /** Order ids by the `as` names of the steps that placed them. */
  readonly orderNames?: ReadonlyMap<string, number>;
  readonly strategyNames?: ReadonlyMap<string, number>;
}

const money = (m: Micros | null): string => (m === null ? "null" : formatMicros(m));

function moneyDiff(
  where: string,
  want: string | null | undefined,
  got: Micros | null,
  out: string[],
): void {
  if (want === undefined) return;
  const w = want === null ? null : parseMicros(want);
  if (w === got) return;
  out.push(
    `${where}: expected ${want === null ? "null" : formatMicros(w ?? 0n)}, got ${money(got)}`,
  );
}

function rowDiffs(
  where: string,
  want: PositionExpectation | RecordExpectation,
  row: PositionRow,
  out: string[],
): void {
  if (want.quantity !== row.quantity) {
    out.push(`${where}.quantity: expected ${want.quantity}, got ${row.quantity}`);
  }
  if (want.avgPrice !== undefined && want.avgPrice !== row.avgPrice) {
    out.push(`${where}.avgPrice: expected ${want.avgPrice}, got ${row.avgPrice}`);
  }
  moneyDiff(`${where}.realized`, want.realized, row.realized, out);
  moneyDiff(`${where}.unrealized`, want.unrealized, row.unrealized, out);
  moneyDiff(`${where}.fees`, want.fees, row.fees, out);
  if ("net" in want) moneyDiff(`${where}.net`, want.net, row.net, out);
}

function label(row: PositionRow): string {
  const k = row.key;
  return "account" in k
    ? `${k.symbol} (account ${k.account})`
    : `${k.strategy} ${k.ticker} ${k.timeframe}`;
}

function matchRows<W extends PositionExpectation | RecordExpectation>(
  where: string,
  wanted: readonly W[],
  rows: readonly PositionRow[],
  matches: (w: W, row: PositionRow) => boolean,
  name: (w: W) => string,
  out: string[],
): void {
  const used = new Set<PositionRow>();
  for (const [k, w] of wanted.entries()) {
    const row = rows.find((r) => !used.has(r) && matches(w, r));
    if (!row) {
      const seen = rows.map(label).join(", ") || "none";
      out.push(`${where}[${k}] ${name(w)}: expected a position, got none (positions: ${seen})`);
      continue;
    }
    used.add(row);
    rowDiffs(`${where}[${k}] ${name(w)}`, w, row, out);
  }
  for (const row of rows) {
    if (!used.has(row)) {
      out.push(
        `${where}: expected no other position, got ${label(row)} quantity ${row.quantity} realized ${money(row.realized)}`,
      );
    }
  }
}

/** `Buy 2 @ 6700.25 at 2026-11-20T14:30:01.500Z (order entry)`, as much as `want` states. */
function fillText(
  f: FillSeen | FillExpectation,
  withTime: boolean,
  order: string | undefined,
): string {
  const time = "timestamp" in f ? f.timestamp : f.time;
  return `${f.action} ${f.qty} @ ${f.price}${withTime ? ` at ${time}` : ""}${order === undefined ? "" : ` (order ${order})`}`;
}

/** Differences between the fills wanted and the fills got, one list against the other. */
function fillDiffs(
  where: string,
  want: readonly FillExpectation[],
  got: readonly FillSeen[],
  nameOf: (orderId: number) => string | undefined,
  out: string[],
): void {
  for (let k = 0; k < Math.max(want.length, got.length); k++) {
    const w = want[k];
    const g = got[k];
    if (!w) {
      out.push(
        `${where}[${k}]: expected no more fills, got ${fillText(g!, true, nameOf(g!.orderId))}`,
      );
      continue;
    }
    const withTime = w.time !== undefined;
    const withOrder = w.order !== undefined;
    if (!g) {
      out.push(`${where}[${k}]: expected ${fillText(w, withTime, w.order)}, got no fill`);
      continue;
    }
    const gotOrder = nameOf(g.orderId);
    const same =
      w.action === g.action &&
      w.qty === g.qty &&
      w.price === g.price &&
      (!withTime || w.time === g.timestamp) &&
      (!withOrder || w.order === gotOrder);
    if (!same) {
      out.push(
        `${where}[${k}]: expected ${fillText(w, withTime, w.order)}, got ${fillText(g, withTime, withOrder ? (gotOrder ?? `id ${g.orderId}`) : undefined)}`,
      );
    }
  }
}

function tradingDiffs(want: Expectations, outcome: RunOutcome, out: string[]): void {
  if (!want.orders && !want.allFills && !want.strategies) return;
  const view = outcome.trading;
  const names = outcome.orderNames ?? new Map<string, number>();
  const byId = new Map<number, string>();
  for (const [name, id] of names) byId.set(id, name);
  const nameOf = (id: number) => byId.get(id);
  const fills = view?.fills ?? [];
  for (const [name, w] of Object.entries(want.orders ?? {})) {
    const id = names.get(name);
    if (id === undefined) {
      out.push(`orders.${name}: expected an order, got none (its step got no orderId)`);
      continue;
    }
    const status = view?.orderStatus.get(id);
    if (w.ordStatus !== undefined && w.ordStatus !== status) {
      out.push(`orders.${name}.ordStatus: expected ${w.ordStatus}, got ${status ?? "none"}`);
    }
    if (w.fills !== undefined) {
      fillDiffs(
        `orders.${name}.fills`,
        w.fills,
        fills.filter((f) => f.orderId === id),
        nameOf,
        out,
      );
    }
  }
  if (want.allFills) fillDiffs("allFills", want.allFills, fills, nameOf, out);
  for (const [name, status] of Object.entries(want.strategies ?? {})) {
    const id = outcome.strategyNames?.get(name);
    if (id === undefined) {
      out.push(`strategies.${name}: expected an order strategy, got none (its step got no id)`);
      continue;
    }
    const got = view?.strategyStatus.get(id);
    if (got !== status) out.push(`strategies.${name}: expected ${status}, got ${got ?? "none"}`);
  }
}

/** Every difference between `outcome` and `want`, in the order the expectations list them. */
export function differences(want: Expectations, outcome: RunOutcome): string[] {
  const out: string[] = [];
  const { report } = outcome;
  if (want.positions) {
    matchRows(
      "positions",
      want.positions,
      report.accounts,
      (w, r) =>
        "account" in r.key &&
        r.symbol === w.symbol &&
        (w.account === undefined || r.key.account === w.account),
      (w) => w.symbol,
      out,
    );
  }
  if (want.records) {
    matchRows(
      "records",
      want.records,
      report.records,
      (w, r) =>
        "strategy" in r.key &&
        r.key.strategy === w.strategy &&
        r.key.ticker === w.ticker &&
        r.key.timeframe === w.timeframe,
      (w) => `${w.strategy} ${w.ticker} ${w.timeframe}`,
      out,
    );
  }
  tradingDiffs(want, outcome, out);
  if (want.fills) {
    for (const venue of ["tradovate", "trademanager"] as const) {
      const n = want.fills[venue];
      const got = report.stats.fills[venue];
      if (n !== undefined && n !== got) out.push(`fills.${venue}: expected ${n}, got ${got}`);
    }
  }
  if (want.counts) {
    for (const [socket, kinds] of Object.entries(want.counts)) {
      for (const [kind, n] of Object.entries(kinds)) {
        const got = outcome.counts[socket]?.[kind] ?? 0;
        if (got !== n) out.push(`counts.${socket}.${kind}: expected ${n}, got ${got}`);
      }
    }
  }
  if (want.noUnrecognised) {
    for (const [socket, kinds] of Object.entries(outcome.counts)) {
      const n = kinds.unrecognised ?? 0;
      if (n > 0) out.push(`noUnrecognised: expected none on ${socket}, got ${n}`);
    }
    const { tradovate, trademanager } = report.stats.unrecognisedFrames;
    if (tradovate + trademanager > 0) {
      out.push(
        `noUnrecognised: expected the ledger to read every frame, got ${tradovate} Tradovate and ${trademanager} Trade Manager frames it could not`,
      );
    }
  }
  for (const socket of want.reconnected ?? []) {
    if (!outcome.reconnected.has(socket)) {
      out.push(
        `reconnected: expected ${socket} closed by the server and connected again, got no reconnect`,
      );
    }
  }
  if (want.disagreements !== undefined) {
    const got = report.reconciliation.disagreements;
    if (got.length !== want.disagreements) {
      const first =
        got[0] === undefined
          ? ""
          : ` (first: ${JSON.stringify(got[0], (_k, v) => (typeof v === "bigint" ? String(v) : v))})`;
      out.push(`disagreements: expected ${want.disagreements}, got ${got.length}${first}`);
    }
  }
  if (want.shapesLike !== undefined) {
    for (const line of outcome.shapeDrift ?? []) {
      out.push(`shapesLike: expected the shapes of ${want.shapesLike}, got ${line.trim()}`);
    }
  }
  return out;
}

/** Positions and P&L of two runs side by side: differences when they do not agree. */
export function sameResults(a: PnlTapeReport, b: PnlTapeReport, what: string): string[] {
  const text = (r: PnlTapeReport) =>
    [...r.accounts, ...r.records].map(
      (row) =>
        `${label(row)} quantity ${row.quantity} realized ${money(row.realized)} unrealized ${money(row.unrealized)} fees ${money(row.fees)}`,
    );
  const x = text(a);
  const y = text(b);
  const out: string[] = [];
  for (let k = 0; k < Math.max(x.length, y.length); k++) {
    if (x[k] !== y[k])
      out.push(`${what}: expected ${x[k] ?? "no position"}, got ${y[k] ?? "no position"}`);
  }
  return out;
}

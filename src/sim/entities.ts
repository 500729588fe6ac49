/**
 * Tradovate entity shapes of a simulated account (spec §6), built from the venue's orders and
 * the ledger's figures: positions, cash and fill pairs are never computed here.
 */
import type { PositionRow } from "../pnl/ledger.js";
import { MICROS_PER_UNIT, type Micros } from "../pnl/money.js";
import { mulR, type Ratio, ratio, toNumberR } from "../pnl/ratio.js";
import type { TickGrid } from "../pnl/ticks.js";
import type { TradeDate } from "../protocols/tradovate/entities.js";
import type { SimOrder } from "./types.js";

type Entity = Record<string, unknown>;

/** A money figure as Tradovate writes it: dollars as a JSON number (display only). */
export function dollars(m: Micros): number {
  return Number(m) / Number(MICROS_PER_UNIT);
}

/** A price in ticks as a wire number. */
export function wirePrice(ticks: number | Ratio, grid: TickGrid): number {
  const r = typeof ticks === "number" ? ratio(BigInt(ticks)) : ticks;
  return toNumberR(mulR(r, grid.size));
}

/** The order entity. */
export function orderEntity(o: SimOrder, iso: string): Entity {
  const e: Entity = {
    id: o.id,
    accountId: o.accountId,
    contractId: o.contractId,
    timestamp: iso,
    action: o.action,
    ordStatus: o.status,
    executionProviderId: 1,
    admin: false,
  };
  if (o.ocoId !== undefined) e.ocoId = o.ocoId;
  if (o.parentId !== undefined) e.parentId = o.parentId;
  if (o.linkedId !== undefined) e.linkedId = o.linkedId;
  return e;
}

/** The orderVersion entity of the order's current terms. */
export function orderVersionEntity(o: SimOrder, grid: TickGrid): Entity {
  const e: Entity = {
    id: o.versionId,
    orderId: o.id,
    orderQty: o.terms.qty,
    orderType: o.terms.orderType,
    timeInForce: o.terms.tif,
  };
  if (o.terms.price !== undefined) e.price = wirePrice(o.terms.price, grid);
  if (o.terms.stopPrice !== undefined) e.stopPrice = wirePrice(o.terms.stopPrice, grid);
  if (o.terms.text !== undefined) e.text = o.terms.text;
  return e;
}

/** What a position entity is built from. */
export interface PositionFacts {
  readonly id: number;
  readonly accountId: number;
  readonly contractId: number;
  readonly timestamp: string;
  readonly tradeDate: TradeDate;
  readonly row: PositionRow | undefined;
  readonly grid: TickGrid;
}

/**
 * The position entity, every figure from the ledger row: netPrice is the FIFO average of the
 * open lots (absent when flat), the *Value sums are in price points.
 */
export function positionEntity(p: PositionFacts): Entity {
  const points = (ticks: Ratio) => toNumberR(mulR(ticks, p.grid.size));
  const e: Entity = {
    id: p.id,
    accountId: p.accountId,
    contractId: p.contractId,
    timestamp: p.timestamp,
    tradeDate: p.tradeDate,
    netPos: Number(p.row?.position ?? 0n),
  };
  if (p.row?.avgPriceTicks) e.netPrice = points(p.row.avgPriceTicks);
  Object.assign(e, {
    bought: Number(p.row?.bought ?? 0n),
    boughtValue: points(ratio(p.row?.boughtTicks ?? 0n)),
    sold: Number(p.row?.sold ?? 0n),
    soldValue: points(ratio(p.row?.soldTicks ?? 0n)),
    prevPos: 0,
    archived: false,
  });
  return e;
}

/** The cashBalance entity: starting cash plus realized P&L minus fees, from the ledger. */
export function cashBalanceEntity(
  id: number,
  accountId: number,
  timestamp: string,
  tradeDate: TradeDate,
  startingCash: Micros,
  realized: Micros,
  fees: Micros,
): Entity {
  return {
    id,
    accountId,
    timestamp,
    tradeDate,
    currencyId: 1,
    amount: dollars(startingCash + realized - fees),
    realizedPnL: dollars(realized),
    weekRealizedPnL: dollars(realized),
  };
}

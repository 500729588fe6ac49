/**
 * What the scenario client knows about its Tradovate account from what it received: the
 * account and contracts of its sync snapshots, and every order, orderVersion, fill and order
 * strategy in snapshots and props events, in the order they arrived. Order steps read it (the
 * account to trade, a contract's id, an order's terms to modify) and so do the expectations on
 * orders and fills. Each fill counts once, however many sockets received it.
 */
import { parseServerFrame } from "../protocols/tradovate/frames.js";
import { isObject } from "../protocols/tradovate/json.js";
import type { TapeEvent } from "../tape/events.js";

type Obj = Record<string, unknown>;

/** One fill as Tradovate sent it. */
export interface FillSeen {
  readonly id: number;
  readonly orderId: number;
  readonly action: string;
  readonly qty: number;
  readonly price: number;
  readonly timestamp: string;
}

/** The account as the client saw it. */
export interface TradingView {
  /** The first account of the latest sync snapshot. */
  readonly account: { readonly id: number; readonly name: string | undefined } | undefined;
  /** Contract name (upper case) -> id, from the sync snapshots. */
  readonly contracts: ReadonlyMap<string, number>;
  /** Every fill, once each, in the order first received. */
  readonly fills: readonly FillSeen[];
  /** Last `ordStatus` of each order id. */
  readonly orderStatus: ReadonlyMap<number, string>;
  /** Last orderVersion of each order id. */
  readonly orderVersions: ReadonlyMap<number, Obj>;
  /** Last `status` of each order strategy id. */
  readonly strategyStatus: ReadonlyMap<number, string>;
}

/** Reads the Tradovate messages of `events` (everything received on Tradovate sockets). */
export function tradingView(events: readonly TapeEvent[]): TradingView {
  const tradovate = new Set<number>();
  let account: TradingView["account"];
  const contracts = new Map<string, number>();
  const fills = new Map<number, FillSeen>();
  const orderStatus = new Map<number, string>();
  const orderVersions = new Map<number, Obj>();
  const strategyStatus = new Map<number, string>();

  const entity = (type: string, e: unknown) => {
    if (!isObject(e) || typeof e.id !== "number") return;
    switch (type) {
      case "order":
        if (typeof e.ordStatus === "string") orderStatus.set(e.id, e.ordStatus);
        return;
      case "orderVersion":
        if (typeof e.orderId === "number") orderVersions.set(e.orderId, e);
        return;
      case "orderStrategy":
        if (typeof e.status === "string") strategyStatus.set(e.id, e.status);
        return;
      case "fill":
        if (fills.has(e.id)) return;
        if (typeof e.orderId !== "number" || typeof e.qty !== "number") return;
        if (typeof e.price !== "number" || typeof e.action !== "string") return;
        fills.set(e.id, {
          id: e.id,
          orderId: e.orderId,
          action: e.action,
          qty: e.qty,
          price: e.price,
          timestamp: typeof e.timestamp === "string" ? e.timestamp : "",
        });
        return;
      case "contract":
        if (typeof e.name === "string") contracts.set(e.name.toUpperCase(), e.id);
        return;
    }
  };
  const lists: Readonly<Record<string, string>> = {
    orders: "order",
    orderVersions: "orderVersion",
    orderStrategies: "orderStrategy",
    fills: "fill",
    contracts: "contract",
  };
  const snapshot = (d: Obj) => {
    if (Array.isArray(d.accounts)) {
      const a = d.accounts.find(isObject);
      if (a && typeof a.id === "number") {
        account = { id: a.id, name: typeof a.name === "string" ? a.name : undefined };
      }
    }
    for (const [list, type] of Object.entries(lists)) {
      const items = d[list];
      if (Array.isArray(items)) for (const item of items) entity(type, item);
    }
  };

  for (const e of events) {
    if (e.k === "open" && e.proto !== "trademanager") tradovate.add(e.c);
    if (e.k !== "recv" || e.text === undefined || !tradovate.has(e.c)) continue;
    if (!e.text.startsWith("a[")) continue;
    const f = parseServerFrame(e.text);
    if (f.kind !== "messages") continue;
    for (const m of f.messages) {
      if (m.type === "response") {
        if (isObject(m.d) && (Array.isArray(m.d.accounts) || Array.isArray(m.d.contracts))) {
          snapshot(m.d);
        }
      } else if (m.type === "event" && m.e === "props") {
        const d = m.raw.d;
        if (!isObject(d)) continue;
        const list = Array.isArray(d.entity) ? d.entity : [d.entity];
        for (const item of list) entity(m.entityType, item);
      }
    }
  }
  return {
    account,
    contracts,
    fills: [...fills.values()],
    orderStatus,
    orderVersions,
    strategyStatus,
  };
}

/** The simulator's vocabulary: orders as the venue holds them, its settings and its host. */
import type { Micros } from "../pnl/money.js";
import type { Action, OrdStatus, TradeDate } from "../protocols/tradovate/entities.js";

/** Order types the simulator matches. */
export type OrderType = "Market" | "Limit" | "Stop" | "StopLimit";
export const ORDER_TYPES: readonly OrderType[] = ["Market", "Limit", "Stop", "StopLimit"];

/** Times in force the simulator honours (Day orders live until the tape ends). */
export type TimeInForce = "Day" | "GTC" | "IOC" | "FOK";
export const TIMES_IN_FORCE: readonly TimeInForce[] = ["Day", "GTC", "IOC", "FOK"];

/**
 * When a resting limit order fills: `touch` when the market trades or offers at its price,
 * `through` only when it trades or offers beyond it, `queue` when the size that was ahead of it
 * at its price has traded (or the market goes through it).
 */
export type FillModel = "touch" | "through" | "queue";
export const FILL_MODELS: readonly FillModel[] = ["touch", "through", "queue"];

/** What a stop watches: the last trade (default) or the opposite side of the book. */
export type StopTrigger = "last" | "bidask";

/** The terms of one order version. Prices are integer ticks. */
export interface OrderTerms {
  readonly orderType: OrderType;
  readonly qty: number;
  readonly price: number | undefined;
  readonly stopPrice: number | undefined;
  readonly tif: TimeInForce;
  readonly text: string | undefined;
}

/** A bracket the venue places when its parent fills (OSO, order strategies). */
export interface PendingBracket {
  readonly action: Action;
  readonly terms: OrderTerms;
  /** Strategy brackets are offsets from the parent's fill price, in ticks. */
  readonly offsetTicks?: number;
  /** A trailing stop keeps its distance from the best price since it started. */
  readonly trailing?: boolean;
  /** Brackets with the same group are one-cancels-other. */
  readonly group: number;
}

/** An order as the venue holds it. */
export interface SimOrder {
  readonly id: number;
  readonly accountId: number;
  readonly contractId: number;
  readonly contractName: string;
  readonly action: Action;
  readonly placedT: number;
  readonly isAutomated: boolean;
  terms: OrderTerms;
  versionId: number;
  commandId: number;
  status: OrdStatus;
  filledQty: number;
  /** Sum of qty * ticks of its fills. */
  filledTicks: number;
  /** True once it reached the book (after the entry latency). */
  live: boolean;
  /** Limits: true once it rests in the book (it no longer takes liquidity as a taker). */
  resting: boolean;
  /** Stops: true once triggered. */
  triggered: boolean;
  /** When its latest command reaches the book, tape µs (commands about one order keep order). */
  bookAt: number;
  /** Queue model: contracts ahead of it at its price. */
  queueAhead: number;
  /** Trailing stop: the distance in ticks and the best price seen. */
  trail?: { readonly distance: number; best: number };
  ocoId?: number;
  parentId?: number;
  linkedId?: number;
  strategyId?: number;
  /** Placed when this order fills completely. */
  brackets: PendingBracket[];
}

/** Order states after which nothing happens to an order. */
export const FINAL_STATUSES: ReadonlySet<OrdStatus> = new Set([
  "Filled",
  "Canceled",
  "Rejected",
  "Expired",
]);

/** Settings of one simulated account. */
export interface SimSettings {
  readonly fillModel: FillModel;
  /** Order-entry latency, µs: how long an order, modify or cancel takes to reach the book. */
  readonly latencyUs: number;
  /** Up to this much more latency, µs, drawn from the seeded generator per command. */
  readonly jitterUs: number;
  readonly seed: number;
  readonly stopTrigger: StopTrigger;
  /** Cash at the start, micro-dollars. */
  readonly startingCash: Micros;
  /** Largest quantity one order may have (Tradovate answers MaxOrderQtyLimitReached). */
  readonly maxOrderQty: number;
  /** Most orders working at once; more are refused, so a flood cannot grow memory. */
  readonly maxWorkingOrders: number;
}

/** Defaults of {@link SimSettings}. */
export const SIM_DEFAULTS: SimSettings = {
  fillModel: "touch",
  latencyUs: 0,
  jitterUs: 0,
  seed: 1,
  stopTrigger: "last",
  startingCash: 50_000_000_000n,
  maxOrderQty: 10_000,
  maxWorkingOrders: 1_000,
};

/** What the venue is told about the account it simulates (the tape's own identity). */
export interface SimAccount {
  readonly id: number;
  readonly name: string;
  readonly userId: number;
}

/** A contract the venue can trade: its Tradovate id and name. */
export interface SimContract {
  readonly id: number;
  readonly name: string;
}

/** What the venue needs from the session it runs in. */
export interface VenueHost {
  /** The session's tape time, µs. */
  now(): number;
  /** A tape time as Tradovate writes timestamps. */
  iso(t: number): string;
  tradeDate(t: number): TradeDate;
  /** Runs `fn` on the session clock at tape time `t` (>= now). */
  at(t: number, fn: () => void): void;
  /** Sends a props event to every socket that synced the user's data. */
  emit(entityType: string, eventType: string, entity: Record<string, unknown>): void;
  /** Starts (true) or stops waking the venue on every market update. */
  watchMarket(on: boolean): void;
  /** A note for the log (e.g. an order without isAutomated). */
  note(line: string): void;
}

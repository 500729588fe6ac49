/**
 * Order-entry request bodies (placeOrder, placeOCO, placeOSO, modifyOrder, cancelOrder,
 * liquidatePosition, startOrderStrategy) into typed requests, or the answer Tradovate gives:
 * a malformed body is HTTP 400 with `Invalid JSON: ...` text (as for any endpoint), a valid body
 * the venue cannot accept is `s:200` with `failureReason` / `failureText` (real traffic:
 * `{"failureReason":"UnknownReason","failureText":"Access is denied"}` for a foreign account).
 */
import { type Ratio, toNumberR } from "../pnl/ratio.js";
import { type TickGrid, tryPriceToTicks } from "../pnl/ticks.js";
import type { Action } from "../protocols/tradovate/entities.js";
import { isObject } from "../protocols/tradovate/json.js";
import {
  ORDER_TYPES,
  type OrderTerms,
  type OrderType,
  type SimAccount,
  type SimContract,
  TIMES_IN_FORCE,
  type TimeInForce,
} from "./types.js";

/** A refusal in Tradovate's business shape (`s:200`). */
export interface Failure {
  readonly kind: "failure";
  readonly failureReason: string;
  readonly failureText: string;
}

/** A body Tradovate would not parse (`s:400`). */
export interface BadRequest {
  readonly kind: "bad";
  readonly text: string;
}

/** What a body could not become. */
export type Refusal = Failure | BadRequest;

/** Builds a failure answer. */
export function failure(failureReason: string, failureText: string): Failure {
  return { kind: "failure", failureReason, failureText };
}

function bad(text: string): BadRequest {
  return { kind: "bad", text: `Invalid JSON: ${text}` };
}

/** What resolving a request needs from the venue. */
export interface RequestContext {
  readonly account: SimAccount;
  /** A contract by name or id, or undefined when the tape knows none. */
  contract(symbol: string | number): SimContract | undefined;
  /** The tick grid of a contract, or undefined when its product is unknown. */
  grid(contract: SimContract): TickGrid | undefined;
  readonly maxOrderQty: number;
}

/** The order part shared by placeOrder, placeOCO's `other` and placeOSO's brackets. */
export interface OrderSpec {
  readonly action: Action;
  readonly terms: OrderTerms;
}

/** A new order. */
export interface PlaceRequest extends OrderSpec {
  readonly contract: SimContract;
  readonly isAutomated: boolean;
}

type Body = Record<string, unknown>;

/** The body as an object, or undefined. */
function asBody(body: unknown): Body | undefined {
  return isObject(body) ? body : undefined;
}

const NOT_AN_OBJECT = bad("expected an object body");

function has(b: Body, key: string): boolean {
  return b[key] !== undefined && b[key] !== null;
}

function required(b: Body, key: string): BadRequest | undefined {
  return has(b, key) ? undefined : bad(`missing required field "${key}"`);
}

/** Checks the account named by `accountId` / `accountSpec` is the simulated one. */
export function checkAccount(b: Body, ctx: RequestContext): Refusal | undefined {
  const id = b.accountId;
  if (has(b, "accountId") && typeof id !== "number") {
    return bad(`"accountId" must be a number, got ${JSON.stringify(id)}`);
  }
  if (typeof id === "number" && id !== ctx.account.id) {
    return failure("UnknownReason", "Access is denied");
  }
  const spec = b.accountSpec;
  if (id === undefined && typeof spec === "string" && spec !== ctx.account.name) {
    return failure("UnknownReason", "Access is denied");
  }
  return undefined;
}

function actionOf(b: Body, key = "action"): Action | BadRequest {
  const a = b[key];
  if (a === "Buy" || a === "Sell") return a;
  return bad(`"${key}" must be "Buy" or "Sell", got ${JSON.stringify(a)}`);
}

/** A wire price on the contract's grid, in ticks, or a failure naming why not. */
export function priceTicks(
  value: unknown,
  field: string,
  contract: SimContract,
  grid: TickGrid,
): number | Refusal {
  if (typeof value !== "number" && typeof value !== "string") {
    return bad(`"${field}" must be a number, got ${JSON.stringify(value)}`);
  }
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    return failure("InvalidPrice", `${field} ${String(value)} is not a positive price`);
  }
  const r = tryPriceToTicks(value, grid);
  if (!r.ok || r.ticks > BigInt(Number.MAX_SAFE_INTEGER)) {
    return failure(
      "InvalidPrice",
      `${field} ${String(value)} is not on the tick grid of ${contract.name} (tick ${tickText(grid.size)})`,
    );
  }
  return Number(r.ticks);
}

function tickText(size: Ratio): string {
  return String(toNumberR(size));
}

/** Reads the order terms (type, qty, prices, time in force) of `b` for `contract`. */
export function orderTerms(
  b: Body,
  contract: SimContract,
  ctx: RequestContext,
  qtyDefault?: number,
): OrderTerms | Refusal {
  const type = b.orderType;
  if (type === undefined || type === null) return bad(`missing required field "orderType"`);
  if (typeof type !== "string") return bad(`"orderType" must be a string`);
  if (!ORDER_TYPES.includes(type as OrderType)) {
    return failure("Unsupported", `tapedeck sim: orderType ${type} is not simulated`);
  }
  const orderType = type as OrderType;
  const rawQty = b.orderQty ?? b.qty ?? qtyDefault;
  if (rawQty === undefined || rawQty === null) return bad(`missing required field "orderQty"`);
  if (typeof rawQty !== "number") return bad(`"orderQty" must be a number`);
  if (!Number.isSafeInteger(rawQty) || rawQty <= 0) {
    return failure("UnknownReason", `orderQty must be a positive whole number, got ${rawQty}`);
  }
  if (rawQty > ctx.maxOrderQty) {
    return failure(
      "MaxOrderQtyLimitReached",
      `orderQty ${rawQty} is over the limit of ${ctx.maxOrderQty}`,
    );
  }
  const tifRaw = b.timeInForce ?? "Day";
  if (typeof tifRaw !== "string" || !TIMES_IN_FORCE.includes(tifRaw as TimeInForce)) {
    return failure("Unsupported", `timeInForce ${JSON.stringify(tifRaw)} is not simulated`);
  }
  const grid = ctx.grid(contract);
  if (grid === undefined) {
    return failure("InvalidContract", `tapedeck sim: no tick size known for ${contract.name}`);
  }
  let price: number | undefined;
  let stopPrice: number | undefined;
  if (orderType === "Limit" || orderType === "StopLimit") {
    if (!has(b, "price")) return failure("InvalidPrice", `a ${orderType} order needs a price`);
    const p = priceTicks(b.price, "price", contract, grid);
    if (typeof p !== "number") return p;
    price = p;
  }
  if (orderType === "Stop" || orderType === "StopLimit") {
    if (!has(b, "stopPrice")) {
      return failure("InvalidPrice", `a ${orderType} order needs a stopPrice`);
    }
    const p = priceTicks(b.stopPrice, "stopPrice", contract, grid);
    if (typeof p !== "number") return p;
    stopPrice = p;
  }
  return {
    orderType,
    qty: rawQty,
    price,
    stopPrice,
    tif: tifRaw as TimeInForce,
    text: typeof b.text === "string" ? b.text.slice(0, 64) : undefined,
  };
}

/** Resolves `symbol` (a name or a contract id). */
export function contractOf(b: Body, ctx: RequestContext): SimContract | Refusal {
  const missing = required(b, "symbol");
  if (missing) return missing;
  const sym = b.symbol;
  if (typeof sym !== "string" && typeof sym !== "number") {
    return bad(`"symbol" must be a string, got ${JSON.stringify(sym)}`);
  }
  const c = ctx.contract(sym);
  if (!c) return failure("InvalidContract", `Unknown contract symbol ${String(sym)}`);
  return c;
}

/** A placeOrder body (also the entry of placeOCO / placeOSO). */
/** What every new-order body starts with: its required fields, side, account and contract. */
function orderHead(
  body: unknown,
  ctx: RequestContext,
  fields: readonly string[],
): { o: Body; action: Action; contract: SimContract } | Refusal {
  const o = asBody(body);
  if (!o) return NOT_AN_OBJECT;
  for (const key of fields) {
    const m = required(o, key);
    if (m) return m;
  }
  const action = actionOf(o);
  if (typeof action !== "string") return action;
  const acc = checkAccount(o, ctx);
  if (acc) return acc;
  const contract = contractOf(o, ctx);
  if ("kind" in contract) return contract;
  return { o, action, contract };
}

export function parsePlaceOrder(body: unknown, ctx: RequestContext): PlaceRequest | Refusal {
  const head = orderHead(body, ctx, ["action", "symbol", "orderQty", "orderType"]);
  if ("kind" in head) return head;
  const { o, action, contract } = head;
  const terms = orderTerms(o, contract, ctx);
  if ("kind" in terms) return terms;
  return { action, contract, terms, isAutomated: o.isAutomated === true };
}

/** A second order of placeOCO (`other`) or placeOSO (`bracket1`, `bracket2`). */
export function parseLinked(
  value: unknown,
  field: string,
  contract: SimContract,
  qty: number,
  ctx: RequestContext,
): OrderSpec | Refusal {
  if (!isObject(value)) return bad(`missing required field "${field}"`);
  const action = actionOf(value);
  if (typeof action !== "string") return action;
  const terms = orderTerms(value, contract, ctx, qty);
  if ("kind" in terms) return terms;
  return { action, terms };
}

/** An order id field (`orderId`), or a 400. */
export function orderIdOf(body: unknown): number | BadRequest {
  if (!isObject(body)) return NOT_AN_OBJECT;
  const id = body.orderId;
  if (id === undefined || id === null) return bad(`missing required field "orderId"`);
  if (typeof id !== "number" || !Number.isSafeInteger(id)) {
    return bad(`"orderId" must be a whole number, got ${JSON.stringify(id)}`);
  }
  return id;
}

/** One bracket of an order strategy's params, as the official example sends it. */
export interface StrategyBracket {
  readonly qty: number;
  /** Offsets from the entry fill price, in ticks, signed as the example sends them. */
  readonly profitTarget: number | undefined;
  readonly stopLoss: number | undefined;
  readonly trailingStop: boolean;
}

/** A startOrderStrategy request. */
export interface StrategyRequest {
  readonly contract: SimContract;
  readonly action: Action;
  readonly orderStrategyTypeId: number;
  readonly params: string;
  readonly entry: OrderTerms;
  readonly brackets: readonly StrategyBracket[];
  readonly isAutomated: boolean;
}

/** Offsets are in points; the example rounds them to cents, so they are put on the grid. */
function offsetTicks(value: unknown, grid: TickGrid): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value === 0) return undefined;
  return Math.round(value / toNumberR(grid.size));
}

/**
 * A startOrderStrategy body: `{accountId, accountSpec, symbol, action, orderStrategyTypeId,
 * params}` where params is JSON text `{entryVersion:{orderQty, orderType, price?},
 * brackets:[{qty, profitTarget, stopLoss, trailingStop}]}` (the official example's shape).
 */
export function parseStartStrategy(body: unknown, ctx: RequestContext): StrategyRequest | Refusal {
  const head = orderHead(body, ctx, ["symbol", "action", "params"]);
  if ("kind" in head) return head;
  const { o, action, contract } = head;
  const grid = ctx.grid(contract);
  if (!grid)
    return failure("InvalidContract", `tapedeck sim: no tick size known for ${contract.name}`);
  if (typeof o.params !== "string") return bad(`"params" must be a JSON string`);
  let params: unknown;
  try {
    params = JSON.parse(o.params);
  } catch {
    return bad(`"params" is not JSON`);
  }
  if (!isObject(params) || !isObject(params.entryVersion)) {
    return bad(`missing required field "params.entryVersion"`);
  }
  const entry = orderTerms(params.entryVersion, contract, ctx);
  if ("kind" in entry) return entry;
  const brackets: StrategyBracket[] = [];
  const list = Array.isArray(params.brackets) ? params.brackets : [];
  for (const br of list) {
    if (!isObject(br)) return bad(`"params.brackets" items must be objects`);
    const qty = br.qty ?? entry.qty;
    if (typeof qty !== "number" || !Number.isSafeInteger(qty) || qty <= 0 || qty > entry.qty) {
      return failure("UnknownReason", `bracket qty ${JSON.stringify(qty)} is not 1..${entry.qty}`);
    }
    brackets.push({
      qty,
      profitTarget: offsetTicks(br.profitTarget, grid),
      stopLoss: offsetTicks(br.stopLoss, grid),
      trailingStop: br.trailingStop === true,
    });
  }
  const typeId = typeof o.orderStrategyTypeId === "number" ? o.orderStrategyTypeId : 2;
  return {
    contract,
    action,
    orderStrategyTypeId: typeId,
    params: o.params,
    entry,
    brackets,
    isAutomated: o.isAutomated !== false,
  };
}

/**
 * A simulated Tradovate account: a bot's own orders matched against the replayed market, and
 * every consequence as the props events Tradovate sends, in its order (spec §6):
 *
 *   request: order Created (PendingNew), command Created, orderVersion Created; then after the
 *   entry latency: commandReport, executionReport New, order Updated (Working); per fill:
 *   executionReport Trade, fill Created, position Created/Updated, order Updated
 *   (Working/Filled), fillPair Created per closed lot, then cashBalance Updated (each fill pays
 *   its fee, so cash moves on every fill, with realized P&L when a lot closed).
 *
 * Positions, averages, realized P&L, fees and cash all come from the one P&L ledger (FIFO), so
 * `tapedeck pnl` of a recording of the session agrees with what the venue sent. The venue is
 * pure: time, timers and output come from its {@link VenueHost}; the same host calls give the
 * same events.
 */
import type { Ledger } from "../pnl/ledger.js";
import type { Micros } from "../pnl/money.js";
import { formatPrice, type TickGrid } from "../pnl/ticks.js";
import type { Action, OrdStatus } from "../protocols/tradovate/entities.js";
import { isObject } from "../protocols/tradovate/json.js";
import { seededRandom } from "../random.js";
import {
  cashBalanceEntity,
  orderEntity,
  orderVersionEntity,
  positionEntity,
  wirePrice,
} from "./entities.js";
import { FillLots } from "./fill-lots.js";
import { SimIds } from "./ids.js";
import type { Book, MarketTape, MarketUpdate } from "./market.js";
import {
  available,
  Consumed,
  type Execution,
  marketable,
  queueAheadAt,
  restingFill,
  stopTriggered,
  take,
} from "./matching.js";
import {
  type BadRequest,
  type Failure,
  failure,
  type OrderSpec,
  orderIdOf,
  orderTerms,
  type PlaceRequest,
  parseLinked,
  parsePlaceOrder,
  parseStartStrategy,
  type Refusal,
  type RequestContext,
  type StrategyBracket,
} from "./order-request.js";
import { transition } from "./order-state.js";
import {
  FINAL_STATUSES,
  type OrderTerms,
  type SimAccount,
  type SimContract,
  type SimOrder,
  type SimSettings,
  type VenueHost,
} from "./types.js";

/** Order-entry endpoints (lower case) the venue answers. */
export const ORDER_ENTRY_ENDPOINTS: ReadonlySet<string> = new Set([
  "order/placeorder",
  "order/placeoco",
  "order/placeoso",
  "order/modifyorder",
  "order/cancelorder",
  "order/liquidateposition",
  "orderstrategy/startorderstrategy",
  "orderstrategy/interruptorderstrategy",
]);

/** Entity types the venue owns: in sim mode the tape's own events of these are not sent. */
export const SIM_ENTITY_TYPES: ReadonlySet<string> = new Set([
  "order",
  "orderVersion",
  "command",
  "commandReport",
  "executionReport",
  "fill",
  "fillPair",
  "position",
  "cashBalance",
  "orderStrategy",
]);

/** Snapshot list of each entity type the venue owns. */
const LIST_OF: Readonly<Record<string, string>> = {
  order: "orders",
  orderVersion: "orderVersions",
  command: "commands",
  commandReport: "commandReports",
  executionReport: "executionReports",
  fill: "fills",
  fillPair: "fillPairs",
  position: "positions",
  cashBalance: "cashBalances",
  orderStrategy: "orderStrategies",
};

/** REST entity (lower case) -> entity type, and the field `deps?masterid=` filters on. */
const READABLE: Readonly<Record<string, { type: string; master: string }>> = {
  order: { type: "order", master: "accountId" },
  orderversion: { type: "orderVersion", master: "orderId" },
  command: { type: "command", master: "orderId" },
  commandreport: { type: "commandReport", master: "commandId" },
  executionreport: { type: "executionReport", master: "orderId" },
  fill: { type: "fill", master: "orderId" },
  fillpair: { type: "fillPair", master: "positionId" },
  position: { type: "position", master: "accountId" },
  cashbalance: { type: "cashBalance", master: "accountId" },
  orderstrategy: { type: "orderStrategy", master: "accountId" },
};

/** What the venue needs to run. */
export interface VenueConfig {
  readonly account: SimAccount;
  readonly settings: SimSettings;
  readonly market: MarketTape;
  /** Contract name (upper case) -> id and back, from the tape. */
  readonly contractIds: ReadonlyMap<string, number>;
  /** The ledger the money comes from (its contract table carries the tape's products). */
  readonly ledger: Ledger;
  /** Largest id per entity type the tape used. */
  readonly idsAbove?: Readonly<Record<string, number>>;
  /** The recorded account's cashBalance id, kept so clients' ids stay valid. */
  readonly cashBalanceId?: number;
}

/** The answer to a request: `s` and `d` as Tradovate sends them. */
export interface VenueAnswer {
  readonly status: number;
  readonly d: unknown;
}

/** A venue-wide record of one order strategy. */
interface Strategy {
  readonly id: number;
  readonly entity: Record<string, unknown>;
  readonly entryId: number;
  readonly brackets: readonly StrategyBracket[];
  readonly orders: Set<number>;
}

type Event = [entityType: string, eventType: string, entity: Record<string, unknown>];

/** Most orders one session may place; beyond it every order is refused (memory stays bounded). */
export const MAX_ORDERS_PER_SESSION = 100_000;

/** One simulated account. */
export class SimVenue {
  readonly #cfg: VenueConfig;
  readonly #host: VenueHost;
  readonly #ids: SimIds;
  readonly #random: () => number;
  readonly #orders = new Map<number, SimOrder>();
  /** Live orders that can still fill, in time priority (ids increase). */
  readonly #working = new Map<number, SimOrder>();
  /** Orders not yet in a final state (on their way to the book, suspended or working). */
  readonly #open = new Set<number>();
  readonly #store = new Map<string, Map<number, Record<string, unknown>>>();
  readonly #positions = new Map<number, { id: number; lots: FillLots }>();
  readonly #strategies = new Map<number, Strategy>();
  readonly #cashId: number;
  readonly #ctx: RequestContext;
  #buffer: Event[] | undefined;
  #watching = false;
  #placed = 0;

  constructor(cfg: VenueConfig, host: VenueHost) {
    this.#cfg = cfg;
    this.#host = host;
    this.#ids = new SimIds(cfg.idsAbove);
    this.#random = seededRandom(cfg.settings.seed);
    this.#cashId = cfg.cashBalanceId ?? this.#ids.next("cashBalance");
    const byId = new Map<number, string>();
    for (const [name, id] of cfg.contractIds) if (!byId.has(id)) byId.set(id, name);
    this.#ctx = {
      account: cfg.account,
      maxOrderQty: cfg.settings.maxOrderQty,
      contract: (sym) => {
        if (typeof sym === "number") {
          const name = byId.get(sym);
          return name === undefined ? undefined : { id: sym, name };
        }
        const id = cfg.contractIds.get(sym.trim().toUpperCase());
        return id === undefined ? undefined : { id, name: byId.get(id) ?? sym.toUpperCase() };
      },
      grid: (c) => this.#grid(c),
    };
    this.#record("cashBalance", this.#cashEntity(host.now()));
  }

  /** True when `endpointKey` (lower case) is one the venue answers. */
  handles(endpointKey: string): boolean {
    if (ORDER_ENTRY_ENDPOINTS.has(endpointKey)) return true;
    if (endpointKey === "cashbalance/getcashbalancesnapshot") return true;
    const [entity = "", op = ""] = endpointKey.split("/");
    return (
      READABLE[entity] !== undefined && ["list", "item", "items", "deps", "ldeps"].includes(op)
    );
  }

  /**
   * Answers one request. Events it causes at once (order Created...) are returned in `events`
   * for the caller to send after the answer; later ones go to the host as they happen.
   */
  request(endpointKey: string, query: string, body: unknown): VenueAnswer & { events: Event[] } {
    this.#buffer = [];
    try {
      const answer = this.#answer(endpointKey, query, body);
      return { ...answer, events: this.#buffer };
    } finally {
      this.#buffer = undefined;
    }
  }

  /** Wakes the venue on a market update: working orders of that contract are matched. */
  onMarket(u: MarketUpdate): void {
    const book = this.#cfg.market.book(u);
    const consumed = new Consumed();
    for (const o of [...this.#working.values()]) {
      if (o.contractId === u.contractId && this.#working.has(o.id))
        this.#evaluate(o, book, consumed);
    }
    this.#updateWatch();
  }

  /** The simulated account's lists for a sync snapshot (positions, orders, fills, cash...). */
  syncLists(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const [type, list] of Object.entries(LIST_OF)) {
      out[list] = [...(this.#store.get(type)?.values() ?? [])];
    }
    return out;
  }

  /** The ledger the venue books its fills in (read it, never feed it). */
  get ledger(): Ledger {
    return this.#cfg.ledger;
  }

  /** Every order the venue holds, in placement order (for tests and status). */
  orders(): readonly SimOrder[] {
    return [...this.#orders.values()];
  }

  /** Realized P&L, fees and cash of the account, micro-dollars, from the ledger. */
  money(): { realized: Micros; fees: Micros; cash: Micros } {
    let realized = 0n;
    let fees = 0n;
    for (const row of this.#cfg.ledger.snapshot()) {
      realized += row.realized;
      fees += row.fees;
    }
    return { realized, fees, cash: this.#cfg.settings.startingCash + realized - fees };
  }

  // ---- requests ---------------------------------------------------------------------------

  #answer(key: string, query: string, body: unknown): VenueAnswer {
    switch (key) {
      case "order/placeorder":
        return this.#placeOrder(body);
      case "order/placeoco":
        return this.#placeOco(body);
      case "order/placeoso":
        return this.#placeOso(body);
      case "order/modifyorder":
        return this.#modify(body);
      case "order/cancelorder":
        return this.#cancelRequest(body);
      case "order/liquidateposition":
        return this.#liquidate(body);
      case "orderstrategy/startorderstrategy":
        return this.#startStrategy(body);
      case "orderstrategy/interruptorderstrategy":
        return this.#interruptStrategy(body);
      case "cashbalance/getcashbalancesnapshot":
        return ok(this.#cashSnapshot());
      default:
        return this.#read(key, query);
    }
  }

  #refuse(r: Refusal): VenueAnswer {
    if (r.kind === "bad") return { status: 400, d: (r as BadRequest).text };
    const f = r as Failure;
    return ok({ failureReason: f.failureReason, failureText: f.failureText });
  }

  /** Checks shared by every new order: session limits and a market for the contract. */
  #admit(p: PlaceRequest, count = 1): Failure | undefined {
    if (this.#placed + count > MAX_ORDERS_PER_SESSION) {
      return failure(
        "UnknownReason",
        `tapedeck sim: more than ${MAX_ORDERS_PER_SESSION} orders in one session`,
      );
    }
    if (this.#open.size + count > this.#cfg.settings.maxWorkingOrders) {
      return failure(
        "UnknownReason",
        `tapedeck sim: more than ${this.#cfg.settings.maxWorkingOrders} orders working at once`,
      );
    }
    if (!this.#cfg.market.has(p.contract.id)) {
      return failure("NoQuote", `tapedeck sim: the tape has no market data for ${p.contract.name}`);
    }
    if (!p.isAutomated) {
      this.#host.note(
        `order on ${p.contract.name} without "isAutomated": true (Tradovate requires it of automated orders)`,
      );
    }
    return undefined;
  }

  #placeOrder(body: unknown): VenueAnswer {
    const p = parsePlaceOrder(body, this.#ctx);
    if ("kind" in p) return this.#refuse(p);
    const refused = this.#admit(p);
    if (refused) return this.#refuse(refused);
    const o = this.#newOrder(p.contract, p.action, p.terms, p.isAutomated);
    this.#submit(o);
    return ok({ orderId: o.id });
  }

  #placeOco(body: unknown): VenueAnswer {
    const p = parsePlaceOrder(body, this.#ctx);
    if ("kind" in p) return this.#refuse(p);
    const other = parseLinked(
      (body as Record<string, unknown>).other,
      "other",
      p.contract,
      p.terms.qty,
      this.#ctx,
    );
    if ("kind" in other) return this.#refuse(other);
    const refused = this.#admit(p, 2);
    if (refused) return this.#refuse(refused);
    const a = this.#newOrder(p.contract, p.action, p.terms, p.isAutomated);
    const b = this.#newOrder(p.contract, other.action, other.terms, p.isAutomated);
    a.ocoId = b.id;
    b.ocoId = a.id;
    this.#submit(a);
    this.#submit(b);
    return ok({ orderId: a.id, ocoId: b.id });
  }

  #placeOso(body: unknown): VenueAnswer {
    const p = parsePlaceOrder(body, this.#ctx);
    if ("kind" in p) return this.#refuse(p);
    const raw = body as Record<string, unknown>;
    const specs: OrderSpec[] = [];
    for (const field of ["bracket1", "bracket2"]) {
      if (raw[field] === undefined || raw[field] === null) continue;
      const s = parseLinked(raw[field], field, p.contract, p.terms.qty, this.#ctx);
      if ("kind" in s) return this.#refuse(s);
      specs.push(s);
    }
    if (specs.length === 0)
      return this.#refuse({ kind: "bad", text: `Invalid JSON: missing required field "bracket1"` });
    const refused = this.#admit(p, 1 + specs.length);
    if (refused) return this.#refuse(refused);
    const entry = this.#newOrder(p.contract, p.action, p.terms, p.isAutomated);
    this.#submit(entry);
    const brackets = specs.map((s) => {
      const b = this.#newOrder(p.contract, s.action, s.terms, p.isAutomated, entry.id);
      this.#created(b, "Suspended");
      return b;
    });
    if (brackets.length === 2) {
      brackets[0]!.ocoId = brackets[1]!.id;
      brackets[1]!.ocoId = brackets[0]!.id;
    }
    const answer: Record<string, unknown> = { orderId: entry.id, oso1Id: brackets[0]!.id };
    if (brackets[1]) answer.oso2Id = brackets[1].id;
    return ok(answer);
  }

  #startStrategy(body: unknown): VenueAnswer {
    const s = parseStartStrategy(body, this.#ctx);
    if ("kind" in s) {
      if (s.kind === "bad") return this.#refuse(s);
      return ok({ errorText: (s as Failure).failureText });
    }
    const refused = this.#admit({
      contract: s.contract,
      action: s.action,
      terms: s.entry,
      isAutomated: s.isAutomated,
    });
    if (refused) return ok({ errorText: refused.failureText });
    const id = this.#ids.next("orderStrategy");
    const now = this.#host.now();
    const entity: Record<string, unknown> = {
      id,
      accountId: this.#cfg.account.id,
      timestamp: this.#host.iso(now),
      contractId: s.contract.id,
      orderStrategyTypeId: s.orderStrategyTypeId,
      action: s.action,
      params: s.params,
      status: "ActiveStrategy",
    };
    this.#emit("orderStrategy", "Created", entity);
    const entry = this.#newOrder(s.contract, s.action, s.entry, s.isAutomated);
    entry.strategyId = id;
    this.#strategies.set(id, {
      id,
      entity,
      entryId: entry.id,
      brackets: s.brackets,
      orders: new Set([entry.id]),
    });
    this.#submit(entry);
    return ok({ orderStrategy: entity });
  }

  #interruptStrategy(body: unknown): VenueAnswer {
    const id = isObject(body) ? body.orderStrategyId : undefined;
    if (typeof id !== "number") {
      return { status: 400, d: `Invalid JSON: missing required field "orderStrategyId"` };
    }
    const st = this.#strategies.get(id);
    if (!st) return ok({ errorText: `Order strategy ${id} not found` });
    for (const oid of st.orders) {
      const o = this.#orders.get(oid);
      if (o && !FINAL_STATUSES.has(o.status)) this.#cancelNow(o, "Interrupted");
    }
    this.#finishStrategy(st, "ExecutionInterrupted");
    this.#updateWatch();
    return ok({ orderStrategy: st.entity });
  }

  #modify(body: unknown): VenueAnswer {
    const id = orderIdOf(body);
    if (typeof id !== "number") return this.#refuse(id);
    const o = this.#orders.get(id);
    if (!o) return this.#refuse(failure("UnknownReason", `Order ${id} not found`));
    if (FINAL_STATUSES.has(o.status)) {
      return this.#refuse(failure("TooLate", `Order ${id} is already ${o.status}`));
    }
    const b = body as Record<string, unknown>;
    const contract = { id: o.contractId, name: o.contractName };
    const terms = orderTerms(
      { orderType: o.terms.orderType, ...b },
      contract,
      this.#ctx,
      o.terms.qty,
    );
    if ("kind" in terms) return this.#refuse(terms);
    if (terms.orderType !== o.terms.orderType) {
      return this.#refuse(
        failure("Unsupported", "tapedeck sim: a modify cannot change the orderType"),
      );
    }
    if (terms.qty <= o.filledQty) {
      return this.#refuse(
        failure(
          "UnknownReason",
          `orderQty ${terms.qty} is not above the ${o.filledQty} already filled`,
        ),
      );
    }
    const commandId = this.#command(o, "Modify");
    this.#host.at(this.#bookTime(o), () => {
      if (FINAL_STATUSES.has(o.status)) {
        this.#commandReport(commandId, "ExecutionRejected", o.status, "TooLate");
        return;
      }
      const restop = terms.stopPrice !== o.terms.stopPrice;
      const repriced = terms.price !== o.terms.price || restop;
      const grew = terms.qty > o.terms.qty;
      o.terms = { ...terms, text: terms.text ?? o.terms.text };
      o.versionId = this.#ids.next("orderVersion");
      o.commandId = commandId;
      this.#emit("orderVersion", "Created", orderVersionEntity(o, this.#gridOf(o)));
      this.#commandReport(commandId, "AtExecution", o.status);
      this.#report(o, "Replaced", {});
      this.#emit("order", "Updated", this.#orderEntity(o));
      if ((repriced || grew) && o.live) {
        // A new price or a bigger size loses its place in the queue (and may now trade at once).
        o.resting = false;
        if (restop) o.triggered = false;
      }
      if (o.live) this.#evaluateNow(o);
    });
    return ok({ commandId });
  }

  #cancelRequest(body: unknown): VenueAnswer {
    const id = orderIdOf(body);
    if (typeof id !== "number") return this.#refuse(id);
    const o = this.#orders.get(id);
    if (!o) return this.#refuse(failure("UnknownReason", `Order ${id} not found`));
    if (FINAL_STATUSES.has(o.status)) {
      return this.#refuse(failure("TooLate", `Order ${id} is already ${o.status}`));
    }
    const commandId = this.#command(o, "Cancel");
    this.#host.at(this.#bookTime(o), () => {
      if (FINAL_STATUSES.has(o.status)) {
        this.#commandReport(commandId, "ExecutionRejected", o.status, "TooLate");
        return;
      }
      this.#commandReport(commandId, "AtExecution", "Canceled");
      this.#cancelNow(o, "Canceled");
      this.#updateWatch();
    });
    return ok({ commandId });
  }

  #liquidate(body: unknown): VenueAnswer {
    if (!isObject(body)) return { status: 400, d: "Invalid JSON: expected an object body" };
    if (typeof body.contractId !== "number") {
      return { status: 400, d: `Invalid JSON: missing required field "contractId"` };
    }
    if (body.accountId !== undefined && body.accountId !== this.#cfg.account.id) {
      return this.#refuse(failure("UnknownReason", "Access is denied"));
    }
    const contract = this.#ctx.contract(body.contractId);
    if (!contract)
      return this.#refuse(failure("InvalidContract", `Unknown contract ${body.contractId}`));
    for (const o of [...this.#orders.values()]) {
      if (o.contractId === contract.id && !FINAL_STATUSES.has(o.status))
        this.#cancelNow(o, "Liquidated");
    }
    const net = Number(this.#row(contract)?.position ?? 0n);
    this.#updateWatch();
    if (net === 0)
      return this.#refuse(failure("UnknownReason", `No position in ${contract.name} to liquidate`));
    const terms: OrderTerms = {
      orderType: "Market",
      qty: Math.abs(net),
      price: undefined,
      stopPrice: undefined,
      tif: "Day",
      text: "Liquidate",
    };
    const o = this.#newOrder(contract, net > 0 ? "Sell" : "Buy", terms, true);
    this.#submit(o);
    return ok({ orderId: o.id });
  }

  #read(key: string, query: string): VenueAnswer {
    const [entity = "", op = ""] = key.split("/");
    const r = READABLE[entity]!;
    const items = [...(this.#store.get(r.type)?.values() ?? [])];
    const q = new URLSearchParams(query);
    switch (op) {
      case "list":
        return ok(items);
      case "item": {
        const found = items.find((x) => String(x.id) === q.get("id"));
        return found ? ok(found) : { status: 404, d: `Not found: ${key}` };
      }
      case "items": {
        const ids = new Set((q.get("ids") ?? "").split(","));
        return ok(items.filter((x) => ids.has(String(x.id))));
      }
      default: {
        const masters = new Set((q.get("masterid") ?? q.get("masterids") ?? "").split(","));
        return ok(items.filter((x) => masters.has(String(x[r.master]))));
      }
    }
  }

  // ---- orders -----------------------------------------------------------------------------

  #newOrder(
    contract: SimContract,
    action: Action,
    terms: OrderTerms,
    isAutomated: boolean,
    parentId?: number,
  ): SimOrder {
    this.#placed++;
    const o: SimOrder = {
      id: this.#ids.next("order"),
      accountId: this.#cfg.account.id,
      contractId: contract.id,
      contractName: contract.name,
      action,
      placedT: this.#host.now(),
      isAutomated,
      terms,
      versionId: this.#ids.next("orderVersion"),
      commandId: 0,
      status: "PendingNew",
      filledQty: 0,
      filledTicks: 0,
      live: false,
      resting: false,
      triggered: false,
      queueAhead: 0,
      bookAt: 0,
      brackets: [],
    };
    if (parentId !== undefined) o.parentId = parentId;
    this.#orders.set(o.id, o);
    this.#open.add(o.id);
    return o;
  }

  /** order Created, command, orderVersion; Suspended orders wait for their parent. */
  #created(o: SimOrder, status: "PendingNew" | "Suspended"): void {
    if (status === "Suspended") o.status = transition(o.status, "Suspended", o.id);
    this.#emit("order", "Created", this.#orderEntity(o));
    o.commandId = this.#command(o, "New");
    this.#emit("orderVersion", "Created", orderVersionEntity(o, this.#gridOf(o)));
  }

  /** A new order on its way to the book: it arrives after the entry latency. */
  #submit(o: SimOrder): void {
    this.#created(o, "PendingNew");
    this.#host.at(this.#bookTime(o), () => this.#arrive(o));
  }

  #arrive(o: SimOrder): void {
    if (o.status !== "PendingNew") return;
    this.#commandReport(o.commandId, "AtExecution", "Working");
    this.#goLive(o);
  }

  #goLive(o: SimOrder): void {
    o.status = transition(o.status, "Working", o.id);
    o.live = true;
    this.#report(o, "New", { cumQty: 0, avgPx: 0 });
    this.#emit("order", "Updated", this.#orderEntity(o));
    this.#working.set(o.id, o);
    this.#evaluateNow(o, true);
    this.#updateWatch();
  }

  /** Matches `o` against the market as it is now. */
  #evaluateNow(o: SimOrder, arriving = false): void {
    const book = this.#cfg.market.at(o.contractId, this.#host.now());
    if (book) this.#evaluate(o, book, new Consumed(), arriving);
    else if (arriving && (o.terms.tif === "IOC" || o.terms.tif === "FOK"))
      this.#cancelNow(o, "NoLiquidity");
  }

  #evaluate(o: SimOrder, book: Book, consumed: Consumed, arriving = false): void {
    if (!this.#working.has(o.id)) return;
    const { terms } = o;
    const side = o.action;
    const remaining = terms.qty - o.filledQty;
    const isStop = terms.orderType === "Stop" || terms.orderType === "StopLimit";
    if (isStop && !o.triggered) {
      this.#trail(o, book);
      if (!stopTriggered(book, side, o.terms.stopPrice!, this.#cfg.settings.stopTrigger)) {
        if (arriving && terms.tif !== "Day" && terms.tif !== "GTC")
          this.#cancelNow(o, "NotTriggered");
        return;
      }
      o.triggered = true;
    }
    const limit =
      terms.orderType === "Limit" || terms.orderType === "StopLimit" ? terms.price : undefined;
    const immediate = terms.tif === "IOC" || terms.tif === "FOK";
    let fills: Execution[];
    if (limit === undefined) {
      if (
        arriving &&
        terms.tif === "FOK" &&
        available(book, side, undefined, consumed) < remaining
      ) {
        this.#cancelNow(o, "NotEnoughLiquidity");
        return;
      }
      fills = take(book, side, remaining, undefined, consumed);
    } else if (!o.resting) {
      if (arriving && terms.tif === "FOK" && available(book, side, limit, consumed) < remaining) {
        this.#cancelNow(o, "NotEnoughLiquidity");
        return;
      }
      fills = marketable(book, side, limit) ? take(book, side, remaining, limit, consumed) : [];
      const left = remaining - fills.reduce((n, f) => n + f.qty, 0);
      if (left > 0 && !immediate) {
        o.resting = true;
        o.queueAhead = queueAheadAt(book, side, limit);
      }
    } else {
      const r = restingFill(
        book,
        side,
        limit,
        remaining,
        o.queueAhead,
        this.#cfg.settings.fillModel,
      );
      o.queueAhead = r.queueAhead;
      fills = r.qty > 0 ? [{ qty: r.qty, ticks: limit }] : [];
    }
    for (const f of fills) {
      if (!this.#working.has(o.id)) break;
      this.#fill(o, f);
    }
    if (immediate && this.#working.has(o.id)) this.#cancelNow(o, "ImmediateOrCancel");
  }

  /** A trailing stop follows the best price seen since it started, never back. */
  #trail(o: SimOrder, book: Book): void {
    if (!o.trail || book.last === undefined) return;
    const sell = o.action === "Sell";
    const best = sell ? Math.max(o.trail.best, book.last) : Math.min(o.trail.best, book.last);
    if (best === o.trail.best) return;
    o.trail.best = best;
    const stop = sell ? best - o.trail.distance : best + o.trail.distance;
    if (stop !== o.terms.stopPrice) {
      o.terms = { ...o.terms, stopPrice: stop };
      o.versionId = this.#ids.next("orderVersion");
      this.#emit("orderVersion", "Created", orderVersionEntity(o, this.#gridOf(o)));
    }
  }

  #fill(o: SimOrder, f: Execution): void {
    const grid = this.#gridOf(o);
    const now = this.#host.now();
    const iso = this.#host.iso(now);
    const tradeDate = this.#host.tradeDate(now);
    const fillId = this.#ids.next("fill");
    const contract = { id: o.contractId, name: o.contractName };
    const result = this.#cfg.ledger.fill({
      key: this.#key(contract),
      side: o.action === "Buy" ? "BUY" : "SELL",
      qty: f.qty,
      price: formatPrice(BigInt(f.ticks), grid),
      time: iso,
      id: String(fillId),
    });
    o.filledQty += f.qty;
    o.filledTicks += f.qty * f.ticks;
    const done = o.filledQty >= o.terms.qty;
    const price = wirePrice(f.ticks, grid);
    this.#report(o, "Trade", {
      cumQty: o.filledQty,
      avgPx: wirePrice({ num: BigInt(o.filledTicks), den: BigInt(o.filledQty) }, grid),
      lastQty: f.qty,
      lastPx: price,
      ordStatus: done ? "Filled" : "Working",
    });
    this.#emit("fill", "Created", {
      id: fillId,
      orderId: o.id,
      contractId: o.contractId,
      timestamp: iso,
      tradeDate,
      action: o.action,
      qty: f.qty,
      price,
      active: true,
      finallyPaired: 0,
    });
    let pos = this.#positions.get(o.contractId);
    const createdPos = pos === undefined;
    if (!pos) {
      pos = { id: this.#ids.next("position"), lots: new FillLots() };
      this.#positions.set(o.contractId, pos);
    }
    const pairs = pos.lots.fill(o.action, fillId, f.qty, f.ticks, result.closes);
    this.#emit(
      "position",
      createdPos ? "Created" : "Updated",
      this.#positionEntity(contract, pos.id, now),
    );
    o.status = transition(o.status, done ? "Filled" : "Working", o.id);
    if (done) {
      this.#working.delete(o.id);
      this.#open.delete(o.id);
    }
    this.#emit("order", "Updated", this.#orderEntity(o));
    for (const p of pairs) {
      this.#emit("fillPair", "Created", {
        id: this.#ids.next("fillPair"),
        positionId: pos.id,
        buyFillId: p.buyFillId,
        sellFillId: p.sellFillId,
        qty: p.qty,
        buyPrice: wirePrice(p.buyTicks, grid),
        sellPrice: wirePrice(p.sellTicks, grid),
        active: true,
      });
    }
    // Every fill pays its fee, so cash changes with every fill, not only when a lot closes.
    this.#emit("cashBalance", "Updated", this.#cashEntity(now));
    this.#afterFill(o, f.qty, done);
  }

  /** OCO siblings shrink or go, OSO brackets start, strategy brackets are placed. */
  #afterFill(o: SimOrder, qty: number, done: boolean): void {
    if (o.ocoId !== undefined) {
      const other = this.#orders.get(o.ocoId);
      if (other && !FINAL_STATUSES.has(other.status)) {
        if (done) this.#cancelNow(other, "OCO");
        else {
          other.terms = {
            ...other.terms,
            qty: Math.max(other.filledQty + 1, other.terms.qty - qty),
          };
          other.versionId = this.#ids.next("orderVersion");
          this.#emit("orderVersion", "Created", orderVersionEntity(other, this.#gridOf(other)));
        }
      }
    }
    if (!done) return;
    for (const child of this.#orders.values()) {
      if (child.parentId === o.id && child.status === "Suspended") this.#goLive(child);
    }
    const st = o.strategyId === undefined ? undefined : this.#strategies.get(o.strategyId);
    if (!st) return;
    if (o.id === st.entryId) this.#placeStrategyBrackets(st, o);
    else if ([...st.orders].every((id) => FINAL_STATUSES.has(this.#orders.get(id)!.status))) {
      this.#finishStrategy(st, "ExecutionFinished");
    }
  }

  #placeStrategyBrackets(st: Strategy, entry: SimOrder): void {
    const req = st;
    const avg = Math.round(entry.filledTicks / entry.filledQty);
    const exit: Action = entry.action === "Buy" ? "Sell" : "Buy";
    const contract = { id: entry.contractId, name: entry.contractName };
    for (const br of req.brackets) {
      const made: SimOrder[] = [];
      const base = { qty: br.qty, tif: "GTC" as const, text: undefined };
      if (br.profitTarget !== undefined && avg + br.profitTarget > 0) {
        const t = {
          ...base,
          orderType: "Limit" as const,
          price: avg + br.profitTarget,
          stopPrice: undefined,
        };
        made.push(this.#newOrder(contract, exit, t, entry.isAutomated, entry.id));
      }
      if (br.stopLoss !== undefined && avg + br.stopLoss > 0) {
        const t = {
          ...base,
          orderType: "Stop" as const,
          price: undefined,
          stopPrice: avg + br.stopLoss,
        };
        const s = this.#newOrder(contract, exit, t, entry.isAutomated, entry.id);
        if (br.trailingStop) s.trail = { distance: Math.abs(br.stopLoss), best: avg };
        made.push(s);
      }
      if (made.length === 2) {
        made[0]!.ocoId = made[1]!.id;
        made[1]!.ocoId = made[0]!.id;
      }
      for (const m of made) {
        m.strategyId = st.id;
        st.orders.add(m.id);
        this.#created(m, "PendingNew");
        this.#commandReport(m.commandId, "AtExecution", "Working");
        this.#goLive(m);
      }
    }
    if (req.brackets.length === 0) this.#finishStrategy(st, "ExecutionFinished");
  }

  #finishStrategy(st: Strategy, status: string): void {
    if (st.entity.status !== "ActiveStrategy") return;
    st.entity.status = status;
    st.entity.timestamp = this.#host.iso(this.#host.now());
    this.#emit("orderStrategy", "Updated", { ...st.entity });
  }

  /** Cancels at once (a cancel that reached the book, an OCO sibling, IOC leftovers). */
  #cancelNow(o: SimOrder, why: string): void {
    if (FINAL_STATUSES.has(o.status)) return;
    o.status = transition(o.status, "Canceled", o.id);
    o.live = false;
    this.#working.delete(o.id);
    this.#open.delete(o.id);
    this.#report(o, "Canceled", { text: why });
    this.#emit("order", "Updated", this.#orderEntity(o));
    for (const child of this.#orders.values()) {
      if (child.parentId === o.id && child.status === "Suspended")
        this.#cancelNow(child, "ParentCanceled");
    }
    const st = o.strategyId === undefined ? undefined : this.#strategies.get(o.strategyId);
    if (st && o.id === st.entryId) this.#finishStrategy(st, "ExecutionInterrupted");
  }

  #updateWatch(): void {
    const want = this.#working.size > 0;
    if (want !== this.#watching) {
      this.#watching = want;
      this.#host.watchMarket(want);
    }
  }

  /**
   * When a command about `o` sent now reaches the book: after the latency, and never before an
   * earlier command about the same order (jitter must not let a cancel overtake its order).
   */
  #bookTime(o: SimOrder): number {
    o.bookAt = Math.max(this.#host.now() + this.#latency(), o.bookAt);
    return o.bookAt;
  }

  #latency(): number {
    const { latencyUs, jitterUs } = this.#cfg.settings;
    return latencyUs + (jitterUs > 0 ? Math.floor(this.#random() * (jitterUs + 1)) : 0);
  }

  // ---- entities ---------------------------------------------------------------------------

  #command(o: SimOrder, commandType: string): number {
    const id = this.#ids.next("command");
    this.#emit("command", "Created", {
      id,
      orderId: o.id,
      timestamp: this.#host.iso(this.#host.now()),
      clOrdId: `tapedeck-${id}`,
      commandType,
      commandStatus: "RiskPassed",
      senderId: this.#cfg.account.userId,
      isAutomated: o.isAutomated,
    });
    return id;
  }

  #commandReport(
    commandId: number,
    commandStatus: string,
    ordStatus: OrdStatus,
    rejectReason?: string,
  ): void {
    const e: Record<string, unknown> = {
      id: this.#ids.next("commandReport"),
      commandId,
      timestamp: this.#host.iso(this.#host.now()),
      commandStatus,
      ordStatus,
    };
    if (rejectReason !== undefined) e.rejectReason = rejectReason;
    this.#emit("commandReport", "Created", e);
  }

  #report(o: SimOrder, execType: string, extra: Record<string, unknown>): void {
    const now = this.#host.now();
    this.#emit("executionReport", "Created", {
      id: this.#ids.next("executionReport"),
      commandId: o.commandId,
      name: o.contractName,
      accountId: o.accountId,
      contractId: o.contractId,
      timestamp: this.#host.iso(now),
      tradeDate: this.#host.tradeDate(now),
      orderId: o.id,
      execType,
      ordStatus: o.status,
      action: o.action,
      ...extra,
    });
  }

  #orderEntity(o: SimOrder): Record<string, unknown> {
    return orderEntity(o, this.#host.iso(o.placedT));
  }

  #key(c: SimContract) {
    return { account: String(this.#cfg.account.id), symbol: c.name };
  }

  #row(c: SimContract) {
    return this.#cfg.ledger.row(this.#key(c));
  }

  #positionEntity(c: SimContract, id: number, t: number): Record<string, unknown> {
    return positionEntity({
      id,
      accountId: this.#cfg.account.id,
      contractId: c.id,
      timestamp: this.#host.iso(t),
      tradeDate: this.#host.tradeDate(t),
      row: this.#row(c),
      grid: this.#grid(c)!,
    });
  }

  #cashEntity(t: number): Record<string, unknown> {
    const m = this.money();
    return cashBalanceEntity(
      this.#cashId,
      this.#cfg.account.id,
      this.#host.iso(t),
      this.#host.tradeDate(t),
      this.#cfg.settings.startingCash,
      m.realized,
      m.fees,
    );
  }

  /** `cashBalance/getcashbalancesnapshot`: cash from the ledger, open P&L at the market now. */
  #cashSnapshot(): Record<string, unknown> {
    const now = this.#host.now();
    const cash = this.#cashEntity(now);
    let open = 0n;
    for (const c of this.#positions.keys()) {
      const contract = this.#ctx.contract(c)!;
      const book = this.#cfg.market.at(c, now);
      const grid = this.#grid(contract)!;
      if (book) {
        const text = (t: number | undefined) =>
          t === undefined ? null : formatPrice(BigInt(t), grid);
        this.#cfg.ledger.mark({
          symbol: contract.name,
          bid: text(book.bid),
          ask: text(book.ask),
          last: text(book.last),
        });
      }
      open += this.#row(contract)?.unrealized ?? 0n;
    }
    const openPnL = Number(open) / 1e6;
    return {
      accountId: this.#cfg.account.id,
      timestamp: cash.timestamp,
      tradeDate: cash.tradeDate,
      currencyId: 1,
      amount: cash.amount,
      realizedPnL: cash.realizedPnL,
      weekRealizedPnL: cash.weekRealizedPnL,
      openPnL,
      totalCashValue: cash.amount,
      netLiq: (Number(this.money().cash) + Number(open)) / 1e6,
    };
  }

  #grid(c: SimContract): TickGrid | undefined {
    try {
      return this.#cfg.ledger.instrument(c.name).grid;
    } catch {
      return undefined;
    }
  }

  #gridOf(o: SimOrder): TickGrid {
    return this.#grid({ id: o.contractId, name: o.contractName })!;
  }

  #record(type: string, entity: Record<string, unknown>): void {
    let m = this.#store.get(type);
    if (!m) {
      m = new Map();
      this.#store.set(type, m);
    }
    m.set(entity.id as number, entity);
  }

  #emit(entityType: string, eventType: string, entity: Record<string, unknown>): void {
    this.#record(entityType, entity);
    if (this.#buffer) this.#buffer.push([entityType, eventType, entity]);
    else this.#host.emit(entityType, eventType, entity);
  }
}

function ok(d: unknown): VenueAnswer {
  return { status: 200, d };
}

/**
 * A Tradovate demo account as the trading socket shows it: market orders go in, and out come
 * the `props` events Tradovate sends for them, in its order (spec §6): order Created
 * (PendingNew), command and commandReport, orderVersion, executionReport New, order Working,
 * executionReport Trade, fill Created, position Created/Updated, order Filled, then fillPair
 * Created for each closed lot and cashBalance Updated when something closed.
 *
 * Positions, averages and money come from the P&L ledger (FIFO, exact), so every entity the
 * tape carries agrees with what tapedeck computes from its fills; the fillPairs follow the
 * ledger's own FIFO closes, lot by lot.
 */
import { Ledger, type Micros } from "../pnl/index.js";
import { type Action, messagesFrame, propsEvent } from "../protocols/tradovate/index.js";
import { cashBalanceEntity, positionEntity } from "../sim/entities.js";
import { FillLots } from "../sim/fill-lots.js";
import type { SessionTime } from "../sim/session-time.js";
import type { IdSequence } from "./ids.js";
import { type SynthInstrument, tickPrice } from "./instruments.js";
import type { Rng } from "./random.js";

/** Who is trading. */
export interface AccountIdentity {
  readonly userId: number;
  readonly userName: string;
  readonly accountId: number;
  readonly accountName: string;
  readonly cashBalanceId: number;
  /** Cash at the start of the session, micro-dollars. */
  readonly startingCash: Micros;
}

/** A server frame of the trading socket at tape time `t`. */
export interface TimedFrame {
  readonly t: number;
  readonly text: string;
}

interface ContractState {
  positionId: number | undefined;
  readonly lots: FillLots;
}

/** What one market order did, for tests and the session summary. */
export interface OrderOutcome {
  readonly orderId: number;
  readonly fillId: number;
  readonly fillT: number;
  readonly fillTicks: number;
  readonly positionBefore: number;
  readonly positionAfter: number;
  readonly closedQty: number;
}

/** Simulates one account's orders and the props events they produce. */
export class TradovateAccount {
  /** The ledger the entities are computed from (FIFO, default fees): read it, never feed it. */
  readonly ledger = new Ledger({ matching: "fifo" });
  readonly who: AccountIdentity;
  readonly outcomes: OrderOutcome[] = [];
  readonly #session: SessionTime;
  readonly #ids: IdSequence;
  readonly #rng: Rng;
  readonly #contracts = new Map<number, ContractState>();

  constructor(who: AccountIdentity, session: SessionTime, ids: IdSequence, rng: Rng) {
    this.who = who;
    this.#session = session;
    this.#ids = ids;
    this.#rng = rng;
  }

  /** The cashBalance entity as of tape time `t`. */
  cashBalance(t: number): Record<string, unknown> {
    let realized = 0n;
    let fees = 0n;
    for (const row of this.ledger.snapshot()) {
      realized += row.realized;
      fees += row.fees;
    }
    const s = this.#session;
    const w = this.who;
    return cashBalanceEntity(
      w.cashBalanceId,
      w.accountId,
      s.iso(t),
      s.tradeDate(t),
      w.startingCash,
      realized,
      fees,
    );
  }

  /**
   * Places a market order at tape time `t` that fills at `fillT` at `fillTicks` (the caller
   * takes the touch: buy at the ask, sell at the bid). Returns the trading socket's frames.
   */
  marketOrder(
    t: number,
    inst: SynthInstrument,
    action: Action,
    qty: number,
    fillT: number,
    fillTicks: number,
  ): TimedFrame[] {
    if (!(Number.isSafeInteger(qty) && qty > 0)) throw new RangeError(`order qty ${qty}`);
    if (fillT <= t) throw new RangeError("an order fills after it is placed");
    const frames: TimedFrame[] = [];
    let at = t;
    const emit = (entityType: string, eventType: string, entity: unknown, step = 0) => {
      at += step;
      frames.push({ t: at, text: messagesFrame(propsEvent(entityType, eventType, entity)) });
    };
    const s = this.#session;
    const { accountId } = this.who;
    const contractId = inst.contractId;
    const orderId = this.#ids.next("order");
    const commandId = this.#ids.next("command");
    const placed = s.iso(t);
    const order = (ordStatus: string) => ({
      id: orderId,
      accountId,
      contractId,
      timestamp: placed,
      action,
      ordStatus,
      executionProviderId: 1,
      admin: false,
    });
    emit("order", "Created", order("PendingNew"));
    emit(
      "command",
      "Created",
      {
        id: commandId,
        orderId,
        timestamp: placed,
        clOrdId: `TM-${orderId}`,
        commandType: "New",
        commandStatus: "RiskPassed",
        senderId: this.who.userId,
        userSessionId: this.who.userId * 10 + 3,
        isAutomated: true,
      },
      this.#pause(2000, 9000),
    );
    emit(
      "orderVersion",
      "Created",
      {
        id: this.#ids.next("orderVersion"),
        orderId,
        orderQty: qty,
        orderType: "Market",
        timeInForce: "Day",
      },
      this.#pause(500, 4000),
    );
    const accepted = t + Math.max(1, Math.floor((fillT - t) / 3));
    at = Math.max(at + 1, accepted);
    emit("commandReport", "Created", {
      id: this.#ids.next("commandReport"),
      commandId,
      timestamp: s.iso(at),
      commandStatus: "AtExecution",
      ordStatus: "Working",
    });
    const report = (execType: string, ordStatus: string, extra: Record<string, unknown>) => ({
      id: this.#ids.next("executionReport"),
      commandId,
      name: inst.contractName,
      accountId,
      contractId,
      timestamp: s.iso(at),
      tradeDate: s.tradeDate(at),
      orderId,
      execType,
      ordStatus,
      action,
      ...extra,
    });
    emit("executionReport", "Created", report("New", "Working", { cumQty: 0, avgPx: 0 }), 300);
    emit("order", "Updated", order("Working"), this.#pause(500, 3000));

    // The fill, and what it does to the position.
    at = Math.max(at + 1, fillT);
    const price = tickPrice(inst, fillTicks);
    const exchangeOrderId = `${this.#rng.int(100_000_000, 999_999_999)}`;
    emit(
      "executionReport",
      "Created",
      report("Trade", "Filled", {
        cumQty: qty,
        avgPx: price,
        lastQty: qty,
        lastPx: price,
        exchangeOrderId,
      }),
    );
    const fillId = this.#ids.next("fill");
    emit(
      "fill",
      "Created",
      {
        id: fillId,
        orderId,
        contractId,
        timestamp: s.iso(at),
        tradeDate: s.tradeDate(at),
        action,
        qty,
        price,
        active: true,
        finallyPaired: 0,
      },
      this.#pause(300, 2000),
    );
    const key = { account: String(accountId), symbol: inst.contractName };
    const result = this.ledger.fill({
      key,
      side: action === "Buy" ? "BUY" : "SELL",
      qty,
      price: tickPrice(inst, fillTicks),
      time: s.iso(at),
      id: String(fillId),
    });
    const state = this.#contract(contractId);
    const created = state.positionId === undefined;
    state.positionId ??= this.#ids.next("position");
    const pairs = state.lots.fill(action, fillId, qty, fillTicks, result.closes);
    emit(
      "position",
      created ? "Created" : "Updated",
      this.position(inst, at),
      this.#pause(500, 3000),
    );
    emit("order", "Updated", order("Filled"), this.#pause(500, 3000));
    for (const p of pairs) {
      emit(
        "fillPair",
        "Created",
        {
          id: this.#ids.next("fillPair"),
          positionId: state.positionId,
          buyFillId: p.buyFillId,
          sellFillId: p.sellFillId,
          qty: p.qty,
          buyPrice: tickPrice(inst, p.buyTicks),
          sellPrice: tickPrice(inst, p.sellTicks),
          active: true,
        },
        this.#pause(500, 3000),
      );
    }
    if (pairs.length > 0) {
      at += this.#pause(2000, 20000);
      emit("cashBalance", "Updated", this.cashBalance(at));
    }
    this.outcomes.push({
      orderId,
      fillId,
      fillT,
      fillTicks,
      positionBefore: Number(result.positionBefore),
      positionAfter: Number(result.position),
      closedQty: Number(result.closedQty),
    });
    return frames;
  }

  /**
   * The position entity of `inst` as of tape time `t`, every figure from the ledger: netPrice
   * is the FIFO average of the open lots (absent when flat), *Value sums are in price points.
   */
  position(inst: SynthInstrument, t: number): Record<string, unknown> {
    return positionEntity({
      id: this.#contract(inst.contractId).positionId!,
      accountId: this.who.accountId,
      contractId: inst.contractId,
      timestamp: this.#session.iso(t),
      tradeDate: this.#session.tradeDate(t),
      row: this.ledger.row({ account: String(this.who.accountId), symbol: inst.contractName }),
      grid: inst.spec.grid,
    });
  }

  #contract(contractId: number): ContractState {
    let c = this.#contracts.get(contractId);
    if (c === undefined) {
      c = { positionId: undefined, lots: new FillLots() };
      this.#contracts.set(contractId, c);
    }
    return c;
  }

  /** A processing delay between two messages, in µs. */
  #pause(minUs: number, maxUs: number): number {
    return this.#rng.int(minUs, maxUs);
  }
}

/**
 * Tradovate into the ledger: fills (deduplicated by fill id) from the sync snapshot and props
 * events, quotes from md events (keyed by contractId, resolved to a contract name through the
 * snapshot, props and REST answers in the tape), products overriding the contract table, and
 * the venue's own position, cashBalance and fillPair figures compared with the ledger.
 */

import type {
  Account,
  CashBalance,
  Contract,
  ContractMaturity,
  Entity,
  ExecutionReport,
  Fill,
  FillPair,
  Order,
  Position,
  Product,
  TradeDate,
} from "../../protocols/tradovate/entities.js";
import { parseEntity } from "../../protocols/tradovate/entities.js";
import { parseServerFrame } from "../../protocols/tradovate/frames.js";
import { isObject, parseJson } from "../../protocols/tradovate/json.js";
import type { ServerMessage } from "../../protocols/tradovate/messages.js";
import { parseClientFrame } from "../../protocols/tradovate/requests.js";
import { parseSyncSnapshot, type SyncSnapshot } from "../../protocols/tradovate/sync.js";
import { tradovateMdQuotes } from "../../quotes/extract.js";
import type { HttpEvent } from "../../tape/events.js";
import { type AccountKey, keyId } from "../ledger.js";
import { formatMicros, type Micros } from "../money.js";
import {
  cmpR,
  formatDecimal,
  isNotADecimal,
  mulR,
  parseDecimal,
  type Ratio,
  ratio,
  subR,
} from "../ratio.js";
import { tryPriceToTicks } from "../ticks.js";
import type { Books } from "./books.js";
import { type CounterOffset, compareCounters, isZeroOffset, offsetFrom } from "./counters.js";
import type { Findings } from "./findings.js";
import type { TapeMoment } from "./tape-clock.js";

const ZERO_OFFSET: CounterOffset = {
  bought: 0n,
  sold: 0n,
  boughtValue: ratio(0n),
  soldValue: ratio(0n),
};

/** REST endpoints (lower case) whose answers name contracts, maturities, products or accounts. */
const DIRECTORY_ENDPOINTS: Readonly<Record<string, string>> = {
  "contract/find": "contract",
  "contract/item": "contract",
  "contract/items": "contract",
  "contract/ldeps": "contract",
  "contract/suggest": "contract",
  "contractmaturity/item": "contractMaturity",
  "contractmaturity/items": "contractMaturity",
  "product/find": "product",
  "product/item": "product",
  "product/items": "product",
  "account/list": "account",
  "account/item": "account",
  "order/list": "order",
};

interface PendingFill {
  readonly fill: Fill;
  readonly at: TapeMoment;
}

/** Per key: what is subtracted from the ledger's counters, and whether a seed made them up. */
interface KeyState {
  offset: CounterOffset;
  /** The key's counters no longer compare (the trade date moved on). */
  countersOff: boolean;
  tradeDate?: string;
  /** Seeded from the snapshot without fills: fillPairs cannot be summed against it. */
  seeded: boolean;
}

/** Feeds one tape's Tradovate traffic into the books and compares the venue's figures. */
export class TradovateFeed {
  readonly #books: Books;
  readonly #findings: Findings;
  readonly #contracts = new Map<number, Contract>();
  readonly #maturities = new Map<number, ContractMaturity>();
  readonly #products = new Map<number, Product>();
  /** Account names by id, for people. */
  readonly accountNames = new Map<number, string>();
  readonly #orderAccount = new Map<number, number>();
  readonly #fillsSeen = new Set<number>();
  readonly #pending: PendingFill[] = [];
  readonly #positionKey = new Map<number, AccountKey>();
  readonly #keys = new Map<string, KeyState>();
  readonly #pairsSeen = new Set<number>();
  /** Realized P&L by fillPairs, per key id, micro-dollars. */
  readonly #pairRealized = new Map<string, { key: AccountKey; micros: Micros }>();
  /** Accounts with a seeded position: the next realizedPnL becomes their baseline. */
  readonly #needsBase = new Set<number>();
  /** Baselines of seeded accounts: later realizedPnL compares as a change from these. */
  readonly #realizedBase = new Map<number, { venue: Ratio; ledger: Micros }>();
  /** Request endpoints by connection and request id, to type REST answers on the socket. */
  readonly #requests = new Map<number, Map<number, string>>();
  duplicateFills = 0;
  unrecognisedFrames = 0;

  constructor(books: Books, findings: Findings) {
    this.#books = books;
    this.#findings = findings;
  }

  /** A frame the client sent: remembers request endpoints so their answers can be read. */
  send(c: number, text: string): void {
    const frame = parseClientFrame(text);
    if (frame.kind !== "request") return;
    let byId = this.#requests.get(c);
    if (byId === undefined) {
      byId = new Map();
      this.#requests.set(c, byId);
    }
    byId.set(frame.id, frame.endpointKey);
  }

  /** A frame the client received. */
  recv(c: number, text: string, at: TapeMoment): void {
    const frame = parseServerFrame(text);
    if (frame.kind === "unrecognised") {
      this.unrecognisedFrames++;
      return;
    }
    if (frame.kind !== "messages") return;
    // Entities first, comparisons after: a frame carrying a fill and the position it made
    // compares the position with the fill applied, whatever their order inside the frame.
    const later: Array<() => void> = [];
    for (const m of frame.messages) this.#message(c, m, at, later);
    for (const f of later) f();
  }

  /** A REST exchange: contract, maturity, product and account answers feed the directory. */
  http(e: HttpEvent, at: TapeMoment): void {
    if (e.status < 200 || e.status >= 300 || e.res.body === undefined) return;
    const path = endpointOf(e.url);
    const entityType = path === undefined ? undefined : DIRECTORY_ENDPOINTS[path];
    if (entityType === undefined) return;
    const json = parseJson(e.res.body);
    if (!json.ok) return;
    this.#directory(entityType, json.value, at);
  }

  /** Fills that never found their contract or account. */
  finish(): void {
    for (const p of this.#pending) {
      this.#findings.problem(
        p.at,
        "tradovate",
        `fill ${p.fill.id} not counted: ${this.#missing(p.fill) ?? "unknown"} never appeared in the tape`,
      );
    }
    this.#pending.length = 0;
  }

  #message(c: number, m: ServerMessage, at: TapeMoment, later: Array<() => void>): void {
    if (m.type === "unrecognised") return;
    if (m.type === "response") {
      if (m.s < 200 || m.s >= 300) return;
      const endpoint = this.#requests.get(c)?.get(m.i);
      if (endpoint === "user/syncrequest" || (isObject(m.d) && Array.isArray(m.d.users))) {
        const snap = parseSyncSnapshot(m.d);
        if (snap.kind !== "unrecognised") this.#snapshot(snap, at);
        return;
      }
      const entityType = endpoint === undefined ? undefined : DIRECTORY_ENDPOINTS[endpoint];
      if (entityType !== undefined) this.#directory(entityType, m.d, at);
      return;
    }
    if (m.e === "md") {
      for (const q of tradovateMdQuotes(m)) {
        const name =
          q.contractId === undefined ? q.symbol : this.#contracts.get(q.contractId)?.name;
        if (name === undefined) continue;
        const quote: { symbol: string; bid?: number; ask?: number; last?: number } = {
          symbol: name,
        };
        if (q.bid !== undefined) quote.bid = q.bid;
        if (q.ask !== undefined) quote.ask = q.ask;
        if (q.last !== undefined) quote.last = q.last;
        this.#books.mark("tradovate", quote, at);
      }
      return;
    }
    if (m.e !== "props") return;
    const deleted = m.eventType === "Deleted";
    for (const entity of m.entities) this.#entity(entity, deleted, at, later);
  }

  #entity(entity: Entity, deleted: boolean, at: TapeMoment, later: Array<() => void>): void {
    switch (entity.kind) {
      case "fill":
        if (!deleted) this.#fill(entity.value, at);
        return;
      case "position":
        if (!deleted) later.push(() => this.#position(entity.value, at));
        return;
      case "cashBalance":
        if (!deleted) later.push(() => this.#cashBalance(entity.value, at));
        return;
      case "fillPair":
        if (!deleted) later.push(() => this.#fillPair(entity.value, at));
        return;
      case "contract":
      case "contractMaturity":
      case "product":
      case "account":
      case "order":
      case "executionReport":
        this.#learn(entity, at);
        return;
      default:
        return;
    }
  }

  #directory(entityType: string, value: unknown, at: TapeMoment): void {
    for (const item of Array.isArray(value) ? value : [value]) {
      this.#learn(parseEntity(entityType, item), at);
    }
  }

  #learn(entity: Entity, at: TapeMoment): void {
    switch (entity.kind) {
      case "contract":
        this.#contracts.set(entity.value.id, entity.value);
        this.#productOfContract(entity.value, at);
        break;
      case "contractMaturity":
        this.#maturities.set(entity.value.id, entity.value);
        break;
      case "product":
        this.#product(entity.value, at);
        break;
      case "account":
        this.#account(entity.value);
        break;
      case "order":
        this.#order(entity.value);
        break;
      case "executionReport":
        this.#executionReport(entity.value);
        break;
      default:
        return;
    }
    this.#retryPending();
  }

  #account(a: Account): void {
    this.accountNames.set(a.id, a.name);
  }

  #order(o: Order): void {
    this.#orderAccount.set(o.id, o.accountId);
  }

  #executionReport(r: ExecutionReport): void {
    if (!this.#orderAccount.has(r.orderId)) this.#orderAccount.set(r.orderId, r.accountId);
  }

  #product(p: Product, at: TapeMoment): void {
    this.#products.set(p.id, p);
    this.#books.product(
      { name: p.name, tickSize: p.tickSize, valuePerPoint: p.valuePerPoint },
      at,
      "tradovate",
      `product ${p.name}`,
    );
  }

  /** A contract's product, when its maturity and product are known, checks the name's root. */
  #productOfContract(c: Contract, at: TapeMoment): void {
    const m = this.#maturities.get(c.contractMaturityId);
    const p = m === undefined ? undefined : this.#products.get(m.productId);
    if (p !== undefined && !c.name.toUpperCase().startsWith(p.name.toUpperCase())) {
      this.#findings.note(at, "tradovate", `contract ${c.name} belongs to product ${p.name}`);
    }
  }

  #accountOf(fill: Fill): number | undefined {
    const byOrder = this.#orderAccount.get(fill.orderId);
    if (byOrder !== undefined) return byOrder;
    // One account in the tape: every fill is its.
    if (this.accountNames.size === 1) return this.accountNames.keys().next().value;
    return undefined;
  }

  #missing(fill: Fill): string | undefined {
    if (!this.#contracts.has(fill.contractId)) return `contract ${fill.contractId}`;
    if (this.#accountOf(fill) === undefined) return `the account of order ${fill.orderId}`;
    return undefined;
  }

  #fill(fill: Fill, at: TapeMoment): void {
    if (this.#fillsSeen.has(fill.id)) {
      this.duplicateFills++;
      return;
    }
    if (this.#missing(fill) !== undefined) {
      if (!this.#pending.some((p) => p.fill.id === fill.id)) this.#pending.push({ fill, at });
      return;
    }
    this.#apply(fill, at);
  }

  #apply(fill: Fill, at: TapeMoment): void {
    this.#fillsSeen.add(fill.id);
    if (!fill.active) {
      this.#findings.note(at, "tradovate", `fill ${fill.id} is not active: not counted`);
      return;
    }
    this.#books.fill(
      "tradovate",
      {
        key: this.#key(this.#accountOf(fill)!, fill.contractId)!,
        side: fill.action === "Buy" ? "BUY" : "SELL",
        qty: fill.qty,
        price: fill.price,
        time: at.time,
        id: String(fill.id),
      },
      at,
    );
  }

  #retryPending(): void {
    if (this.#pending.length === 0) return;
    const ready = this.#pending.filter((p) => this.#missing(p.fill) === undefined);
    if (ready.length === 0) return;
    for (const p of ready) {
      this.#pending.splice(this.#pending.indexOf(p), 1);
      if (!this.#fillsSeen.has(p.fill.id)) this.#apply(p.fill, p.at);
    }
  }

  #key(accountId: number, contractId: number): AccountKey | undefined {
    const name = this.#contracts.get(contractId)?.name;
    return name === undefined ? undefined : { account: String(accountId), symbol: name };
  }

  #state(key: AccountKey): KeyState {
    const id = keyId(key);
    let s = this.#keys.get(id);
    if (s === undefined) {
      s = { offset: ZERO_OFFSET, countersOff: false, seeded: false };
      this.#keys.set(id, s);
    }
    return s;
  }

  /**
   * The sync snapshot: directory entities first, then each position's carried-in quantity
   * (prevPos at prevPrice, fee 0) and that trade date's fills in time order; a position the
   * snapshot's fills do not explain is seeded from the entity itself and compared from then on
   * as changes. Then positions, cashBalances and fillPairs are compared like props events.
   */
  #snapshot(s: SyncSnapshot, at: TapeMoment): void {
    for (const a of s.accounts) this.#account(a);
    for (const m of s.contractMaturities) this.#maturities.set(m.id, m);
    for (const p of s.products) this.#product(p, at);
    for (const c of s.contracts) this.#contracts.set(c.id, c);
    for (const o of s.orders) this.#order(o);
    for (const r of s.executionReports) this.#executionReport(r);
    this.#retryPending();

    const fillsByKey = new Map<string, Fill[]>();
    for (const f of s.fills) {
      const account = this.#accountOf(f);
      const key = account === undefined ? undefined : this.#key(account, f.contractId);
      if (key === undefined) {
        this.#fill(f, at);
        continue;
      }
      const id = keyId(key);
      fillsByKey.set(id, [...(fillsByKey.get(id) ?? []), f]);
    }
    const byTime = (a: Fill, b: Fill) =>
      a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id - b.id;
    const done = new Set<string>();
    for (const p of s.positions) {
      const key = this.#key(p.accountId, p.contractId);
      if (key === undefined) {
        this.#findings.problem(
          at,
          "tradovate",
          `position ${p.id}: contract ${p.contractId} unknown`,
        );
        continue;
      }
      const id = keyId(key);
      const state = this.#state(key);
      state.tradeDate = dateText(p.tradeDate);
      const fills = (fillsByKey.get(id) ?? []).sort(byTime);
      done.add(id);
      const today = fills.filter((f) => dateText(f.tradeDate) === state.tradeDate);
      if (today.length < fills.length) {
        this.#findings.note(
          at,
          "tradovate",
          `${fills.length - today.length} snapshot fill(s) of ${key.symbol} from another trade date: not counted (prevPos covers them)`,
        );
      }
      const unseen = today.filter((f) => !this.#fillsSeen.has(f.id));
      const known = this.#books.recon.tradovate.row(key) !== undefined;
      if (unseen.length === 0 && !known && (p.bought !== 0 || p.sold !== 0)) {
        this.#seedFromEntity(key, p, state, at);
      } else if (!known) {
        this.#carryIn(key, p, state, at);
      }
      for (const f of unseen) this.#fill(f, at);
      this.#positionKey.set(p.id, key);
    }
    for (const [id, fills] of fillsByKey) {
      if (!done.has(id)) for (const f of fills.sort(byTime)) this.#fill(f, at);
    }
    for (const p of s.positions) this.#position(p, at);
    for (const fp of s.fillPairs) this.#fillPair(fp, at);
    for (const cb of s.cashBalances) this.#cashBalance(cb, at);
  }

  /** A position held overnight: prevPos at prevPrice, fee 0, outside the day's counters. */
  #carryIn(key: AccountKey, p: Position, state: KeyState, at: TapeMoment): void {
    if (p.prevPos === 0) return;
    if (p.prevPrice === undefined) {
      this.#findings.problem(
        at,
        "tradovate",
        `position ${p.id}: prevPos ${p.prevPos} without prevPrice`,
      );
      return;
    }
    const qty = Math.abs(p.prevPos);
    const r = this.#books.fill(
      "tradovate",
      { key, side: p.prevPos > 0 ? "BUY" : "SELL", qty, price: p.prevPrice, fee: 0, time: at.time },
      at,
      `carried in: prevPos ${p.prevPos} at prevPrice ${p.prevPrice}`,
    );
    if (r === null) return;
    const value = parseDecimal(p.prevPrice);
    const v = isNotADecimal(value) ? ratio(0n) : mulR(value, ratio(BigInt(qty)));
    state.offset =
      p.prevPos > 0
        ? { ...ZERO_OFFSET, bought: BigInt(qty), boughtValue: v }
        : { ...ZERO_OFFSET, sold: BigInt(qty), soldValue: v };
  }

  /**
   * A snapshot position without the fills behind it (the tape starts mid-day, or the snapshot
   * left them out): opens netPos at netPrice with fee 0 (an average off the tick grid becomes
   * two prices one tick apart with exactly that average), and takes the entity's counters and
   * the account's realizedPnL as the baseline later figures are compared against.
   */
  #seedFromEntity(key: AccountKey, p: Position, state: KeyState, at: TapeMoment): void {
    state.seeded = true;
    const ledger = this.#books.recon.tradovate;
    if (!this.#realizedBase.has(p.accountId)) this.#needsBase.add(p.accountId);
    if (p.netPos !== 0) {
      const lots =
        p.netPrice === undefined
          ? null
          : splitAverage(p.netPrice, Math.abs(p.netPos), ledger.instrument(key.symbol).grid);
      if (lots === null) {
        this.#findings.problem(
          at,
          "tradovate",
          `position ${p.id} (${key.symbol}): netPos ${p.netPos} at netPrice ${p.netPrice ?? "absent"} cannot be seeded`,
        );
      } else {
        for (const lot of lots) {
          this.#books.fill(
            "tradovate",
            {
              key,
              side: p.netPos > 0 ? "BUY" : "SELL",
              qty: lot.qty,
              price: lot.price,
              fee: 0,
              time: at.time,
            },
            at,
            `seeded from position ${p.id}: the tape has no fills behind netPos ${p.netPos}`,
          );
        }
      }
    }
    this.#findings.note(
      at,
      "tradovate",
      `position ${p.id} (account ${key.account} ${key.symbol}): no fills in the tape explain it; ` +
        "seeded at netPrice, its counters and the account's realizedPnL compare as changes from here",
    );
    state.offset = offsetFrom(ledger, key, p) ?? ZERO_OFFSET;
  }

  #position(p: Position, at: TapeMoment): void {
    const key = this.#key(p.accountId, p.contractId);
    if (key === undefined) {
      this.#findings.problem(
        at,
        "tradovate",
        `position ${p.id}: contract ${p.contractId} unknown: not compared`,
      );
      return;
    }
    this.#positionKey.set(p.id, key);
    const state = this.#state(key);
    const date = dateText(p.tradeDate);
    if (state.tradeDate === undefined) state.tradeDate = date;
    else if (state.tradeDate !== date && !state.countersOff) {
      state.countersOff = true;
      this.#findings.note(
        at,
        "tradovate",
        `${key.symbol}: trade date moved from ${state.tradeDate} to ${date}; bought/sold counters are no longer compared`,
      );
    }
    this.#findings.checks.tradovatePositions++;
    const found = this.#books.reconcilers.tradovate.observe({
      kind: "tradovatePosition",
      time: at.time,
      key,
      netPos: p.netPos,
      netPrice: p.netPrice ?? null,
    });
    this.#findings.disagree(at, "tradovate", found);
    if (!state.countersOff) {
      this.#findings.disagree(
        at,
        "tradovate",
        compareCounters(this.#books.recon.tradovate, key, p, state.offset, at.time),
      );
    }
  }

  #cashBalance(cb: CashBalance, at: TapeMoment): void {
    if (cb.realizedPnL === undefined) return;
    this.#findings.checks.cashBalances++;
    const account = String(cb.accountId);
    const total = this.#accountRealized(account);
    const base = this.#realizedBase.get(cb.accountId);
    if (this.#needsBase.delete(cb.accountId)) {
      const venue = parseDecimal(cb.realizedPnL);
      if (!isNotADecimal(venue)) this.#realizedBase.set(cb.accountId, { venue, ledger: total });
    } else if (base !== undefined) {
      this.#realizedSinceBase(cb, base, total, at);
    } else {
      const found = this.#books.reconcilers.tradovate.observe({
        kind: "realizedPnL",
        time: at.time,
        account,
        realizedPnL: cb.realizedPnL,
      });
      this.#findings.disagree(at, "tradovate", found);
    }
    this.#comparePairs(account, at);
  }

  /** A seeded account: the change of realizedPnL since the snapshot against the ledger's. */
  #realizedSinceBase(
    cb: CashBalance,
    base: { venue: Ratio; ledger: Micros },
    total: Micros,
    at: TapeMoment,
  ): void {
    const venue = parseDecimal(cb.realizedPnL ?? 0);
    if (isNotADecimal(venue)) return;
    const theirs = mulR(subR(venue, base.venue), ratio(1_000_000n));
    const mine = ratio(total - base.ledger);
    const diff = subR(theirs, mine);
    if (cmpR(diff.num < 0n ? ratio(-diff.num, diff.den) : diff, ratio(5000n)) >= 0) {
      this.#findings.disagree(at, "tradovate", [
        {
          time: at.time,
          key: `account ${cb.accountId}`,
          field: "realizedPnL change since snapshot",
          external: formatDecimal(subR(venue, base.venue)),
          ledger: formatMicros(total - base.ledger),
        },
      ]);
    }
  }

  #accountRealized(account: string): Micros {
    let total = 0n;
    for (const row of this.#books.recon.tradovate.snapshot()) {
      if ("account" in row.key && row.key.account === account) total += row.realized;
    }
    return total;
  }

  #fillPair(fp: FillPair, at: TapeMoment): void {
    if (this.#pairsSeen.has(fp.id) || !fp.active) return;
    this.#pairsSeen.add(fp.id);
    const key = this.#positionKey.get(fp.positionId);
    if (key === undefined) {
      this.#findings.problem(
        at,
        "tradovate",
        `fillPair ${fp.id}: position ${fp.positionId} unknown: not compared`,
      );
      return;
    }
    const grid = this.#books.recon.tradovate.instrument(key.symbol);
    const buy = tryPriceToTicks(fp.buyPrice, grid.grid);
    const sell = tryPriceToTicks(fp.sellPrice, grid.grid);
    if (!buy.ok || !sell.ok) {
      this.#findings.problem(
        at,
        "tradovate",
        `fillPair ${fp.id}: price off the ${key.symbol} grid`,
      );
      return;
    }
    const id = keyId(key);
    const prev = this.#pairRealized.get(id)?.micros ?? 0n;
    const add = BigInt(fp.qty) * (sell.ticks - buy.ticks) * grid.tickUnitValue;
    this.#pairRealized.set(id, { key, micros: prev + add });
  }

  /**
   * Each position's fillPairs, summed, against its realized P&L: compared when a cashBalance
   * arrives, since Tradovate sends the pairs of a fill before the balance they change.
   */
  #comparePairs(account: string, at: TapeMoment): void {
    for (const [id, { key, micros }] of this.#pairRealized) {
      if (key.account !== account) continue;
      const state = this.#keys.get(id);
      if (state?.seeded || (state !== undefined && !isZeroOffset(state.offset))) continue;
      this.#findings.checks.fillPairSums++;
      const row = this.#books.recon.tradovate.row(key);
      const mine = row?.realized ?? 0n;
      if (mine !== micros) {
        this.#findings.disagree(at, "tradovate", [
          {
            time: at.time,
            key: `account ${key.account} ${key.symbol}`,
            field: "fillPairs realized",
            external: formatMicros(micros),
            ledger: formatMicros(mine),
          },
        ]);
      }
    }
  }
}

function dateText(d: TradeDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** The path of a Tradovate REST URL after `/v1/`, lower case, or undefined. */
function endpointOf(url: string): string | undefined {
  const m = /\/v1\/([^?#]+)/i.exec(url);
  return m?.[1]?.toLowerCase().replace(/\/+$/, "");
}

/**
 * Quantity `n` at average price `avg` as at most two lots on the grid: `r` at q+1 ticks and
 * `n - r` at q ticks, where q*n + r is the total in ticks. Null when the total is not whole
 * ticks (within the half-tick a double can be off by, it is rounded to the nearest tick).
 */
function splitAverage(
  avg: number,
  n: number,
  grid: { size: Ratio },
): Array<{ qty: number; price: string }> | null {
  const a = parseDecimal(avg);
  if (isNotADecimal(a) || n <= 0) return null;
  const total = mulR(mulR(a, ratio(BigInt(n))), ratio(grid.size.den, grid.size.num));
  // Venues print averages in doubles: total ticks within 1/1000 tick of a whole number count.
  const rounded = (total.num * 2n + total.den) / (2n * total.den);
  const off = subR(total, ratio(rounded));
  if (cmpR(off.num < 0n ? ratio(-off.num, off.den) : off, ratio(1n, 1000n)) > 0) return null;
  const big = BigInt(n);
  const q = rounded >= 0n ? rounded / big : -((-rounded + big - 1n) / big);
  const r = rounded - q * big;
  const price = (t: bigint) => formatDecimal(mulR(ratio(t), grid.size), 12);
  const lots = [{ qty: Number(big - r), price: price(q) }];
  if (r > 0n) lots.push({ qty: Number(r), price: price(q + 1n) });
  return lots.filter((l) => l.qty > 0);
}

/**
 * A pure venue on a hand-made or generated market: a host whose clock the test moves, timers
 * run in due order, and every event kept. The market is one contract, ESZ6 (id 1, tick 0.25).
 */
import { Ledger } from "../../src/pnl/ledger.js";
import { type Book, type Level, MarketTape } from "../../src/sim/market.js";
import { SessionTime } from "../../src/sim/session-time.js";
import { SIM_DEFAULTS, type SimSettings, type VenueHost } from "../../src/sim/types.js";
import { SimVenue } from "../../src/sim/venue.js";

export const ES_ID = 1;
export const ACCOUNT = { id: 7, name: "SIM7", userId: 70 };

/** One market update of ESZ6, prices in ticks (6700.00 = 26800 ticks). */
export interface Tick {
  t: number;
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  last?: number;
  /** Contracts traded in this update, at `last`. */
  traded?: number;
  dom?: { bids: Level[]; offers: Level[] };
}

/** A price in ticks of ES (tick 0.25). */
export const es = (price: number): number => Math.round(price * 4);
/** A tick count of ES as a price. */
export const px = (ticks: number): number => ticks / 4;

/** Builds the market tape of `ticks` (in time order) for ESZ6. */
export function marketOf(ticks: readonly Tick[]): MarketTape {
  const tape = new MarketTape();
  let seq = 0;
  for (const k of ticks) {
    const prev: Partial<Book> = tape.latest(ES_ID) ?? {};
    const top = k.bid !== undefined || k.ask !== undefined;
    tape.push(ES_ID, {
      t: k.t,
      seq: ++seq,
      bid: k.bid ?? prev.bid,
      bidSize: k.bid !== undefined ? k.bidSize : prev.bidSize,
      ask: k.ask ?? prev.ask,
      askSize: k.ask !== undefined ? k.askSize : prev.askSize,
      last: k.last ?? prev.last,
      totalVolume: undefined,
      traded: k.traded ?? 0,
      bids: k.dom ? k.dom.bids : prev.bids,
      offers: k.dom ? k.dom.offers : prev.offers,
      domT: k.dom ? k.t : prev.domT,
      topT: top ? k.t : prev.topT,
    });
  }
  return tape;
}

type Event = [string, string, Record<string, unknown>];
interface Timer {
  t: number;
  n: number;
  fn: () => void;
}

/** A host for tests: a clock moved by {@link Sim.advance}, timers, events. */
export class Sim implements VenueHost {
  readonly venue: SimVenue;
  readonly market: MarketTape;
  readonly events: Event[] = [];
  readonly answers: Array<{ status: number; d: unknown }> = [];
  readonly notes: string[] = [];
  #t = 0;
  #timers: Timer[] = [];
  #n = 0;
  #next = 0;
  readonly #time = new SessionTime("2026-11-20T14:30:00.000Z");

  constructor(ticks: readonly Tick[], settings: Partial<SimSettings> = {}) {
    this.market = marketOf(ticks);
    this.venue = new SimVenue(
      {
        account: ACCOUNT,
        settings: { ...SIM_DEFAULTS, ...settings },
        market: this.market,
        contractIds: new Map([["ESZ6", ES_ID]]),
        ledger: new Ledger({ matching: "fifo" }),
      },
      this,
    );
  }

  now(): number {
    return this.#t;
  }
  iso(t: number): string {
    return this.#time.iso(t);
  }
  tradeDate(t: number) {
    return this.#time.tradeDate(t);
  }
  at(t: number, fn: () => void): void {
    this.#timers.push({ t: Math.max(t, this.#t), n: ++this.#n, fn });
  }
  emit(entityType: string, eventType: string, entity: Record<string, unknown>): void {
    this.events.push([entityType, eventType, structuredClone(entity)]);
  }
  watchMarket(): void {}
  note(line: string): void {
    this.notes.push(line);
  }

  /**
   * Moves the clock to `t`: timers due before each market update run first (ties: the market
   * update first, as the replay scheduler orders them), every update on the way wakes the venue.
   */
  advance(t: number): void {
    const updates = this.market.updates;
    for (;;) {
      const u = updates[this.#next];
      const timer = this.#earliest();
      const uT = u && u.t <= t ? u.t : Number.POSITIVE_INFINITY;
      const tT = timer && timer.t <= t ? timer.t : Number.POSITIVE_INFINITY;
      if (uT === Number.POSITIVE_INFINITY && tT === Number.POSITIVE_INFINITY) break;
      if (uT <= tT) {
        this.#t = Math.max(this.#t, uT);
        this.#next++;
        this.venue.onMarket(u!);
      } else {
        this.#timers = this.#timers.filter((x) => x !== timer);
        this.#t = Math.max(this.#t, tT);
        timer!.fn();
      }
    }
    this.#t = Math.max(this.#t, t);
  }

  #earliest() {
    let best: Timer | undefined;
    for (const x of this.#timers)
      if (!best || x.t < best.t || (x.t === best.t && x.n < best.n)) best = x;
    return best;
  }

  /** Sends a request now; its immediate events are kept after the answer, as a socket would. */
  request(endpoint: string, body: unknown, query = ""): { status: number; d: unknown } {
    const a = this.venue.request(endpoint.toLowerCase(), query, body);
    this.answers.push({ status: a.status, d: a.d });
    for (const e of a.events) this.events.push([e[0], e[1], structuredClone(e[2])]);
    return { status: a.status, d: a.d };
  }

  /** Places an order on ESZ6 for the simulated account. */
  place(body: Record<string, unknown>): { status: number; d: Record<string, unknown> } {
    const a = this.request("order/placeOrder", {
      accountId: ACCOUNT.id,
      symbol: "ESZ6",
      isAutomated: true,
      ...body,
    });
    return a as { status: number; d: Record<string, unknown> };
  }

  /** Entities of one type in event order. */
  of(type: string): Record<string, unknown>[] {
    return this.events.filter((e) => e[0] === type).map((e) => e[2]);
  }

  /** The fills, as [action, qty, price]. */
  fills(): Array<[string, number, number]> {
    return this.of("fill").map((f) => [f.action as string, f.qty as number, f.price as number]);
  }

  /** The last status of every order. */
  statuses(): Map<number, string> {
    const m = new Map<number, string>();
    for (const o of this.of("order")) m.set(o.id as number, o.ordStatus as string);
    return m;
  }
}

/**
 * The order simulator inside a replay session: one {@link SimVenue} per session, its clock the
 * session clock, its timers and market wake-ups streams of the session scheduler (so they
 * interleave with the replayed frames in tape order at any speed, `max` included), and its
 * events sent to every socket of the session that synced the user's data.
 */
import { InputError } from "../errors.js";
import { type ContractTable, DEFAULT_CONTRACTS } from "../pnl/contracts.js";
import { Ledger } from "../pnl/ledger.js";
import { parseMicros } from "../pnl/money.js";
import { toNumberR } from "../pnl/ratio.js";
import { tryPriceToTicks } from "../pnl/ticks.js";
import { isObject, messagesFrame, parseJson, propsEvent } from "../protocols/tradovate/index.js";
import {
  buildMarketTape,
  type FillModel,
  type MarketTape,
  type MdMessage,
  maxIds,
  SIM_DEFAULTS,
  SIM_ENTITY_TYPES,
  type SimSettings,
  SimVenue,
  type StopTrigger,
  type VenueHost,
} from "../sim/index.js";
import { SessionTime } from "../sim/session-time.js";
import type { EngineContext, SessionCore } from "./engine-types.js";
import { framesOf } from "./frame-list.js";
import type { StreamItem, StreamTarget } from "./scheduler.js";
import type { TapeIndex } from "./tape-index.js";

/** How a replay serves orders. */
export type SimMode = "auto" | "on" | "off";

/** The simulator's engine options. */
export interface SimOptions {
  /** "auto": simulate from the first order a client places; "on": from the start; "off": never. */
  readonly mode: SimMode;
  readonly settings: SimSettings;
  /** Keep sending the recorded account's own order/fill/position/cash events in sim mode. */
  readonly sendRecorded: boolean;
}

/** Order simulation settings as a library or CLI user gives them; every field has a default. */
export interface SimConfig {
  /** Default "auto": simulate from the first order a client places. */
  mode?: SimMode;
  fillModel?: FillModel;
  /** Order-entry latency, ms (default 0). */
  latencyMs?: number;
  /** Extra latency up to this many ms, seeded (default 0). */
  jitterMs?: number;
  seed?: number;
  /** Starting cash in dollars when the client does not give `initialBalance` (default 50,000). */
  balance?: number;
  stopTrigger?: StopTrigger;
  /** Keep sending the recorded account's own events in sim mode (default false). */
  sendRecorded?: boolean;
}

/**
 * Fills in a {@link SimConfig}. Throws InputError `sim: ...` for a value out of range (the CLI
 * checks its flags first; library callers get the same one line).
 */
export function simOptions(c: SimConfig = {}): SimOptions {
  const ms = (v: number | undefined, what: string) => {
    if (v === undefined) return 0;
    if (!Number.isFinite(v) || v < 0 || v > 3_600_000)
      throw new InputError(`sim: ${what} must be 0..3600000 ms`);
    return Math.round(v * 1000);
  };
  const balance = c.balance ?? 50_000;
  const cash = parseMicros(balance);
  if (cash === null || cash < 0n)
    throw new InputError(`sim: balance ${balance} is not an amount of dollars`);
  return {
    mode: c.mode ?? "auto",
    sendRecorded: c.sendRecorded ?? false,
    settings: {
      ...SIM_DEFAULTS,
      fillModel: c.fillModel ?? SIM_DEFAULTS.fillModel,
      latencyUs: ms(c.latencyMs, "latency"),
      jitterUs: ms(c.jitterMs, "jitter"),
      seed: c.seed ?? SIM_DEFAULTS.seed,
      stopTrigger: c.stopTrigger ?? SIM_DEFAULTS.stopTrigger,
      startingCash: cash,
    },
  };
}

/** A socket that synced the user's data and receives the venue's props events. */
export interface UserSocket {
  sendMessageText(frame: string): void;
}

// Timer items sort after market updates due at the same time (a seq no tape reaches).
const TIMER_SEQ = Number.MAX_SAFE_INTEGER;

const markets = new WeakMap<TapeIndex, { tape: MarketTape; items: StreamItem[] }>();

/** The tape's contract table: the defaults, overridden by products the tape recorded. */
function contractTable(index: TapeIndex): ContractTable {
  let table = DEFAULT_CONTRACTS;
  const products: unknown[] = [];
  const snap = index.snapshot?.products;
  if (Array.isArray(snap)) products.push(...snap);
  for (const r of index.rest) {
    if (!r.path.startsWith("product/") || !r.body || r.status !== 200) continue;
    const parsed = parseJson(r.body);
    if (parsed.ok) products.push(...(Array.isArray(parsed.value) ? parsed.value : [parsed.value]));
  }
  for (const p of products) {
    if (!isObject(p) || typeof p.name !== "string" || typeof p.tickSize !== "number") continue;
    if (typeof p.valuePerPoint !== "number") continue;
    try {
      table = table.withProduct({
        name: p.name,
        tickSize: p.tickSize,
        valuePerPoint: p.valuePerPoint,
      });
    } catch {
      // A product the table cannot take keeps the default row.
    }
  }
  return table;
}

/** The market of a tape, built once and shared by every session that simulates on it. */
export function marketOf(
  index: TapeIndex,
  ledger: Ledger,
): { tape: MarketTape; items: StreamItem[] } {
  const cached = markets.get(index);
  if (cached) return cached;
  const names = new Map<number, string>();
  for (const [name, id] of index.contractIds) if (!names.has(id)) names.set(id, name);
  const grids = new Map<
    number,
    { grid: ReturnType<Ledger["instrument"]>["grid"]; tick: number } | null
  >();
  const ticksOf = (contractId: number, price: number): number | undefined => {
    let g = grids.get(contractId);
    if (g === undefined) {
      const name = names.get(contractId);
      try {
        const grid = name === undefined ? undefined : ledger.instrument(name).grid;
        g = grid ? { grid, tick: toNumberR(grid.size) } : null;
      } catch {
        g = null;
      }
      grids.set(contractId, g);
    }
    if (g === null) return undefined;
    const r = tryPriceToTicks(price, g.grid);
    // Off-grid market data (rare, synthetic tapes) is put on the nearest tick.
    return r.ok ? Number(r.ticks) : Math.round(price / g.tick);
  };
  const messages: MdMessage[] = [];
  for (const conn of index.tradovate) {
    for (const ex of conn.exchanges) {
      if (ex.endpointKey !== "md/subscribequote" && ex.endpointKey !== "md/subscribedom") continue;
      for (const f of framesOf(ex.followers)) messages.push(f);
    }
  }
  messages.sort((a, b) => a.t - b.t || a.seq - b.seq);
  const tape = buildMarketTape(messages, ticksOf);
  const items = tape.updates.map((u, k) => ({ t: u.t, seq: u.seq, text: String(k) }));
  const built = { tape, items };
  markets.set(index, built);
  return built;
}

/** The simulator of one session. */
export class SimSession implements VenueHost {
  readonly venue: SimVenue;
  readonly options: SimOptions;
  readonly #core: SessionCore;
  readonly #ctx: EngineContext;
  readonly #time: SessionTime;
  readonly #market: { tape: MarketTape; items: StreamItem[] };
  readonly #marketTarget: StreamTarget;
  #watching = false;

  constructor(core: SessionCore, ctx: EngineContext, options: SimOptions, startingCash?: bigint) {
    this.#core = core;
    this.#ctx = ctx;
    this.options = options;
    const index = core.index;
    this.#time = new SessionTime(index.header.started);
    const ledger = new Ledger({ matching: "fifo", contracts: contractTable(index) });
    this.#market = marketOf(index, ledger);
    const account = recordedAccount(index, ctx);
    const cash = index.snapshot?.cashBalances;
    const recordedCash = Array.isArray(cash)
      ? cash.find((c) => isObject(c) && c.accountId === account.id)
      : undefined;
    const lists: Record<string, string> = {};
    for (const type of SIM_ENTITY_TYPES) lists[`${type}s`] = type;
    lists.orderStrategies = "orderStrategy";
    lists.fillPairs = "fillPair";
    lists.cashBalances = "cashBalance";
    this.#marketTarget = {
      deliver: (items) => {
        for (const item of items)
          this.venue.onMarket(this.#market.tape.updates[Number(item.text)]!);
      },
      backpressured: () => false,
    };
    this.venue = new SimVenue(
      {
        account,
        settings:
          startingCash === undefined ? options.settings : { ...options.settings, startingCash },
        market: this.#market.tape,
        contractIds: index.contractIds,
        ledger,
        idsAbove: recordedMaxIds(index, lists),
        ...(isObject(recordedCash) && typeof recordedCash.id === "number"
          ? { cashBalanceId: recordedCash.id }
          : {}),
      },
      this,
    );
  }

  /** The recorded sync snapshot with the account's own lists replaced by the venue's. */
  snapshot(recorded: Record<string, unknown> | undefined): Record<string, unknown> {
    const base = recorded ?? {};
    return { ...base, ...this.venue.syncLists() };
  }

  /** Sends events the venue returned with an answer (after the answer went out). */
  send(events: ReadonlyArray<[string, string, Record<string, unknown>]>): void {
    for (const [type, ev, entity] of events) this.emit(type, ev, entity);
  }

  // ---- VenueHost --------------------------------------------------------------------------

  now(): number {
    return this.#core.clock.now();
  }

  iso(t: number): string {
    return this.#time.iso(t);
  }

  tradeDate(t: number) {
    return this.#time.tradeDate(t);
  }

  at(t: number, fn: () => void): void {
    const now = this.now();
    let fired = false;
    const target: StreamTarget = {
      deliver: () => {
        if (fired) return;
        fired = true;
        // One-shot: a looping scheduler must not run it again.
        this.#core.scheduler.remove((s) => s.target === target);
        fn();
      },
      backpressured: () => false,
    };
    this.#core.scheduler.add(
      target,
      [{ t: Math.max(t, now), seq: TIMER_SEQ, text: "" }],
      now,
      "sim:timer",
    );
  }

  emit(entityType: string, eventType: string, entity: Record<string, unknown>): void {
    const frame = messagesFrame(propsEvent(entityType, eventType, entity));
    for (const u of this.#core.userSockets) u.sendMessageText(frame);
  }

  watchMarket(on: boolean): void {
    if (on === this.#watching) return;
    this.#watching = on;
    const scheduler = this.#core.scheduler;
    if (!on) {
      scheduler.remove((s) => s.target === this.#marketTarget);
      return;
    }
    const now = this.now();
    // Updates strictly after now: the book at now is what the venue already matched against.
    let from = this.#market.tape.firstUpdateAt(now);
    const items = this.#market.items;
    while (from < items.length && items[from]!.t <= now) from++;
    scheduler.add(this.#marketTarget, items.slice(from), now, "sim:market");
  }

  note(line: string): void {
    this.#ctx.log(`sim: ${line}`);
  }
}

/**
 * The largest id per entity type the tape used, in its snapshot and in the props events that
 * followed it, so simulated ids never repeat a recorded one (with --send-recorded both arrive).
 */
function recordedMaxIds(index: TapeIndex, lists: Record<string, string>): Record<string, number> {
  const out = maxIds(index.snapshot, lists);
  for (const conn of index.tradovate) {
    for (const ex of conn.exchanges) {
      if (ex.endpointKey !== "user/syncrequest") continue;
      for (const f of framesOf(ex.followers)) {
        const type = ownedEntityType(f.text);
        if (type === undefined) continue;
        const parsed = parseJson(f.text);
        const d = parsed.ok && isObject(parsed.value) ? parsed.value.d : undefined;
        const entity = isObject(d) ? d.entity : undefined;
        for (const e of Array.isArray(entity) ? entity : [entity]) {
          if (isObject(e) && typeof e.id === "number" && Number.isSafeInteger(e.id)) {
            out[type] = Math.max(out[type] ?? 0, e.id);
          }
        }
      }
    }
  }
  return out;
}

/** The recorded account the simulation keeps the identity of (first account, else the user). */
function recordedAccount(index: TapeIndex, ctx: EngineContext) {
  const user = ctx.options.rest.user();
  const accounts = index.snapshot?.accounts;
  const first = Array.isArray(accounts) ? accounts.find(isObject) : undefined;
  if (first && typeof first.id === "number") {
    return {
      id: first.id,
      name: typeof first.name === "string" ? first.name : `SIM${first.id}`,
      userId: user.id,
    };
  }
  for (const r of index.rest) {
    if (r.path !== "account/list" || !r.body) continue;
    const parsed = parseJson(r.body);
    const a = parsed.ok && Array.isArray(parsed.value) ? parsed.value.find(isObject) : undefined;
    if (a && typeof a.id === "number") {
      return {
        id: a.id,
        name: typeof a.name === "string" ? a.name : `SIM${a.id}`,
        userId: user.id,
      };
    }
  }
  return { id: user.id, name: `SIM${user.id}`, userId: user.id };
}

/** Entity type of a recorded props message text, when it is one the venue owns. */
export function ownedEntityType(text: string): string | undefined {
  if (!text.includes('"e":"props"')) return undefined;
  const m = /"entityType":"(\w+)"/.exec(text);
  return m && SIM_ENTITY_TYPES.has(m[1]!) ? m[1] : undefined;
}

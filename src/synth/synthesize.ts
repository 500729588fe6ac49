/**
 * The synthesizer: from options and a seed, one realistic, self-consistent session as tape
 * events. REST login and lookups, then three sockets on one clock: Tradovate trading (sync
 * snapshot, then the props of every order), Tradovate market data (quotes, DOM, chart) and
 * Trade Manager (prices, recorder lines, open trades). Trade Manager strategies drive it: each
 * signal changes a strategy's record and the account trades the difference at the touch.
 * Nothing reads the wall clock or an unseeded random source: the same options give the same
 * events, and so the same bytes.
 */
import { formatUsd } from "../pnl/index.js";
import { MS, SEC, SessionTime } from "../sim/session-time.js";
import { ManualClock } from "../tape/clock.js";
import type { TapeHeader } from "../tape/events.js";
import { TOOL_NAME } from "../tape/tool.js";
import { openTapeWriter } from "../tape/writer.js";
import { TradovateAccount } from "./account.js";
import { IdSequence } from "./ids.js";
import { type SynthInstrument, sessionInstruments } from "./instruments.js";
import { generateMarket, type MarketSeries, stateAt } from "./market.js";
import { addMdSocket } from "./md-socket.js";
import { checkOptions, type SynthOptions } from "./options.js";
import { Rng } from "./random.js";
import { Recorder, sessionStrategies } from "./recorder.js";
import { addRestCalls } from "./rest.js";
import { type TimedEvent, Timeline } from "./timeline.js";
import { TmSocket } from "./tm-socket.js";
import { openTradingSocket } from "./trading-socket.js";

/** Tradovate's heartbeat period, both directions. */
const HEARTBEAT_US = 2500 * MS;
/** Signals start once every socket is up and stop this long before the end, so orders finish. */
const QUIET_END_US = 3 * SEC;

/** What a session holds, counted: for the CLI's summary line and for tests. */
export interface SynthSummary {
  readonly events: number;
  readonly signals: number;
  readonly orders: number;
  /** Orders that took a position through zero to the other side. */
  readonly reversals: number;
  /** Orders that reduced a position without closing it. */
  readonly partialExits: number;
  /** Orders that left a contract flat. */
  readonly roundTrips: number;
  /** Realized P&L of the account before fees, as the ledger has it. */
  readonly realized: string;
  /** The contract names traded, e.g. ["ESZ6", "NQZ6"]. */
  readonly contracts: readonly string[];
}

/** A synthesized session, ready to write. */
export interface SynthSession {
  readonly header: TapeHeader;
  readonly events: readonly TimedEvent[];
  readonly summary: SynthSummary;
  /** The simulated account and recorder, for tests that check the tape against them. */
  readonly account: TradovateAccount;
  readonly recorder: Recorder;
  readonly instruments: readonly SynthInstrument[];
}

/** The account's identity for a seed: ids of Tradovate's size, a demo account name. */
function identity(rng: Rng) {
  const userId = rng.int(1_200_000, 2_900_000);
  const names = ["demo_trader", "mkt_wizard", "es_scalper", "tape_reader", "nq_hunter"];
  return {
    userId,
    userName: rng.pick(names),
    accountId: rng.int(700_000, 990_000),
    accountName: `DEMO${rng.int(1_000_000, 9_999_999)}`,
    cashBalanceId: rng.int(50_000, 90_000),
    startingCash: 50_000_000_000n,
  };
}

/** A stable id for the header: the same options give the same id. */
function sessionId(o: SynthOptions): string {
  const text = JSON.stringify([
    o.seed,
    o.symbols,
    o.durationMs,
    o.strategies,
    o.tradesPerMin,
    o.start,
  ]);
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return `synth-${o.seed}-${(h >>> 0).toString(16).padStart(8, "0")}`;
}

/** Builds the whole session in memory. Throws InputError for options out of range. */
export function synthesize(options: SynthOptions): SynthSession {
  const o = checkOptions(options);
  const session = new SessionTime(o.start);
  const root = new Rng(o.seed, "tapedeck-synth");
  const end = o.durationMs * MS;
  const instruments = sessionInstruments(o.symbols, o.start, root.fork("instruments"));
  const series = instruments.map((inst) =>
    generateMarket(inst, end, root.fork(`market:${inst.root}`)),
  );
  const seriesOf = new Map<SynthInstrument, MarketSeries>(series.map((s) => [s.inst, s]));
  const ids = new IdSequence(root.fork("ids"), {
    order: 2_480_000_000 + root.int(0, 9_000_000),
    command: 2_480_000_000 + root.int(0, 9_000_000),
    orderVersion: 1_930_000_000 + root.int(0, 9_000_000),
    commandReport: 2_480_000_000 + root.int(0, 9_000_000),
    executionReport: 4_130_000_000 + root.int(0, 9_000_000),
    fill: 1_790_000_000 + root.int(0, 9_000_000),
    fillPair: 560_000_000 + root.int(0, 9_000_000),
    position: 320_000_000 + root.int(0, 9_000_000),
  });
  const account = new TradovateAccount(
    identity(root.fork("identity")),
    session,
    ids,
    root.fork("account"),
  );
  const timeline = new Timeline();
  const net = root.fork("network");

  const restDone = addRestCalls(timeline, 120 * MS, session, account.who, instruments, net);
  const trading = openTradingSocket(timeline, 1, restDone + 20 * MS, account, instruments, net);
  const md = addMdSocket(timeline, 2, restDone + 45 * MS, end, session, series, net.fork("md"));
  const tm = new TmSocket(timeline, 3, restDone + 310 * MS, account.who.userName, net.fork("tm"));

  const strategies = sessionStrategies(o.strategies, instruments);
  const recorder = new Recorder(strategies, root.fork("recorder"));
  const tickers = new Set<SynthInstrument>(strategies.map((s) => s.inst));
  for (const inst of tickers) tm.addPrices(seriesOf.get(inst) as MarketSeries, end);

  // Signals: a Poisson stream over the session, each for a strategy drawn at random.
  const signals = root.fork("signals");
  const meanGap = o.tradesPerMin > 0 ? (60 * SEC) / o.tradesPerMin : Number.POSITIVE_INFINITY;
  let t = Math.max(trading.ready, tm.ready) + 2 * SEC;
  let nextFree = 0;
  let count = 0;
  for (;;) {
    t += Math.round(signals.exp(meanGap));
    if (!(t < end - QUIET_END_US)) break;
    const index = signals.int(0, strategies.length - 1);
    const inst = strategies[index]?.inst;
    const market = inst && seriesOf.get(inst);
    if (inst === undefined || market === undefined) throw new Error(`synth: no strategy ${index}`);
    const signal = recorder.signal(index, t, stateAt(market, t).last);
    count++;
    tm.addSignal(
      t + signals.int(20, 60) * MS,
      signal.strategy,
      signal.steps,
      recorder.rows((x) => session.chicago(x)),
    );
    if (signal.delta === 0) continue;
    // The broker order: one at a time, so each order's entities see every earlier fill.
    const placed = Math.max(t + signals.int(150, 400) * MS, nextFree);
    const fillT = placed + signals.int(20, 90) * MS;
    const touch = stateAt(market, fillT);
    const action = signal.delta > 0 ? "Buy" : "Sell";
    const fillTicks = signal.delta > 0 ? touch.ask : touch.bid;
    const frames = account.marketOrder(
      placed,
      inst,
      action,
      Math.abs(signal.delta),
      fillT,
      fillTicks,
    );
    for (const f of frames)
      nextFree = Math.max(nextFree, trading.conn.recv(f.t, f.text, "props") + MS);
  }

  const last = Math.max(end, nextFree);
  trading.conn.serverHeartbeats("h", trading.ready, last, HEARTBEAT_US);
  trading.conn.clientHeartbeats("[]", trading.ready, last, HEARTBEAT_US, net.fork("hb1"));
  md.conn.serverHeartbeats("h", md.ready, last, HEARTBEAT_US);
  md.conn.clientHeartbeats("[]", md.ready, last, HEARTBEAT_US, net.fork("hb2"));
  tm.addPings(last);
  for (const conn of [trading.conn, md.conn, tm.conn]) conn.close(last);

  const events = timeline.events();
  const header: TapeHeader = {
    tape: 1,
    id: sessionId(o),
    started: session.started,
    tool: TOOL_NAME,
    label: o.label,
    notes: "synthesized by `tapedeck synth`: not a recording of a real session",
    meta: {
      synth: {
        seed: o.seed,
        options: {
          symbols: o.symbols,
          durationMs: o.durationMs,
          strategies: o.strategies,
          tradesPerMin: o.tradesPerMin,
          start: o.start,
        },
      },
      symbols: Object.fromEntries(instruments.map((i) => [i.ticker, i.contractName])),
    },
  };
  return {
    header,
    events,
    summary: summarize(account, events.length, count, instruments),
    account,
    recorder,
    instruments,
  };
}

function summarize(
  account: TradovateAccount,
  events: number,
  signals: number,
  instruments: readonly SynthInstrument[],
): SynthSummary {
  let reversals = 0;
  let partialExits = 0;
  let roundTrips = 0;
  for (const o of account.outcomes) {
    const { positionBefore: b, positionAfter: a } = o;
    if (b !== 0 && a !== 0 && Math.sign(a) !== Math.sign(b)) reversals++;
    else if (b !== 0 && a !== 0 && Math.abs(a) < Math.abs(b)) partialExits++;
    if (b !== 0 && a === 0) roundTrips++;
  }
  let realized = 0n;
  for (const row of account.ledger.snapshot()) realized += row.realized;
  return {
    events,
    signals,
    orders: account.outcomes.length,
    reversals,
    partialExits,
    roundTrips,
    realized: formatUsd(realized),
    contracts: instruments.map((i) => i.contractName),
  };
}

/**
 * Synthesizes a session and writes it to `path` (gzip when it ends in `.gz`). An existing file
 * is an InputError unless `overwrite`. Returns the summary.
 */
export async function writeSynthTape(
  path: string,
  options: SynthOptions,
  write: { overwrite?: boolean } = {},
): Promise<SynthSummary> {
  const s = synthesize(options);
  const writer = await openTapeWriter({
    path,
    header: s.header,
    clock: new ManualClock(0),
    overwrite: write.overwrite ?? false,
  });
  try {
    for (const e of s.events) writer.write(e);
  } finally {
    await writer.close();
  }
  return s.summary;
}

/**
 * A scenario: a tape, what a client does against its replay, and what must come out. The JSON
 * form is scenarios/scenario.schema.json; {@link ../scenario/validate.ts} checks files against
 * the same rules and names the path of whatever is wrong.
 */
import type { MarkKind } from "../pnl/marks.js";
import type { Matching } from "../pnl/position-book.js";
import type { ReplayRole } from "../replay/engine.js";

/** Replay speed: a multiple of real time (on the virtual clock) or back to back. */
export type ScenarioSpeed = number | "max";

/** How the tape is served. */
export interface ReplaySettings {
  /** Default "max". */
  readonly speed?: ScenarioSpeed;
  /** Fault specs as `tapedeck replay --fault` takes them (`disconnect:after=20,role=trading`). */
  readonly faults?: readonly string[];
  /** Seed of the fault PRNG (default 1). */
  readonly seed?: number;
  /** Run the scenario again at each of these speeds: positions and P&L must come out the same. */
  readonly alsoAt?: readonly ScenarioSpeed[];
}

/** Opens a socket of `connect`'s role; `as` names it for later steps (default: the role). */
export interface ConnectStep {
  readonly connect: ReplayRole;
  readonly as?: string;
  /** Which of the scenario's tapes to replay on this socket, 1-based (default 1). */
  readonly tape?: number;
}

/** Tradovate `authorize` (waits for its answer) or Trade Manager `AUTH` on socket `authorize`. */
export interface AuthorizeStep {
  readonly authorize: string;
  /** Default "scenario-token". */
  readonly token?: string;
  /** Trade Manager user (default "tape_reader"). */
  readonly user?: string;
}

/** What a response must look like. */
export interface ResponseExpectation {
  readonly status?: number;
  /** The error text in Tradovate's shape: `d` as a JSON string, or `d.errorText`. */
  readonly error?: string;
}

/** A Tradovate request on socket `on`, waiting for its response. */
export interface RequestStep {
  readonly request: {
    readonly on: string;
    readonly endpoint: string;
    readonly query?: string;
    readonly body?: unknown;
  };
  readonly expect?: ResponseExpectation;
}

/** `md/subscribeQuote` (or DOM) for `symbol` on md socket `on`. */
export interface SubscribeStep {
  readonly subscribe: {
    readonly on: string;
    readonly symbol: string;
    readonly kind?: "quote" | "dom";
  };
}

/** A Trade Manager `MANUALTRADE` on socket `on`. */
export interface ManualTradeStep {
  readonly manualTrade: {
    readonly on: string;
    readonly side: "BUY" | "SELL" | "CLOSE";
    readonly size: number;
    readonly strategy: string;
    readonly ticker: string;
  };
}

/** A raw text frame. */
export interface SendStep {
  readonly send: { readonly on: string; readonly text: string };
}

/**
 * Waiting: `"idle"` (every stream played out and delivered), a virtual time (`{ms}`), a
 * number of received messages of a kind on a socket (`{on, kind, count}`), or until the server
 * closed a socket (`{closed}`).
 */
export type WaitSpec =
  | "idle"
  | { readonly ms: number }
  | { readonly on: string; readonly kind: string; readonly count: number }
  | { readonly closed: string };

export interface WaitStep {
  readonly wait: WaitSpec;
}

/** Closes socket `close` from the client side. */
export interface CloseStep {
  readonly close: string;
}

/** One thing the client does. */
export type Step =
  | ConnectStep
  | AuthorizeStep
  | RequestStep
  | SubscribeStep
  | ManualTradeStep
  | SendStep
  | WaitStep
  | CloseStep;

/** A Tradovate position that must come out (money in dollars, exact decimal text). */
export interface PositionExpectation {
  /** Contract name as Tradovate names it (`ESZ6`). */
  readonly symbol: string;
  /** Account id; default: any (the tape's only account). */
  readonly account?: string;
  /** Signed quantity, `"-2"`, `"0"`. */
  readonly quantity: string;
  readonly avgPrice?: string | null;
  readonly realized?: string;
  /** null: no price was known. */
  readonly unrealized?: string | null;
  readonly fees?: string;
  readonly net?: string | null;
}

/** A Trade Manager record that must come out. */
export interface RecordExpectation {
  readonly strategy: string;
  readonly ticker: string;
  readonly timeframe: string;
  readonly quantity: string;
  readonly avgPrice?: string | null;
  readonly realized?: string;
  readonly unrealized?: string | null;
  readonly fees?: string;
}

/** What must come out of a run. */
export interface Expectations {
  /** Mark for unrealized P&L: always stated. */
  readonly mark: MarkKind;
  /** Lot matching; default each venue's own (Tradovate FIFO, Trade Manager average). */
  readonly matching?: Matching;
  /** Fee dollars per contract per side by class, replacing the indicative defaults. */
  readonly fees?: { readonly micro?: string; readonly emini?: string; readonly standard?: string };
  /** Every Tradovate position the client saw, each listed (flat ones too). */
  readonly positions?: readonly PositionExpectation[];
  /** Every Trade Manager record. */
  readonly records?: readonly RecordExpectation[];
  /** Fills counted once each, per venue. */
  readonly fills?: { readonly tradovate?: number; readonly trademanager?: number };
  /** Received message kinds per socket name: `{"trading": {"props:fill": 4}}`. */
  readonly counts?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** No frame the client received was unrecognised. */
  readonly noUnrecognised?: boolean;
  /** These sockets were closed by the server and connected again. */
  readonly reconnected?: readonly string[];
  /** Disagreements between the venue's own figures and the ledger. */
  readonly disagreements?: number;
  /**
   * A baseline tape (relative to the scenario file): the message shapes the client received
   * must equal those the baseline's recorded client received (kinds and fields, `tapedeck diff`).
   */
  readonly shapesLike?: string;
}

/** A scenario file, as written. */
export interface Scenario {
  readonly $schema?: string;
  readonly name: string;
  readonly description?: string;
  /** Tape paths relative to the scenario file. */
  readonly tapes: readonly string[];
  readonly replay?: ReplaySettings;
  readonly steps: readonly Step[];
  readonly expect: Expectations;
}

/** A scenario with where it came from. */
export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  /** Tape paths resolved against the file's folder. */
  readonly tapePaths: readonly string[];
}

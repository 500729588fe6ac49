/**
 * A scenario: a tape, what a client does against its replay, and what must come out. The JSON
 * form is scenarios/scenario.schema.json; {@link ../scenario/validate.ts} checks files against
 * the same rules and names the path of whatever is wrong.
 */
import type { MarkKind } from "../pnl/marks.js";
import type { Matching } from "../pnl/position-book.js";
import type { ReplayRole } from "../replay/engine.js";
import type { SimConfig } from "../replay/sim-session.js";

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
  /** Order simulation, as `startReplayServer`'s `sim` option (docs/replay.md). */
  readonly sim?: SimConfig;
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

/** What an order-entry answer must look like; without it: status 200 and no failure. */
export interface OrderAnswerExpectation {
  readonly status?: number;
  /** Tradovate's business refusal (`s:200`): `d.failureReason` / `d.failureText`. */
  readonly failureReason?: string;
  readonly failureText?: string;
  /** The error text of a non-200 answer, or `d.errorText` (startOrderStrategy's refusals). */
  readonly error?: string;
}

/** Order terms as Tradovate's order-entry bodies carry them. */
export interface OrderTermsSpec {
  readonly orderType: "Market" | "Limit" | "Stop" | "StopLimit";
  readonly price?: number;
  readonly stopPrice?: number;
  readonly timeInForce?: "Day" | "GTC" | "IOC" | "FOK";
  readonly text?: string;
}

/** The order fields shared by every order-entry step: the socket, the account, a name. */
interface OrderEntryCommon {
  /** The socket to send on (default "trading"). */
  readonly on?: string;
  /** Default: the first account of the last `user/syncrequest` answer on that socket. */
  readonly accountId?: number;
  /** Remembers the venue's id (orderId, orderStrategy id) under this name. */
  readonly as?: string;
}

/** `order/placeorder`. */
export interface PlaceOrderSpec extends OrderEntryCommon, OrderTermsSpec {
  readonly symbol: string;
  readonly action: "Buy" | "Sell";
  readonly orderQty: number;
  /** Default true (Tradovate requires it of automated orders). */
  readonly isAutomated?: boolean;
}

/** A linked order of placeOCO (`other`) or placeOSO (`bracket1`, `bracket2`). */
export interface LinkedOrderSpec extends OrderTermsSpec {
  readonly action: "Buy" | "Sell";
  /** Default: the entry's quantity. */
  readonly orderQty?: number;
  /** Remembers this order's id (ocoId, oso1Id, oso2Id) under this name. */
  readonly as?: string;
}

export interface PlaceOrderStep {
  readonly placeOrder: PlaceOrderSpec;
  readonly expect?: OrderAnswerExpectation;
}

export interface PlaceOcoStep {
  readonly placeOCO: PlaceOrderSpec & { readonly other: LinkedOrderSpec };
  readonly expect?: OrderAnswerExpectation;
}

export interface PlaceOsoStep {
  readonly placeOSO: PlaceOrderSpec & {
    readonly bracket1: LinkedOrderSpec;
    readonly bracket2?: LinkedOrderSpec;
  };
  readonly expect?: OrderAnswerExpectation;
}

/** `order/modifyorder` of a named order: unnamed terms stay as its last orderVersion had them. */
export interface ModifyOrderStep {
  readonly modifyOrder: {
    readonly on?: string;
    /** The `as` of the step that placed it, or an order id. */
    readonly order: string | number;
    readonly orderQty?: number;
    readonly orderType?: OrderTermsSpec["orderType"];
    readonly price?: number;
    readonly stopPrice?: number;
    readonly timeInForce?: OrderTermsSpec["timeInForce"];
  };
  readonly expect?: OrderAnswerExpectation;
}

/** `order/cancelorder` of a named order. */
export interface CancelOrderStep {
  readonly cancelOrder: { readonly on?: string; readonly order: string | number };
  readonly expect?: OrderAnswerExpectation;
}

/** `order/liquidateposition` of a contract (by name, resolved from the sync snapshot). */
export interface LiquidatePositionStep {
  readonly liquidatePosition: OrderEntryCommon & { readonly symbol: string };
  readonly expect?: OrderAnswerExpectation;
}

/** One bracket of an order strategy: offsets in points from the entry's fill price. */
export interface StrategyBracketSpec {
  readonly qty?: number;
  readonly profitTarget?: number;
  readonly stopLoss?: number;
  readonly trailingStop?: boolean;
}

/** `orderStrategy/startOrderStrategy` (the official example's brackets shape). */
export interface StartOrderStrategyStep {
  readonly startOrderStrategy: OrderEntryCommon & {
    readonly symbol: string;
    readonly action: "Buy" | "Sell";
    readonly entry: { readonly orderQty: number } & OrderTermsSpec;
    readonly brackets: readonly StrategyBracketSpec[];
  };
  readonly expect?: OrderAnswerExpectation;
}

/** The steps that send order entry. */
export type OrderStep =
  | PlaceOrderStep
  | PlaceOcoStep
  | PlaceOsoStep
  | ModifyOrderStep
  | CancelOrderStep
  | LiquidatePositionStep
  | StartOrderStrategyStep;

/** One thing the client does. */
export type Step =
  | ConnectStep
  | AuthorizeStep
  | RequestStep
  | SubscribeStep
  | ManualTradeStep
  | SendStep
  | WaitStep
  | CloseStep
  | OrderStep;

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

/** One Tradovate fill that must come out. */
export interface FillExpectation {
  readonly action: "Buy" | "Sell";
  readonly qty: number;
  /** The fill's price as Tradovate sends it (a number). */
  readonly price: number;
  /** The fill's `timestamp`, exactly (`2026-11-20T14:30:06.000Z`). */
  readonly time?: string;
  /** `allFills` only: the name of the order it belongs to. */
  readonly order?: string;
}

/** What must have become of a named order. */
export interface OrderExpectation {
  /** Its last `ordStatus` the client received: Working, Filled, Canceled, ... */
  readonly ordStatus?: string;
  /** Its fills, in the order received, each once: exactly these. */
  readonly fills?: readonly FillExpectation[];
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
  /** Named orders (the `as` of order steps): final ordStatus and fills. */
  readonly orders?: Readonly<Record<string, OrderExpectation>>;
  /** Every Tradovate fill the client received, once each, in order: exactly these. */
  readonly allFills?: readonly FillExpectation[];
  /** Named order strategies: their last `status` (ActiveStrategy, ExecutionFinished, ...). */
  readonly strategies?: Readonly<Record<string, string>>;
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

/**
 * The data a report page draws, as one JSON document embedded in the HTML. Money figures that a
 * person reads are exact decimal strings from the ledger; chart series are plain numbers (floats
 * only place points on a chart, they never decide a figure).
 */
import type { PlainRow } from "../pnl/from-tape/rows.js";

/** One websocket connection of the tape. */
export interface ConnectionInfo {
  readonly c: number;
  readonly url: string;
  readonly proto: string;
  readonly role: string;
  /** Seconds on the chart axis (epoch seconds, or tape seconds when `started` is unreadable). */
  readonly open: number;
  /** Null when the tape ends with the connection still open. */
  readonly close: number | null;
  readonly closeCode?: number;
  readonly closeBy?: string;
  readonly closeReason?: string;
  readonly frames: number;
}

/** Something that happened on the connection timeline besides opens and closes. */
export interface TimelineMoment {
  readonly x: number;
  readonly kind: "gap" | "mark" | "error";
  readonly c?: number;
  readonly label: string;
}

/** Frames per second-bucket for each kind key. */
export interface RateData {
  /** Bucket start times on the chart axis. */
  readonly x: number[];
  readonly bucketSeconds: number;
  readonly kinds: ReadonlyArray<{
    readonly kind: string;
    readonly total: number;
    readonly counts: number[];
  }>;
}

/** One contract's (or ticker's) quotes, downsampled. */
export interface PriceSeries {
  readonly symbol: string;
  readonly x: number[];
  readonly bid: Array<number | null>;
  readonly ask: Array<number | null>;
  readonly last: Array<number | null>;
  /** How many quote updates the tape had for it (before downsampling). */
  readonly updates: number;
}

/** A fill on a price chart. */
export interface FillMarker {
  readonly symbol: string;
  readonly x: number;
  readonly seq: number;
  readonly time: string;
  readonly price: number;
  /** The price as the contract is quoted, exactly as the ledger formatted it. */
  readonly priceText: string;
  readonly side: "BUY" | "SELL";
  readonly qty: string;
  readonly key: string;
  readonly venue: "tradovate" | "trademanager";
  /** Trade Manager: OPEN when the fill opened or added to a position, CLOSE when it reduced one. */
  readonly tm?: "OPEN" | "CLOSE";
  /** Realized P&L of this fill before fees, exact decimal. */
  readonly realized: string;
  readonly fee: string;
}

/** The P&L curve of one key, or the total of a venue in one currency. */
export interface PnlSeries {
  readonly id: string;
  readonly label: string;
  readonly venue: "tradovate" | "trademanager";
  readonly currency: string;
  readonly x: number[];
  readonly realized: number[];
  readonly unrealized: Array<number | null>;
  readonly fees: number[];
  readonly net: Array<number | null>;
  /** The last point exactly (decimal strings): equals `tapedeck pnl`. */
  readonly final: {
    readonly realized: string;
    readonly unrealized: string;
    readonly fees: string;
    readonly net: string;
  };
}

/** One frame in the frame browser. */
export interface FrameRow {
  readonly seq: number;
  readonly time: string;
  readonly c: number;
  readonly role: string;
  readonly dir: "recv" | "send";
  readonly kind: string;
  /** The frame's text (binary frames as `b64:<base64>`), cut at FRAME_TEXT_CAP characters. */
  readonly raw: string;
  readonly cut: boolean;
  /** The text with mojibake repaired, only when that changed it. */
  readonly repaired?: string;
}

/** Everything the page shows. */
export interface ReportData {
  readonly title: string;
  readonly tape: { readonly id: string; readonly started: string; readonly label?: string };
  /** True: x values are epoch seconds; false: seconds since the tape started. */
  readonly wallClock: boolean;
  readonly span: { readonly start: number; readonly end: number };
  readonly counts: { readonly events: number; readonly frames: number; readonly fills: number };
  readonly connections: ConnectionInfo[];
  readonly moments: TimelineMoment[];
  readonly momentsDropped: number;
  readonly rates: RateData;
  readonly prices: PriceSeries[];
  readonly fills: FillMarker[];
  readonly fillsDropped: number;
  readonly pnl: PnlSeries[];
  readonly positions: Array<Omit<PlainRow, "micros">>;
  readonly mark: string;
  readonly notes: string[];
  readonly frames: { readonly total: number; readonly rows: FrameRow[] };
  /** What the caps left out, said on the page. */
  readonly caps: { readonly maxPoints: number; readonly maxFrames: number };
}

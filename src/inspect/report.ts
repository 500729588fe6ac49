/**
 * What `tapedeck inspect` finds in a tape, as one plain JSON document (`inspect --json`), the
 * input of `tapedeck diff` and of the AsyncAPI writer. Times are integer microseconds of the
 * tape's clock (`t`); every list is bounded, and says how much it left out.
 */
import type { ProtocolName, Role } from "../tape/events.js";
import type { Shape } from "./shape.js";

/** Marks a JSON document as an inspect report, and its version. */
export const REPORT_FORMAT = "tapedeck-inspect/1";

/** Which way a frame went: received or sent by the recorded client. */
export type Direction = "recv" | "send";

/** One connection of the tape. */
export interface ConnectionInfo {
  c: number;
  url: string;
  proto: ProtocolName;
  role?: Role;
  /** The channel its messages are counted under (see {@link channelOf}). */
  channel: string;
  opened: number;
  closed?: { t: number; code?: number; reason?: string; by: string };
  recv: number;
  sent: number;
  bytesIn: number;
  bytesOut: number;
}

/** One kind of message on one channel: counts, times and inferred shape. */
export interface KindInfo {
  channel: string;
  dir: Direction;
  /** e.g. `event:props:position:Updated`, `send:request:md/subscribequote`, `DATA`. */
  kind: string;
  count: number;
  first: number;
  last: number;
  shape: Shape;
}

/** Which quote fields a kind of message carries (from the quotes module). */
export interface PriceInfo {
  channel: string;
  kind: string;
  /** Quote sources seen, e.g. `tradovate-quote`, `tradovate-dom`, `trademanager`, `json`. */
  sources: string[];
  /** Quotes extracted. */
  quotes: number;
  /** How many quotes had each field (`bid`, `ask`, `last`, `bidSize`, `askSize`). */
  fields: Record<string, number>;
}

/** Quote counts per contract or ticker. */
export interface SymbolInfo {
  channel: string;
  /** A ticker (`ES1!`), a contract name, or `#<contractId>`. */
  symbol: string;
  quotes: number;
  first: number;
  last: number;
}

/** How positions are updated, as counted from the messages that carry them. */
export interface PositionInfo {
  /** Tradovate props events by `<entityType>:<eventType>` for position-related entities. */
  props: Record<string, number>;
  /** Positions in `user/syncrequest` snapshots. */
  snapshotPositions: number;
  /** Trade Manager TRADES frames, their rows in total, the largest list, skipped rows. */
  tmTrades: { frames: number; rows: number; maxRows: number; skipped: number };
  /** Trade Manager LOGS kinds (`LOGS:recorder:OPEN`...) with counts. */
  tmLogs: Record<string, number>;
}

/** A group of messages a codec could not read: same channel, kind and reason. */
export interface ParseFailure {
  channel: string;
  kind: string;
  why: string;
  count: number;
  /** Up to 3 raw texts, cut to 160 characters. */
  examples: string[];
}

/** Problems found while reading: parse failures, gaps, closes, frames of unknown connections. */
export interface Problems {
  failures: ParseFailure[];
  /** Failures whose group did not fit the list (too many distinct reasons). */
  failuresLeftOut: number;
  gaps: Array<{ t: number; c?: number; reason: string; ms?: number }>;
  closes: Array<{ t: number; c: number; code?: number; reason?: string; by: string }>;
  /** Gaps and closes not listed because the lists were full. */
  leftOut: number;
  /** Frames whose connection was never opened in the tape. */
  orphanFrames: number;
  /** The tape's torn end, if it has one. */
  torn?: string;
}

/** HTTP exchanges by method, path (no query) and status. */
export interface HttpInfo {
  method: string;
  path: string;
  status: number;
  count: number;
}

/** Everything `tapedeck inspect` reports about one tape. */
export interface InspectReport {
  format: typeof REPORT_FORMAT;
  file: string;
  header: { id: string; started: string; tool: string; label?: string };
  /** t of the first and last event, and the span between them. */
  firstT: number;
  lastT: number;
  durationUs: number;
  events: number;
  frames: { recv: number; send: number; text: number; binary: number };
  connections: ConnectionInfo[];
  /** Connections opened but not listed (the list is capped). */
  connectionsLeftOut: number;
  kinds: KindInfo[];
  /** Messages not counted under a kind because the kind list was full. */
  kindsLeftOut: number;
  prices: PriceInfo[];
  symbols: SymbolInfo[];
  symbolsLeftOut: number;
  positions: PositionInfo;
  http: HttpInfo[];
  marks: number;
  problems: Problems;
  /** The cap on distinct field paths per kind used for this report. */
  maxPaths: number;
}

/** True when `value` looks like an {@link InspectReport} (its format marker matches). */
export function isInspectReport(value: unknown): value is InspectReport {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { format?: unknown }).format === REPORT_FORMAT &&
    Array.isArray((value as { kinds?: unknown }).kinds)
  );
}

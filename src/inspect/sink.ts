/**
 * What the per-protocol classifiers tell the inspector about one frame. The inspector fixes
 * the channel and direction; classifiers only name kinds and hand over what they parsed.
 */
import type { Quote } from "../quotes/index.js";

/** Marks a message that has no JSON value to infer a shape from (binary, unreadable text). */
export const NO_VALUE: unique symbol = Symbol("no value");

/** Receives what a classifier found in one frame. */
export interface FrameSink {
  /** One message of kind `kind`; `value` is its JSON value (or NO_VALUE) for shape inference. */
  message(kind: string, value: unknown): void;
  /** A codec could not read (part of) the message of kind `kind`; `raw` is its text. */
  failure(kind: string, why: string, raw: string): void;
  /** Quotes a message of kind `kind` carried. */
  quotes(kind: string, quotes: readonly Quote[]): void;
  /** A Tradovate props event (`entityType`, `eventType`) with `n` entities. */
  props(entityType: string, eventType: string, n: number): void;
  /** Positions in a `user/syncrequest` snapshot. */
  snapshotPositions(n: number): void;
  /** A Trade Manager TRADES list: rows read and rows skipped. */
  tmTrades(rows: number, skipped: number): void;
  /** A Trade Manager LOGS message of kind `kind` (`LOGS:recorder:OPEN`). */
  tmLog(kind: string): void;
}

/** JSON.parse that says "not JSON" with undefined-free results instead of throwing. */
export function tryJson(text: string): { ok: true; value: unknown } | { ok: false; why: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, why: err instanceof Error ? err.message : String(err) };
  }
}

/** JSON text of a value for an example, never throwing. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

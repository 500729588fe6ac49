/**
 * Names Trade Manager messages with the codec's kind keys (tmMessageKind): the type, or
 * `LOGS:<tag>:<VERB>`; sent frames get a `send:` prefix.
 */
import {
  parseTmFrame,
  type TmMessage,
  tmMessageFromObject,
  tmMessageKind,
} from "../protocols/trademanager/index.js";
import type { Unrecognised } from "../protocols/unrecognised.js";
import { tmDataQuotes } from "../quotes/index.js";
import type { Direction } from "./report.js";
import { type FrameSink, NO_VALUE, tryJson } from "./sink.js";

/** Classifies one Trade Manager text frame. */
export function classifyTmFrame(text: string, dir: Direction, sink: FrameSink): void {
  // Parse the JSON once: the codec types the object, and the object is the shape's value.
  const json = tryJson(text);
  const m: TmMessage | Unrecognised = json.ok
    ? tmMessageFromObject(json.value)
    : parseTmFrame(text);
  const base = tmMessageKind(m);
  const kind = dir === "send" ? `send:${base}` : base;
  sink.message(kind, json.ok ? json.value : NO_VALUE);
  if (m.kind === "unrecognised") {
    sink.failure(kind, m.why, text);
    return;
  }
  switch (m.type) {
    case "DATA":
      sink.quotes(kind, tmDataQuotes(m));
      return;
    case "TRADES":
      sink.tmTrades(m.rows.length, m.skipped.length);
      for (const row of m.skipped) sink.failure(kind, row.why, row.raw);
      return;
    case "LOGS":
      sink.tmLog(kind);
      if (m.log.kind === "unrecognised") sink.failure(kind, m.log.why, m.line);
      return;
    default:
      return;
  }
}

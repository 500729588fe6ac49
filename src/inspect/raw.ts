/**
 * Frames of protocols tapedeck does not know: JSON named by its top-level keys
 * (`json:{data,type}`), other text `text`, binary `binary`.
 */
import { extractJsonQuotes } from "../quotes/index.js";
import { type FrameSink, NO_VALUE, tryJson } from "./sink.js";

/** Keys named in a `json:{...}` kind before it is cut short with `…`. */
const MAX_KIND_KEYS = 8;

/** The kind of an unknown JSON value: `json:{a,b}` for objects (sorted keys), else `json:<type>`. */
export function jsonKind(value: unknown): string {
  if (value === null) return "json:null";
  if (Array.isArray(value)) return "json:array";
  if (typeof value !== "object") return `json:${typeof value}`;
  const keys = Object.keys(value).sort();
  const shown = keys
    .slice(0, MAX_KIND_KEYS)
    .map((k) => (/^[\w$-]+$/.test(k) ? k : JSON.stringify(k)));
  return `json:{${shown.join(",")}${keys.length > MAX_KIND_KEYS ? ",…" : ""}}`;
}

/** Classifies one text frame of an unknown protocol. */
export function classifyRawText(text: string, prefix: string, sink: FrameSink): void {
  const json = tryJson(text);
  if (!json.ok) {
    sink.message(`${prefix}text`, NO_VALUE);
    return;
  }
  const kind = `${prefix}${jsonKind(json.value)}`;
  sink.message(kind, json.value);
  sink.quotes(kind, extractJsonQuotes(json.value));
}

/**
 * Short stable keys naming what a frame or message is, for `tapedeck inspect` and diffs:
 * `response:md/subscribequote`, `event:props:position:Updated`, `event:md:quotes`.
 */
import { chartPacketKind } from "./chart.js";
import type { ServerFrame } from "./frames.js";
import type { ServerMessage } from "./messages.js";
import type { ClientFrame } from "./requests.js";

/** Finds the endpoint key of the request a response answers, by request id. */
export type EndpointLookup = ReadonlyMap<number, string> | ((id: number) => string | undefined);

function lookup(endpoints: EndpointLookup | undefined, id: number): string | undefined {
  if (endpoints === undefined) return undefined;
  return typeof endpoints === "function" ? endpoints(id) : endpoints.get(id);
}

/**
 * The kind key of one server message:
 * - responses: `response:<endpoint key>` for 2xx, `response:<endpoint key>:<status>` otherwise;
 *   the endpoint is `?` when `endpoints` does not know the id;
 * - `event:props:<entityType>:<eventType>`;
 * - `event:md:<lists>` and `event:chart:<packet kinds>`, several joined by `+` in sorted order
 *   (`event:md:quotes`, `event:chart:bars+eoh`);
 * - `event:shutdown:<reasonCode>`, `event:clock`;
 * - `unrecognised`, or `unrecognised:event:<e>` when the message named an event kind.
 */
export function messageKind(msg: ServerMessage, endpoints?: EndpointLookup): string {
  switch (msg.type) {
    case "response": {
      const endpoint = lookup(endpoints, msg.i) ?? "?";
      return msg.s >= 200 && msg.s < 300 ? `response:${endpoint}` : `response:${endpoint}:${msg.s}`;
    }
    case "unrecognised": {
      const raw = msg.raw as { e?: unknown } | null;
      const e = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw.e : undefined;
      return typeof e === "string" ? `unrecognised:event:${e}` : "unrecognised";
    }
    case "event":
      switch (msg.e) {
        case "props":
          return `event:props:${msg.entityType}:${msg.eventType}`;
        case "md": {
          const lists = (["doms", "histograms", "quotes"] as const).filter(
            (k) => msg[k] !== undefined,
          );
          return `event:md:${lists.join("+")}`;
        }
        case "chart": {
          const kinds = [...new Set(msg.charts.map(chartPacketKind))].sort();
          return `event:chart:${kinds.length > 0 ? kinds.join("+") : "empty"}`;
        }
        case "shutdown":
          return `event:shutdown:${msg.reasonCode}`;
        case "clock":
          return "event:clock";
      }
  }
}

/**
 * The kind keys of one server frame: `open`, `heartbeat`, `close:<code>`, `unrecognised`, or
 * one {@link messageKind} per message of an `a[...]` frame (`messages:empty` for `a[]`).
 */
export function serverFrameKinds(frame: ServerFrame, endpoints?: EndpointLookup): string[] {
  switch (frame.kind) {
    case "open":
    case "heartbeat":
    case "unrecognised":
      return [frame.kind];
    case "close":
      return [`close:${frame.code}`];
    case "messages":
      return frame.messages.length === 0
        ? ["messages:empty"]
        : frame.messages.map((m) => messageKind(m, endpoints));
  }
}

/** The kind key of a client frame: `heartbeat`, `authorize`, `request:<endpoint key>`, `unrecognised`. */
export function clientFrameKind(frame: ClientFrame): string {
  switch (frame.kind) {
    case "heartbeat":
    case "authorize":
    case "unrecognised":
      return frame.kind;
    case "request":
      return `request:${frame.endpointKey}`;
  }
}

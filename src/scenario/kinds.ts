/**
 * Names of what a client received, for `wait` steps and `counts` expectations: Tradovate frames
 * and messages (`open`, `heartbeat`, `close-frame`, `response`, `props`, `props:fill`, `md`,
 * `chart`, `shutdown`, `clock`) and Trade Manager message types (`LOGS`, `DATA`, `TRADES`,
 * `ERROR`, ...), plus `unrecognised` for anything neither codec reads.
 */
import { parseTmFrame } from "../protocols/trademanager/index.js";
import { parseServerFrame } from "../protocols/tradovate/frames.js";

/** The kinds one received text frame counts as (a Tradovate frame may carry several messages). */
export function receivedKinds(proto: "tradovate" | "trademanager", text: string): string[] {
  if (proto === "trademanager") {
    const m = parseTmFrame(text);
    return [m.kind === "unrecognised" ? "unrecognised" : m.type];
  }
  const f = parseServerFrame(text);
  switch (f.kind) {
    case "open":
      return ["open"];
    case "heartbeat":
      return ["heartbeat"];
    case "close":
      return ["close-frame"];
    case "unrecognised":
      return ["unrecognised"];
    case "messages":
      return f.messages.flatMap((m) => {
        if (m.type === "response") return ["response"];
        if (m.type === "unrecognised") return ["unrecognised"];
        return m.e === "props" ? ["props", `props:${m.entityType}`] : [m.e];
      });
  }
}

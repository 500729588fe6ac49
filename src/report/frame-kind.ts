/**
 * The kind key of a frame for rates and the frame browser, from the protocol codecs' own
 * classifiers (`event:md:quotes`, `request:md/subscribequote`, `DATA`, `LOGS:recorder:OPEN`).
 */
import { tmMessageKind } from "../protocols/trademanager/classify.js";
import { parseTmFrame } from "../protocols/trademanager/messages.js";
import { clientFrameKind, serverFrameKinds } from "../protocols/tradovate/classify.js";
import { parseServerFrame } from "../protocols/tradovate/frames.js";
import { parseClientFrame } from "../protocols/tradovate/requests.js";

/** Remembers request ids per connection so responses name their endpoint. */
export class FrameKinds {
  readonly #endpoints = new Map<number, Map<number, string>>();

  /** Kind keys of one text frame (a Tradovate `a[...]` frame can hold several messages). */
  kinds(proto: string, c: number, dir: "recv" | "send", text: string): string[] {
    if (proto === "tradovate") {
      if (dir === "send") {
        const frame = parseClientFrame(text);
        if (frame.kind === "request" || frame.kind === "authorize") {
          let ids = this.#endpoints.get(c);
          if (ids === undefined) {
            ids = new Map();
            this.#endpoints.set(c, ids);
          }
          ids.set(frame.id, frame.kind === "authorize" ? "authorize" : frame.endpointKey);
        }
        return [clientFrameKind(frame)];
      }
      return serverFrameKinds(parseServerFrame(text), this.#endpoints.get(c));
    }
    if (proto === "trademanager") return [tmMessageKind(parseTmFrame(text))];
    return ["raw"];
  }
}

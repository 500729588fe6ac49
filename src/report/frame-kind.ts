/**
 * The kind key of a frame for rates and the frame browser, from the protocol codecs' own
 * classifiers (`event:md:quotes`, `request:md/subscribequote`, `DATA`, `LOGS:recorder:OPEN`).
 */
import { tmMessageKind } from "../protocols/trademanager/classify.js";
import { parseTmFrame, type TmMessage } from "../protocols/trademanager/messages.js";
import { clientFrameKind, serverFrameKinds } from "../protocols/tradovate/classify.js";
import { parseServerFrame, type ServerFrame } from "../protocols/tradovate/frames.js";
import { parseClientFrame } from "../protocols/tradovate/requests.js";
import type { Unrecognised } from "../protocols/unrecognised.js";

/** A frame's kind keys and, for the venues tapedeck parses, the parse they came from. */
export interface ClassifiedFrame {
  kinds: string[];
  server?: ServerFrame;
  tm?: TmMessage | Unrecognised;
}

/** Remembers request ids per connection so responses name their endpoint. */
export class FrameKinds {
  readonly #endpoints = new Map<number, Map<number, string>>();

  /** Kind keys of one text frame (a Tradovate `a[...]` frame can hold several messages). */
  kinds(proto: string, c: number, dir: "recv" | "send", text: string): string[] {
    return this.classify(proto, c, dir, text).kinds;
  }

  /** Kind keys plus the parsed frame, so callers reading prices need not parse it again. */
  classify(proto: string, c: number, dir: "recv" | "send", text: string): ClassifiedFrame {
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
        return { kinds: [clientFrameKind(frame)] };
      }
      const server = parseServerFrame(text);
      return { kinds: serverFrameKinds(server, this.#endpoints.get(c)), server };
    }
    if (proto === "trademanager") {
      const tm = parseTmFrame(text);
      return { kinds: [tmMessageKind(tm)], tm };
    }
    return { kinds: ["raw"] };
  }
}

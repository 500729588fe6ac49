/**
 * Records what a replay server did, as a tape: every socket it served (frames both ways, as the
 * client saw them), every REST exchange, and every fired fault as a `mark`. Secrets (the fake
 * tokens it issued, anything a client sent) go through the same redactor as live recordings.
 */
import { createRedactor } from "../protocols/secrets.js";
import type { EventInput, ProtocolName, Role } from "../tape/events.js";
import { openTapeWriter, type TapeWriter } from "../tape/writer.js";
import { type FiredFault, faultMark } from "./fault-spec.js";

/** Where a replay server writes its own tape. */
export interface ReplayRecorder {
  /** A socket opened; `conn` is its ordinal on the server. */
  open(conn: number, role: Role, url: string): void;
  /** A frame: `recv` the client received (the server sent it), `send` the client sent. */
  frame(conn: number, k: "recv" | "send", data: string | Uint8Array, isBinary: boolean): void;
  closed(conn: number, code: number, reason: string, by: "server" | "client"): void;
  http(e: {
    method: string;
    url: string;
    status: number;
    req: string;
    res: string;
    ms: number;
  }): void;
  fault(f: FiredFault): void;
  /** Flushes and closes the tape. */
  close(): Promise<void>;
}

function protoOf(role: Role): ProtocolName {
  return role === "trademanager" ? "trademanager" : "tradovate";
}

/** Opens `path` (which must not exist) for the replay server's own tape. */
export async function openReplayRecorder(path: string): Promise<ReplayRecorder> {
  const redactor = createRedactor();
  const opened: TapeWriter = await openTapeWriter({
    path,
    header: { label: "replay" },
    redact: (e) => redactor.process(e),
  });
  let closed = false;
  // Late events (a socket's close racing the server's) are dropped, never written after close.
  const writer = {
    write: (e: EventInput) => {
      if (!closed) opened.write(e);
    },
  };
  return {
    open: (c, role, url) => writer.write({ k: "open", c, url, proto: protoOf(role), role }),
    frame(c, k, data, isBinary) {
      if (isBinary || typeof data !== "string") {
        const bytes = Buffer.from(typeof data === "string" ? Buffer.from(data) : data);
        if (isBinary) writer.write({ k, c, b64: bytes.toString("base64") });
        else writer.write({ k, c, text: new TextDecoder().decode(bytes) });
        return;
      }
      writer.write({ k, c, text: data });
    },
    closed: (c, code, reason, by) => writer.write({ k: "close", c, code, reason, by }),
    http: (e) =>
      writer.write({
        k: "http",
        method: e.method,
        url: e.url,
        status: e.status,
        ms: e.ms,
        req: e.req === "" ? {} : { body: e.req },
        res: { headers: { "content-type": "application/json" }, body: e.res },
      }),
    fault: (f) => writer.write(faultMark(f)),
    close: () => {
      closed = true;
      return opened.close();
    },
  };
}

/**
 * One websocket as an engine outlet: frames out through `ws.send` (a client whose buffer passes
 * the hard limit anyway is dropped), backpressure from `bufferedAmount`, drain from the TCP
 * socket, frames in to the engine connection, errors logged and never thrown.
 */
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { DEFAULTS } from "./defaults.js";
import type { ReplayHub, ReplayRole } from "./engine.js";
import type { ReplayRecorder } from "./replay-recorder.js";

/** Connects `ws` to `hub` as `role` (joining session `key` if given); returns its ordinal. */
export function attachSocket(
  ws: WebSocket,
  hub: ReplayHub,
  role: ReplayRole,
  key: string | undefined,
  opts: { bound: number; log: (line: string) => void; recorder?: ReplayRecorder; url: string },
): number {
  const { bound, log, recorder } = opts;
  // The TCP socket under the websocket: corked while the scheduler hands over frames due
  // together, so they leave in one write.
  const raw = (ws as unknown as { _socket?: Duplex })._socket;
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    raw?.uncork();
  };
  let closedByServer = false;
  // The engine sends `o` while connecting, before its connection (and ordinal) exists.
  let ord: number | undefined;
  const early: Array<string | Uint8Array> = [];
  const record = (frame: string | Uint8Array) => {
    if (!recorder) return;
    if (ord === undefined) early.push(frame);
    else recorder.frame(ord, "recv", frame, typeof frame !== "string");
  };
  const conn = hub.connect(
    role,
    {
      send: (frame) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > DEFAULTS.hardLimitBytes) {
          log(`${role}: client buffer over ${DEFAULTS.hardLimitBytes} bytes, dropping it`);
          ws.terminate();
          return;
        }
        ws.send(frame);
        record(frame);
      },
      close: (code, reason) => {
        closedByServer = true;
        // A corked write dies with a terminated socket: what was sent before the close leaves first.
        uncork();
        if (code === 1006) ws.terminate();
        // A close reason may be at most 123 bytes.
        else ws.close(code, Buffer.byteLength(reason) > 120 ? reason.slice(0, 40) : reason);
      },
      backpressured: () => ws.bufferedAmount > bound,
      cork: () => {
        if (corked) return;
        corked = true;
        raw?.cork();
      },
      uncork,
    },
    key,
  );
  ord = conn.ord;
  recorder?.open(ord, role, opts.url);
  for (const frame of early.splice(0)) record(frame);
  ws.on("message", (data, isBinary) => {
    const buf = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    recorder?.frame(conn.ord, "send", isBinary ? buf : buf.toString("utf8"), isBinary);
    conn.receive(buf, isBinary);
  });
  ws.on("error", (err) => log(`${role}: socket error: ${err.message}`));
  ws.on("close", (code, reason) => {
    recorder?.closed(conn.ord, code, reason.toString("utf8"), closedByServer ? "server" : "client");
    conn.closed();
  });
  raw?.on("drain", () => conn.drained());
  return conn.ord;
}

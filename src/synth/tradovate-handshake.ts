import {
  encodeAuthorize,
  messagesFrame,
  OPEN_FRAME,
  response,
} from "../protocols/tradovate/index.js";
import { MS } from "../sim/session-time.js";
import type { Role } from "../tape/events.js";
import { ConnectionBuilder } from "./connection.js";
import type { Rng } from "./random.js";
import type { Timeline } from "./timeline.js";

/**
 * Opens a Tradovate socket at `t` the way a client's session starts: the server's `o`, the
 * client's authorize with `token`, the server's ok. Returns the connection and when the ok
 * arrived. The random draws are part of the seed's byte-exact output: keep their order.
 */
export function openTradovateSocket(
  timeline: Timeline,
  c: number,
  t: number,
  socket: { url: string; role: Extract<Role, "trading" | "md">; token: string },
  rng: Rng,
): { conn: ConnectionBuilder; at: number } {
  const conn = new ConnectionBuilder(timeline, c, t, {
    url: socket.url,
    proto: "tradovate",
    role: socket.role,
  });
  let at = conn.recv(t + rng.int(40, 90) * MS, OPEN_FRAME);
  at = conn.send(at + rng.int(1, 4) * MS, encodeAuthorize(0, socket.token));
  at = conn.recv(at + rng.int(30, 80) * MS, messagesFrame(response(0, 200)));
  return { conn, at };
}

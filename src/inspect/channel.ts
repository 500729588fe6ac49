/** Which channel a connection's messages are counted under. */
import type { OpenEvent } from "../tape/events.js";

/**
 * The role of a connection (`trading`, `md`, `replay`, `trademanager`) when it has one, else
 * `<proto>:<host><path>` (`raw:127.0.0.1:9000/ws`), so unrelated sockets never share kinds.
 */
export function channelOf(open: Pick<OpenEvent, "url" | "proto" | "role">): string {
  if (open.role !== undefined && open.role !== "other") return open.role;
  try {
    const u = new URL(open.url);
    return `${open.proto}:${u.host}${u.pathname}`;
  } catch {
    return `${open.proto}:${open.url.slice(0, 60)}`;
  }
}

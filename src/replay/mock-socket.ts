/**
 * Serves a replay hub through mock-socket servers instead of real ports: for tests whose client
 * code uses a (mocked) global WebSocket, in a browser-like environment, without the network.
 * mock-socket is not a dependency of tapedeck: pass in the `Server`s you created, e.g.
 * `serveOnMockSocket(hub, { md: new Server("wss://md.tradovateapi.com/v1/websocket") })`.
 */
import type { ReplayHub, ReplayRole } from "./engine.js";

/** The part of a mock-socket client socket this adapter uses. */
export interface MockClientLike {
  on(type: "message", cb: (data: unknown) => void): void;
  on(type: "close", cb: () => void): void;
  send(data: string | ArrayBuffer): void;
  close(options?: { code: number; reason: string; wasClean: boolean }): void;
}

/** The part of a mock-socket `Server` this adapter uses. */
export interface MockServerLike {
  on(type: "connection", cb: (socket: MockClientLike) => void): void;
}

function toBytes(data: unknown): { bytes: Uint8Array; binary: boolean } | { text: string } {
  if (typeof data === "string") return { text: data };
  if (data instanceof ArrayBuffer) return { bytes: new Uint8Array(data), binary: true };
  if (ArrayBuffer.isView(data)) {
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), binary: true };
  }
  return { text: String(data) };
}

/** Connects every socket that reaches one of `servers` to `hub` as that server's role. */
export function serveOnMockSocket(
  hub: ReplayHub,
  servers: Partial<Record<ReplayRole, MockServerLike>>,
): void {
  for (const [role, server] of Object.entries(servers) as Array<[ReplayRole, MockServerLike]>) {
    server.on("connection", (socket) => {
      let open = true;
      const conn = hub.connect(role, {
        send: (frame) => {
          if (!open) return;
          if (typeof frame === "string") socket.send(frame);
          else socket.send(frame.slice().buffer);
        },
        close: (code, reason) => {
          if (!open) return;
          open = false;
          // mock-socket has no abnormal close: 1006 becomes a close without a clean flag.
          socket.close({ code, reason, wasClean: code !== 1006 });
          conn.closed();
        },
        // In memory: nothing to wait for.
        backpressured: () => false,
      });
      socket.on("message", (data) => {
        const d = toBytes(data);
        if ("text" in d) conn.receive(d.text, false);
        else conn.receive(d.bytes, d.binary);
      });
      socket.on("close", () => {
        open = false;
        conn.closed();
      });
    });
  }
}

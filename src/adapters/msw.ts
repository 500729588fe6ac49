/**
 * `tapedeck/msw`: msw handlers that replay a tape to the application under test in-process:
 * `ws.link` handlers on Tradovate's and Trade Manager's socket URLs and `http` handlers for
 * Tradovate's REST API, all on one replay engine with a virtual clock the test moves
 * (`flush()`, `advance(ms)`). On Node 20 msw intercepts the global `WebSocket`, which Node 20
 * only has with `--experimental-websocket`: assign one first (`globalThis.WebSocket = WebSocket`
 * from the `ws` package).
 */
import { HttpResponse, http, type WebSocketHandler, ws } from "msw";
import type { Outlet } from "../replay/connection-base.js";
import type { ReplayRole } from "../replay/engine.js";
import type { TapeIndex } from "../replay/tape-index.js";
import { type TapeEngine, type TapeEngineOptions, tapeEngine } from "./tape-engine.js";

export { DEFAULT_TAPE_URLS, type TapeEngineOptions, type TapeUrls } from "./tape-engine.js";

type HttpHandler = ReturnType<typeof http.all>;

/** A tape as msw handlers. */
export interface MswTape extends TapeEngine {
  /** Pass to `setupServer(...tape.handlers)` (or `server.use`). */
  readonly handlers: ReadonlyArray<WebSocketHandler | HttpHandler>;
}

const ROLES: readonly ReplayRole[] = ["trading", "md", "replay", "trademanager"];

/** Builds msw handlers that replay `tape`. */
export async function tapeHandlers(
  tape: string | TapeIndex,
  options: TapeEngineOptions = {},
): Promise<MswTape> {
  const engine = await tapeEngine(tape, options);
  const sockets = ROLES.map((role) =>
    ws.link(engine.urls[role]).addEventListener("connection", ({ client }) => {
      let open = true;
      const out: Outlet = {
        send: (frame) => {
          if (open) client.send(typeof frame === "string" ? frame : frame.slice());
        },
        close: (code, reason) => {
          if (!open) return;
          open = false;
          client.close(code, reason);
          conn.closed();
        },
        // In memory: nothing to wait for.
        backpressured: () => false,
      };
      const conn = engine.hub.connect(role, out);
      client.addEventListener("message", (event) => {
        const data = event.data;
        if (typeof data === "string") conn.receive(data, false);
        else if (data instanceof ArrayBuffer) conn.receive(new Uint8Array(data), true);
        else if (ArrayBuffer.isView(data)) {
          conn.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), true);
        } else conn.receive(new Uint8Array(), true);
      });
      client.addEventListener("close", () => {
        open = false;
        conn.closed();
      });
    }),
  );
  const rest = http.all(`${engine.urls.rest}/*`, async ({ request }) => {
    const body = request.method === "GET" ? "" : await request.text();
    const answer = engine.rest(
      request.method,
      request.url,
      body,
      request.headers.get("authorization"),
    );
    return new HttpResponse(answer.body, {
      status: answer.status,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  });
  return { ...engine, handlers: [...sockets, rest] };
}

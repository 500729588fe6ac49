/** What the adapter tests share: the global WebSocket msw intercepts, frame collection, login. */
import { WebSocket as WsWebSocket } from "ws";

/**
 * Node 20 has no global WebSocket without --experimental-websocket, and msw intercepts only that
 * one: install `ws` as the global. Returns the function that undoes it.
 */
export function installGlobalWebSocket(): () => void {
  const g = globalThis as { WebSocket?: unknown };
  if ("WebSocket" in g) return () => {};
  g.WebSocket = WsWebSocket;
  return () => {
    delete g.WebSocket;
  };
}

/** Frames received on a socket, and a promise for the n-th. */
export function collectFrames(socket: WebSocket) {
  const frames: string[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  socket.addEventListener("message", (e) => {
    frames.push(String(e.data));
    for (const w of waiters.filter((w) => frames.length >= w.n)) w.resolve();
  });
  const nth = (n: number) =>
    new Promise<void>((resolve) => {
      if (frames.length >= n) resolve();
      else waiters.push({ n, resolve });
    });
  return { frames, nth };
}

/** The login request body the recorded tapes answer (user tape_reader). */
export const TAPE_LOGIN = JSON.stringify({ name: "tape_reader", password: "x" });

/** POSTs the tape's login to `rest` over fetch; the raw response. */
export function restLogin(rest: string): Promise<Response> {
  return fetch(`${rest}/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: TAPE_LOGIN,
  });
}

/** A market order to buy 1 ESZ6 on the es-sim tape's account. */
export const ES_MARKET_BUY = JSON.stringify({
  accountId: 852019,
  action: "Buy",
  symbol: "ESZ6",
  orderQty: 1,
  orderType: "Market",
  isAutomated: true,
});

/**
 * `tapedeck/mock-socket`: a tape replayed through mock-socket `Server`s on Tradovate's and Trade
 * Manager's URLs, for tests whose code uses the global `WebSocket` replaced by mock-socket's.
 * Frames follow the engine's virtual clock: call `flush()` or `advance(ms)`; nothing sleeps.
 */
import { Server } from "mock-socket";
import type { ReplayRole } from "../replay/engine.js";
import { serveOnMockSocket } from "../replay/mock-socket.js";
import type { TapeIndex } from "../replay/tape-index.js";
import { type TapeEngine, type TapeEngineOptions, tapeEngine } from "./tape-engine.js";

export { DEFAULT_TAPE_URLS, type TapeEngineOptions, type TapeUrls } from "./tape-engine.js";

/** A tape served on mock-socket servers. */
export interface MockSocketTape extends TapeEngine {
  /** The mock-socket server of each role. */
  readonly servers: Readonly<Record<ReplayRole, Server>>;
  /** Stops the servers and the sessions. */
  close(): void;
}

/**
 * Serves `tape` on mock-socket servers at the four socket URLs. Assign mock-socket's `WebSocket`
 * to `globalThis.WebSocket` before the code under test connects.
 */
export async function replayOnMockSocket(
  tape: string | TapeIndex,
  options: TapeEngineOptions = {},
): Promise<MockSocketTape> {
  const engine = await tapeEngine(tape, options);
  const servers = {
    trading: new Server(engine.urls.trading),
    md: new Server(engine.urls.md),
    replay: new Server(engine.urls.replay),
    trademanager: new Server(engine.urls.trademanager),
  };
  serveOnMockSocket(engine.hub, servers);
  return {
    ...engine,
    servers,
    close() {
      engine.close();
      for (const s of Object.values(servers)) s.stop();
    },
  };
}

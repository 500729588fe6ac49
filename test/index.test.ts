import { describe, expect, it } from "vitest";
import * as tapedeck from "../src/index.js";

describe("the library's public face", () => {
  it("exports the replay server, the engine, tapes, codecs and the ledger", () => {
    expect(typeof tapedeck.startReplayServer).toBe("function");
    expect(typeof tapedeck.createReplaySession).toBe("function");
    expect(typeof tapedeck.openTapeWriter).toBe("function");
    expect(typeof tapedeck.openTape).toBe("function");
    expect(typeof tapedeck.tradovate.parseServerFrame).toBe("function");
    expect(typeof tapedeck.trademanager.parseTmFrame).toBe("function");
    expect(typeof tapedeck.pnl.Ledger).toBe("function");
    expect(typeof tapedeck.analyzeTape).toBe("function");
    expect(typeof tapedeck.runScenario).toBe("function");
    expect(typeof tapedeck.runConformance).toBe("function");
  });

  it("serves the demo tape in five lines and closes cleanly", async () => {
    const { demoTapes } = await import("../src/demo/demo-tapes.js");
    const server = await tapedeck.startReplayServer({ tapes: demoTapes(), port: 0, speed: "max" });
    expect(server.urls.trading).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\/websocket$/);
    expect(server.urls.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await fetch(`${server.urls.http}/no/such/endpoint`);
    expect(res.status).toBe(404);
    await server.close();
  });
});

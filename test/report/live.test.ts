/**
 * The live report: what a replay server does becomes report data, served at `/` and
 * `/_report/data.json`; in Chromium the page redraws while the replay runs.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { handleHttp } from "../../src/replay/http-routes.js";
import { startReplayServer } from "../../src/replay/server.js";
import type { ReportData } from "../../src/report/data.js";
import { createLiveReport, LIVE_DATA_PATH } from "../../src/report/live.js";
import { writeDemoTape } from "../replay/fixture-tape.js";
import { connect } from "../replay/ws-client.js";
import { launchChromium, skipBrowserReason } from "./chromium.js";

const STARTED = Date.parse("2026-11-20T14:30:00Z") * 1000;
const url = (path: string) => new URL(path, "http://127.0.0.1");

describe("createLiveReport", () => {
  test("turns the observer's calls into events on the injected clock and serves them", async () => {
    let now = 5_000_000;
    const live = createLiveReport({ now: () => now, startedMicros: STARTED });
    live.observer.open(1, "trading", "ws://127.0.0.1/v1/websocket");
    now += 1_000_000;
    live.observer.frame(1, "send", "authorize\n0\n\nsecret-token-abcdefghijklmnop", false);
    now += 500_000;
    live.observer.frame(1, "recv", "o", false);
    live.observer.frame(1, "recv", new Uint8Array([0, 1, 2]), true);
    now += 500_000;
    live.observer.fault({ kind: "drop", conn: 1, detail: "dropped" });
    live.observer.closed(1, 1006, "", "server");
    expect(live.events.map((e) => [e.seq, e.k, e.t])).toEqual([
      [1, "open", 0],
      [2, "send", 1_000_000],
      [3, "recv", 1_500_000],
      [4, "recv", 1_500_000],
      [5, "mark", 2_000_000],
      [6, "close", 2_000_000],
    ]);
    const page = await live.pages(url(LIVE_DATA_PATH));
    expect(page?.status).toBe(200);
    expect(page?.contentType).toMatch(/^application\/json/);
    const data = JSON.parse(page?.body ?? "null") as ReportData;
    expect(data.counts).toEqual({ events: 6, frames: 3, fills: 0 });
    expect(data.tape.started).toBe("2026-11-20T14:30:00.000000Z");
    expect(data.moments.map((m) => m.kind)).toEqual(["mark", "error"]);
    expect(data.frames.rows[0]?.raw).not.toContain("secret-token");
    expect(data.frames.rows[0]?.raw).toMatch(/«secret:\d+»/);
    expect(data.frames.rows[2]?.raw).toBe("b64:AAEC");
    const html = await live.pages(url("/"));
    expect(html?.contentType).toMatch(/^text\/html/);
    expect(html?.body).toContain(`fetch("${LIVE_DATA_PATH}"`);
    expect(await live.pages(url("/v1/account/list"))).toBeUndefined();
  });

  test("data is rebuilt only when something new happened", async () => {
    const live = createLiveReport({ now: () => 0 });
    const a = await live.data();
    expect(await live.data()).toBe(a);
    live.observer.open(1, "md", "ws://x");
    const b = await live.data();
    expect(b).not.toBe(a);
    expect(b.connections).toHaveLength(1);
  });
});

const skip = skipBrowserReason();

describe.skipIf(skip !== null)("the live page while a replay runs (Chromium)", () => {
  const dir = mkdtempSync(join(tmpdir(), "tapedeck-live-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("redraws as the replay serves frames", async () => {
    const tape = join(dir, "demo.tape.jsonl");
    writeDemoTape(tape);
    const live = createLiveReport({ pollMs: 50 });
    const replay = await startReplayServer({
      tapes: [tape],
      port: 0,
      speed: "max",
      observer: live.observer,
    });
    // The replay server's own routes gain `pages` once it is wired; until then a second loopback
    // server answers with the same handler and hook.
    const pages: Server = createServer(
      (req, res) =>
        void handleHttp(req, res, {
          maxPayload: 1 << 20,
          log: () => {},
          control: () => ({ status: 404, body: "none" }),
          rest: () => {
            throw new Error("no REST here");
          },
          pages: live.pages,
        }),
    );
    await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.goto(`${base}/`);
      await page.waitForSelector("body[data-ready]");
      expect(await page.locator("#frames-count").textContent()).toMatch(/^0 of 0 frames/);

      const md = await connect(replay.urls.md);
      md.send("authorize\n0\n\nt");
      await md.until((f) => f.includes('a[{"s":200,"i":0}]'));
      md.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
      await md.until((f) => f.filter((x) => x.includes('"quotes"')).length >= 2);
      const served = live.events.filter((e) => e.k === "recv" || e.k === "send").length;

      // The page catches up by polling; wait for it to show every frame served so far.
      await page.waitForFunction(
        (n) => {
          // Heartbeats may arrive after `served` was counted: at least n frames.
          const m = /^(\d+) of (\d+) frames/.exec(
            document.getElementById("frames-count")?.textContent ?? "",
          );
          return m !== null && Number(m[1]) >= n && m[1] === m[2];
        },
        served,
        { timeout: 20_000 },
      );
      expect(Number(await page.getAttribute("body", "data-ready"))).toBeGreaterThan(1);
      expect(await page.locator("#connections-svg rect").count()).toBe(1);
      expect(await page.locator("#rates-chart canvas").count()).toBe(1);
      expect(errors).toEqual([]);
      md.close();
    } finally {
      await browser.close();
      await replay.close();
      await new Promise<void>((resolve) => pages.close(() => resolve()));
    }
  }, 60_000);
});

/**
 * The demo report in a real browser: it loads with no console errors and no network requests,
 * its charts drew, the P&L it shows is `tapedeck pnl`'s, and the frame browser filters.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cli, repoRoot } from "../helpers/cli.js";
import { launchChromium, skipBrowserReason } from "./chromium.js";

const demo = join(repoRoot, "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl");
const outDir = join(repoRoot, "test-output", "report");
const skip = skipBrowserReason();
if (skip !== null) console.warn(skip);

interface JsonRow {
  venue: string;
  owner: string;
  symbol: string;
  timeframe: string;
  realized: string;
  unrealized: string;
  fees: string;
  net: string;
}

/** The page's money format, from an exact decimal string. */
const money = (s: string) => (s === "" ? "n/a" : s.startsWith("-") ? `-$${s.slice(1)}` : `$${s}`);

/** Exact sum of decimal strings with up to 6 places, back as the ledger prints it. */
function sumDecimals(xs: string[]): string {
  let total = 0n;
  for (const x of xs) {
    const [i = "0", f = ""] = x.replace("-", "").split(".");
    const v = BigInt(i) * 1_000_000n + BigInt(f.padEnd(6, "0"));
    total += x.startsWith("-") ? -v : v;
  }
  const neg = total < 0n;
  const a = neg ? -total : total;
  let frac = (a % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  if (frac.length < 2) frac = frac.padEnd(2, "0");
  return `${neg ? "-" : ""}${a / 1_000_000n}.${frac}`;
}

describe.skipIf(skip !== null)("the demo report in headless Chromium", () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let fileUrl = "";
  let rows: JsonRow[] = [];

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    const html = join(outDir, "demo.html");
    const made = await cli("report", demo, "-o", html);
    expect(made.code, made.stderr).toBe(0);
    const pnl = await cli("pnl", demo, "--json");
    rows = (JSON.parse(pnl.stdout) as { positions: JsonRow[] }).positions;
    fileUrl = pathToFileURL(html).href;
    browser = await launchChromium();
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning")
        consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on("request", (r) => {
      if (r.url() !== fileUrl) requests.push(r.url());
    });
    await page.goto(fileUrl);
    await page.waitForSelector("body[data-ready]");
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  test("loads with no console errors and no network requests", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  });

  test("every chart drew something", async () => {
    const canvases = await page.$$eval(".uplot canvas", (list) =>
      list.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const ctx = canvas.getContext("2d");
        if (ctx === null || canvas.width === 0 || canvas.height === 0) return 0;
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) inked++;
        return inked;
      }),
    );
    // P&L, one per contract or ticker (4), message rates.
    expect(canvases.length).toBe(6);
    for (const inked of canvases) expect(inked).toBeGreaterThan(500);
    expect(await page.locator("#connections-svg rect").count()).toBe(3);
  });

  test("the positions table shows tapedeck pnl's figures", async () => {
    expect(rows.length).toBe(5);
    for (const r of rows) {
      const tr = page.locator(
        `#positions tr[data-venue="${r.venue}"][data-owner="${r.owner}"][data-symbol="${r.symbol}"][data-timeframe="${r.timeframe}"]`,
      );
      expect(await tr.count()).toBe(1);
      for (const field of ["realized", "unrealized", "fees", "net"] as const) {
        expect(
          await tr.locator(`td[data-field="${field}"]`).textContent(),
          `${r.owner} ${r.symbol} ${field}`,
        ).toBe(money(r[field]));
      }
    }
  });

  test("the venue totals are the sums of tapedeck pnl's rows", async () => {
    for (const venue of ["tradovate", "trademanager"]) {
      const mine = rows.filter((r) => r.venue === venue);
      const tr = page.locator(`#positions tr[data-total="total ${venue} USD"]`);
      for (const field of ["realized", "unrealized", "fees", "net"] as const) {
        expect(await tr.locator(`td[data-field="${field}"]`).textContent()).toBe(
          money(sumDecimals(mine.map((r) => r[field]))),
        );
      }
    }
  });

  test("the P&L curve ends at tapedeck pnl's figures, per venue and per position", async () => {
    for (const venue of ["tradovate", "trademanager"]) {
      await page.selectOption("#pnl-select", `total ${venue} USD`);
      const mine = rows.filter((r) => r.venue === venue);
      for (const field of ["realized", "fees", "net"] as const) {
        expect(await page.locator(`#pnl-final [data-field="${field}"] b`).textContent()).toBe(
          money(sumDecimals(mine.map((r) => r[field]))),
        );
      }
    }
    const rog = rows.find((r) => r.owner === "ROG-15SV");
    await page.selectOption("#pnl-select", { label: "ROG-15SV ES1! 15" });
    expect(await page.locator('#pnl-final [data-field="net"] b').textContent()).toBe(
      money(rog?.net ?? "?"),
    );
    expect(await page.locator("#pnl-chart canvas").count()).toBe(1);
  });

  test("the frame browser filters by text, direction and kind, and decodes a frame", async () => {
    const total = await page.locator("#frames-count").textContent();
    expect(total).toMatch(/^3595 of 3595 frames match/);
    await page.fill("#f-search", "AUTH_OK");
    await page.waitForFunction(
      () => !document.getElementById("frames-count")?.textContent?.startsWith("3595 of"),
    );
    const found = await page.locator("#frames tr.frame").allTextContents();
    expect(found.length).toBeGreaterThan(0);
    for (const t of found) expect(t).toContain("AUTH_OK");
    await page.fill("#f-search", "");
    await page.selectOption("#f-dir", "send");
    await page.selectOption("#f-kind", "heartbeat");
    await page.waitForFunction(() => document.querySelectorAll("#frames tr.frame").length > 0);
    const dirs = await page.locator("#frames tr.frame td:nth-child(4)").allTextContents();
    const kinds = await page.locator("#frames tr.frame td:nth-child(5)").allTextContents();
    expect(new Set(dirs)).toEqual(new Set(["→ send"]));
    expect(new Set(kinds)).toEqual(new Set(["heartbeat"]));
    await page.selectOption("#f-dir", "");
    await page.selectOption("#f-kind", "event:md:quotes");
    await page.locator("#frames tr.frame").first().click();
    const decoded = await page.locator("#frames pre.decoded").first().textContent();
    expect(JSON.parse(decoded ?? "null")).toMatchObject([{ e: "md" }]);
    await page.selectOption("#f-kind", "");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(outDir, "demo.png"), fullPage: true });
  });
});

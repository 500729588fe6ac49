/**
 * The live report: a replay server's observer collects what the server does as tape events, and
 * its `pages` hook serves the report page at `/` and the current data at `/_report/data.json`.
 * The page polls that JSON (same origin, loopback) and redraws while the tape plays. Secrets are
 * masked as in a recorded tape.
 */
import { createRedactor } from "../protocols/secrets.js";
import { faultMark } from "../replay/fault-spec.js";
import type { HttpPage } from "../replay/http-routes.js";
import type { ReplayRecorder } from "../replay/replay-recorder.js";
import type { EventInput, ProtocolName, Role, TapeEvent, TapeHeader } from "../tape/events.js";
import { formatStarted } from "../tape/writer.js";
import { buildReportDataFromEvents, type ReportOptions } from "./build.js";
import type { ReportData } from "./data.js";
import { renderReportHtml } from "./html.js";

/** Where the live page fetches its data. */
export const LIVE_DATA_PATH = "/_report/data.json";

/** Live report settings. */
export interface LiveReportOptions extends ReportOptions {
  /** Monotonic microseconds (default performance.now); tests pass a virtual clock. */
  readonly now?: () => number;
  /** Wall-clock start, epoch microseconds (default Date.now()). */
  readonly startedMicros?: number;
  /** How often the page polls, ms (default 1000). */
  readonly pollMs?: number;
}

/** A live report: give `observer` to the replay server and `pages` to its HTTP routes. */
export interface LiveReport {
  readonly observer: Omit<ReplayRecorder, "close">;
  readonly pages: (url: URL) => Promise<HttpPage | undefined>;
  /** The data as of now. */
  data(): Promise<ReportData>;
  /** Events collected so far. */
  readonly events: readonly TapeEvent[];
}

/** The script a live page adds: poll, and redraw when the server did something new. */
export function liveScript(pollMs: number, seen: number): string {
  return [
    "(function () {",
    `  var seen = ${JSON.stringify(seen)};`,
    "  function tick() {",
    `    fetch(${JSON.stringify(LIVE_DATA_PATH)}, { cache: "no-store" })`,
    "      .then(function (r) { return r.json(); })",
    "      .then(function (d) { if (d.counts.events !== seen) { seen = d.counts.events; window.tapedeckReport.update(d); } })",
    "      .catch(function () { /* the server stopped: keep the last picture */ })",
    `      .then(function () { setTimeout(tick, ${JSON.stringify(pollMs)}); });`,
    "  }",
    `  setTimeout(tick, ${JSON.stringify(pollMs)});`,
    "})();",
  ].join("\n");
}

/** Creates a live report; see the module comment. */
export function createLiveReport(options: LiveReportOptions = {}): LiveReport {
  const now = options.now ?? (() => Math.round(performance.now() * 1000));
  const t0 = now();
  const header: TapeHeader = {
    tape: 1,
    id: "live",
    started: formatStarted(options.startedMicros ?? Date.now() * 1000),
    tool: "tapedeck report (live)",
    label: "live replay",
  };
  const events: TapeEvent[] = [];
  // The page shows tokens and passwords masked, as a recorded tape would.
  const redactor = createRedactor();
  const add = (e: EventInput) => {
    const t = Math.max(0, now() - t0, events.at(-1)?.t ?? 0);
    events.push({ ...redactor.process(e), seq: events.length + 1, t } as TapeEvent);
  };
  const protoOf = (role: Role): ProtocolName =>
    role === "trademanager" ? "trademanager" : "tradovate";
  let cache: { count: number; data: Promise<ReportData> } | undefined;
  const data = () => {
    if (cache?.count !== events.length) {
      // A snapshot: events keep arriving while the report is built.
      cache = {
        count: events.length,
        data: buildReportDataFromEvents(header, events.slice(), options),
      };
    }
    return cache.data;
  };
  const observer: LiveReport["observer"] = {
    open: (c, role, url) => add({ k: "open", c, url, proto: protoOf(role), role }),
    frame(c, k, data, isBinary) {
      if (isBinary || typeof data !== "string") {
        const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data);
        add(
          isBinary
            ? { k, c, b64: bytes.toString("base64") }
            : { k, c, text: bytes.toString("utf8") },
        );
      } else add({ k, c, text: data });
    },
    closed: (c, code, reason, by) => add({ k: "close", c, code, reason, by }),
    http: (e) =>
      add({
        k: "http",
        method: e.method,
        url: e.url,
        status: e.status,
        req: { body: e.req },
        res: { body: e.res },
        ms: e.ms,
      }),
    fault: (f) => add(faultMark(f)),
  };
  return {
    observer,
    events,
    data,
    async pages(url) {
      const path = url.pathname;
      if (path === "/" || path === "/report") {
        const d = await data();
        const html = renderReportHtml(d, {
          liveScript: liveScript(options.pollMs ?? 1000, d.counts.events),
        });
        return { status: 200, contentType: "text/html; charset=utf-8", body: html };
      }
      if (path === LIVE_DATA_PATH) {
        return {
          status: 200,
          contentType: "application/json; charset=utf-8",
          body: JSON.stringify(await data()),
        };
      }
      return undefined;
    },
  };
}

/**
 * The report as one self-contained HTML file: uPlot's JS and CSS, the page's script and the data
 * are inlined, and a Content-Security-Policy forbids every fetch, so the page opens offline and
 * cannot reach the network even by mistake.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ReportData } from "./data.js";
import { PAGE_SCRIPT } from "./page-script.js";
import { PAGE_STYLE } from "./page-style.js";

/** uPlot's browser build and stylesheet, as text. */
export interface ChartAssets {
  readonly js: string;
  readonly css: string;
}

let cached: ChartAssets | undefined;

/** Reads uPlot from node_modules (once per process). */
export function chartAssets(): ChartAssets {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const dir = require.resolve("uplot/package.json").replace(/package\.json$/, "dist/");
    cached = {
      js: readFileSync(`${dir}uPlot.iife.min.js`, "utf8"),
      css: readFileSync(`${dir}uPlot.min.css`, "utf8"),
    };
  }
  return cached;
}

/**
 * JSON that is safe inside a `<script>` element: `<` is escaped so no frame text can close the
 * element, and U+2028/U+2029 so older parsers read it as JSON did.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/** Keeps inlined code from closing its own element. */
function inlineCode(text: string, tag: "script" | "style"): string {
  return text.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1");
}

const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The whole page for `data`. `live` adds the script a live page uses to refresh itself. */
export function renderReportHtml(
  data: ReportData,
  options: { assets?: ChartAssets; liveScript?: string } = {},
): string {
  const assets = options.assets ?? chartAssets();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${inlineCode(assets.css, "style")}</style>
<style>${inlineCode(PAGE_STYLE, "style")}</style>
</head>
<body>
<header><h1 id="title"></h1><div class="meta" id="meta"></div></header>
<nav><a href="#pnl">P&amp;L</a><a href="#prices">Prices</a><a href="#trades">Trades</a>
<a href="#positions-section">Positions</a><a href="#connections">Connections</a>
<a href="#rates">Message rates</a><a href="#frames-section">Frames</a></nav>
<main>
<section id="pnl"><h2>P&amp;L over time</h2>
<div class="controls"><label>position <select id="pnl-select"></select></label></div>
<div class="figures" id="pnl-final"></div><div id="pnl-chart"></div></section>
<section id="prices"><h2>Prices and fills</h2><p class="hint">Bid, ask and last per contract or ticker; fills as dots at their price: green buys, red sells, purple Trade Manager OPEN, orange CLOSE. Hover for values. Drag to zoom, double-click to reset.</p>
<div class="charts" id="price-charts"></div></section>
<section id="trades"><h2>Trades</h2><p class="hint">Every fill, in tape order: when, at what price, and what it realized (before fees).</p>
<div id="fills-table"></div></section>
<section id="positions-section"><h2>Positions at the end</h2><p class="hint">The figures of <code>tapedeck pnl</code> for this tape, exact.</p>
<div id="positions-table"></div><h3>Notes</h3><ul class="notes" id="notes"></ul></section>
<section id="connections"><h2>Connections</h2><div id="connections-chart"></div></section>
<section id="rates"><h2>Message rates</h2><div id="rates-chart"></div></section>
<section id="frames-section"><h2>Frames</h2>
<div class="controls"><input id="f-search" type="search" placeholder="search frames" size="30">
<select id="f-conn"></select><select id="f-dir"><option value="">both directions</option>
<option value="recv">received</option><option value="send">sent</option></select>
<select id="f-kind"></select><span class="hint" id="frames-count"></span></div>
<div id="frames-list"></div></section>
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${inlineCode(assets.js, "script")}</script>
<script>${inlineCode(PAGE_SCRIPT, "script")}</script>
${options.liveScript === undefined ? "" : `<script>${inlineCode(options.liveScript, "script")}</script>`}
</body>
</html>
`;
}

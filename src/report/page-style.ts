/** The report page's own CSS (uPlot's comes from its package). No fonts or images: no network. */
export const PAGE_STYLE = `
:root { --fg:#1d2330; --muted:#667085; --line:#d0d5dd; --bg:#f7f8fa; --card:#fff;
  --buy:#1a7f37; --sell:#c62828; --open:#6f42c1; --close:#e36209; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color:var(--fg); background:var(--bg); }
header { padding:16px 24px; background:#1d2330; color:#fff; }
header h1 { margin:0 0 4px; font-size:20px; }
header .meta { color:#c5cad3; font-size:13px; }
nav { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line);
  padding:6px 24px; display:flex; gap:16px; flex-wrap:wrap; }
nav a { color:#175cd3; text-decoration:none; font-size:13px; }
main { padding:12px 24px 48px; max-width:1400px; margin:0 auto; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px;
  padding:12px 16px; margin:14px 0; }
section h2 { margin:0 0 8px; font-size:16px; }
.hint { color:var(--muted); font-size:12px; margin:4px 0 8px; }
table { border-collapse:collapse; width:100%; font-size:13px; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid #eaecf0; vertical-align:top; }
th { background:#f2f4f7; font-weight:600; white-space:nowrap; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.neg { color:var(--sell); } .pos { color:var(--buy); }
.BUY { color:var(--buy); font-weight:600; } .SELL { color:var(--sell); font-weight:600; }
.charts { display:grid; grid-template-columns:repeat(auto-fill, minmax(560px, 1fr)); gap:12px; }
.chart h3 { margin:4px 0; font-size:14px; }
.controls { display:flex; gap:8px; flex-wrap:wrap; align-items:center; margin-bottom:8px; }
.controls input, .controls select, .controls button { font:inherit; font-size:13px; padding:3px 6px; }
.figures { display:flex; gap:18px; flex-wrap:wrap; margin:6px 0; }
.figures div { font-size:13px; } .figures b { font-size:16px; display:block; }
svg text { font-size:11px; fill:var(--fg); }
pre { margin:4px 0; padding:8px; background:#f2f4f7; border-radius:4px; white-space:pre-wrap;
  word-break:break-all; max-height:360px; overflow:auto; font-size:12px; }
tr.total td, tr.total th { font-weight:600; border-top:2px solid var(--line); background:#fafbfc; }
tr.frame { cursor:pointer; } tr.frame:hover { background:#f5f8ff; }
td.raw { font-family:ui-monospace, monospace; font-size:12px; max-width:600px; overflow:hidden;
  text-overflow:ellipsis; white-space:nowrap; }
.legend-key { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; }
.notes li { font-size:13px; }
`;

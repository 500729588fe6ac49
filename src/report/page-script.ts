/**
 * The report page's script, run in the browser over the embedded data (see data.ts). Plain ES2020
 * in a string: the page must open from a file with no bundler and no network. It draws with
 * uPlot (inlined before it) and plain DOM; `window.tapedeckReport.update(data)` redraws with new
 * data, which is how a live page refreshes.
 */
export const PAGE_SCRIPT = String.raw`
"use strict";
(function () {
  var COLORS = ["#175cd3", "#e36209", "#1a7f37", "#c62828", "#6f42c1", "#0e9384", "#b54708",
    "#dd2590", "#475467", "#4e5ba6", "#98a2b3"];
  // Lanes avoid the red, amber and purple of errors, gaps and marks.
  var LANES = ["#175cd3", "#0e9384", "#1a7f37", "#475467", "#4e5ba6", "#98a2b3"];
  var PAGE = 50;
  var FILL_PAGE = 20;
  var state = { data: null, frameFilter: { q: "", c: "", dir: "", kind: "" }, framePage: 0,
    fillPage: 0, pnlId: null, plots: [] };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function money(s) { return s === "" ? "n/a" : (s.charAt(0) === "-" ? "-$" + s.slice(1) : "$" + s); }
  function signClass(s) { return s.charAt(0) === "-" ? "neg" : (/^0(\.0+)?$/.test(s) || s === "" ? "" : "pos"); }
  function fmtX(x) {
    var d = state.data;
    if (!d.wallClock) return (x.toFixed(3) + "s").padStart(8, " ");
    return new Date(x * 1000).toISOString().slice(11, 23);
  }
  function width(node) { return Math.max(320, (node.clientWidth || 600) - 4); }
  function timeOpts() {
    return state.data.wallClock
      ? { tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); } }
      : {};
  }
  function destroyPlots() {
    state.plots.forEach(function (p) { p.destroy(); });
    state.plots = [];
  }
  function plot(opts, data, node) {
    var o = Object.assign({ width: width(node), height: 240, scales: { x: { time: state.data.wallClock } } }, timeOpts(), opts);
    // Tapes are UTC: 24-hour UTC times on the axis and in the legend, never the viewer's zone.
    o.axes = (o.axes || [{}]).slice();
    o.axes[0] = Object.assign({ values: function (u, splits) { return splits.map(function (x) { return fmtX(x).slice(0, 8); }); }, size: 30, space: 90 }, o.axes[0]);
    o.series = o.series.slice();
    o.series[0] = Object.assign({ label: "UTC", value: function (u, v) { return v == null ? "--" : fmtX(v); } }, o.series[0]);
    var u = new uPlot(o, data, node);
    state.plots.push(u);
    return u;
  }

  function header(d) {
    document.title = d.title;
    $("title").textContent = d.title;
    $("meta").textContent = "tape " + d.tape.id + " · started " + d.tape.started + " · " +
      d.counts.events + " events, " + d.counts.frames + " frames, " + d.connections.length +
      " connections, " + d.counts.fills + " fills · unrealized marked at " + d.mark;
  }

  function fillsTable(d) {
    var box = clear($("fills-table"));
    var rows = d.fills;
    var pages = Math.max(1, Math.ceil(rows.length / FILL_PAGE));
    if (state.fillPage >= pages) state.fillPage = pages - 1;
    var t = el("table", { id: "fills" }, [el("tr", null, ["when (UTC)", "seq", "account or record", "side", "qty", "price", "venue", "realized", "fee"].map(function (h, i) {
      return el("th", { text: h, class: i >= 4 && i !== 6 ? "num" : "" });
    }))]);
    rows.slice(state.fillPage * FILL_PAGE, (state.fillPage + 1) * FILL_PAGE).forEach(function (f) {
      t.appendChild(el("tr", null, [
        el("td", { text: f.time.replace("T", " ").replace("Z", "") }),
        el("td", { text: String(f.seq) }),
        el("td", { text: f.key }),
        el("td", { text: f.side + (f.tm ? " (" + f.tm + ")" : ""), class: f.side }),
        el("td", { text: f.qty, class: "num" }),
        el("td", { text: f.priceText, class: "num" }),
        el("td", { text: f.venue }),
        el("td", { text: money(f.realized), class: "num " + signClass(f.realized) }),
        el("td", { text: money(f.fee), class: "num" })
      ]));
    });
    box.appendChild(t);
    box.appendChild(pager(state.fillPage, pages, rows.length, "fill", function (p) { state.fillPage = p; fillsTable(d); }));
    if (d.fillsDropped > 0) box.appendChild(el("p", { class: "hint", text: d.fillsDropped + " later fills are not listed (cap)." }));
  }

  function pager(page, pages, total, what, go) {
    var prev = el("button", { type: "button", text: "‹ prev" });
    var next = el("button", { type: "button", text: "next ›" });
    prev.disabled = page <= 0;
    next.disabled = page >= pages - 1;
    prev.onclick = function () { go(page - 1); };
    next.onclick = function () { go(page + 1); };
    return el("div", { class: "controls" }, [prev, el("span", { class: "pageinfo", text: "page " + (page + 1) + " of " + pages + " (" + total + " " + what + (total === 1 ? "" : "s") + ")" }), next]);
  }

  function connections(d) {
    var box = clear($("connections-chart"));
    var W = width(box), lane = 26, left = 150, top = 18;
    var H = top + lane * Math.max(1, d.connections.length) + 24;
    var span = Math.max(1e-6, d.span.end - d.span.start);
    function px(x) { return left + ((x - d.span.start) / span) * (W - left - 10); }
    var NS = "http://www.w3.org/2000/svg";
    function s(tag, a, text) {
      var e = document.createElementNS(NS, tag);
      for (var k in a) e.setAttribute(k, a[k]);
      if (text != null) e.textContent = text;
      return e;
    }
    var svg = s("svg", { width: W, height: H, id: "connections-svg", role: "img" });
    for (var i = 0; i <= 4; i++) {
      var x = d.span.start + (span * i) / 4;
      svg.appendChild(s("line", { x1: px(x), x2: px(x), y1: top - 4, y2: H - 20, stroke: "#eaecf0" }));
      svg.appendChild(s("text", { x: px(x), y: H - 6, "text-anchor": i === 0 ? "start" : (i === 4 ? "end" : "middle") }, fmtX(x)));
    }
    d.connections.forEach(function (c, i) {
      var y = top + i * lane;
      svg.appendChild(s("text", { x: 4, y: y + 14 }, "#" + c.c + " " + c.role));
      var end = c.close == null ? d.span.end : c.close;
      var bar = s("rect", { x: px(c.open), y: y + 3, width: Math.max(2, px(end) - px(c.open)), height: 14, rx: 3,
        fill: LANES[i % LANES.length], opacity: 0.75 });
      bar.appendChild(s("title", {}, c.url + "\nopened " + fmtX(c.open) + (c.close == null ? "\nstill open at the end" : "\nclosed " + fmtX(c.close) + " by " + c.closeBy + " " + (c.closeCode || "") + " " + (c.closeReason || "")) + "\n" + c.frames + " frames"));
      svg.appendChild(bar);
    });
    var laneOf = {};
    d.connections.forEach(function (c, i) { laneOf[c.c] = i; });
    d.moments.forEach(function (m) {
      var i = m.c != null && laneOf[m.c] != null ? laneOf[m.c] : -1;
      var y1 = i < 0 ? top : top + i * lane, y2 = i < 0 ? H - 20 : y1 + lane - 4;
      var color = m.kind === "error" ? "#c62828" : m.kind === "gap" ? "#b54708" : "#6f42c1";
      var mk = s("line", { x1: px(m.x), x2: px(m.x), y1: y1, y2: y2, stroke: color, "stroke-width": 2 });
      mk.appendChild(s("title", {}, fmtX(m.x) + " " + m.kind + ": " + m.label));
      svg.appendChild(mk);
    });
    box.appendChild(svg);
    var counts = { gap: 0, mark: 0, error: 0 };
    d.moments.forEach(function (m) { counts[m.kind]++; });
    function key(color, text, sep) {
      return el("span", null, [el("span", { class: "legend-key", style: "background:" + color }), text + (sep || ", ")]);
    }
    box.appendChild(el("p", { class: "hint" }, [
      key("#b54708", counts.gap + " gaps"), key("#6f42c1", counts.mark + " marks (faults, notes)"),
      key("#c62828", counts.error + " errors", ". "),
      (d.momentsDropped ? "(+" + d.momentsDropped + " not drawn) " : "") + "Hover a bar or line for details."
    ]));
  }

  function rates(d) {
    var box = clear($("rates-chart"));
    if (d.rates.kinds.length === 0) { box.appendChild(el("p", { class: "hint", text: "No frames." })); return; }
    var series = [{}].concat(d.rates.kinds.map(function (k, i) {
      return { label: k.kind + " (" + k.total + ")", stroke: COLORS[i % COLORS.length], width: 1.5, points: { show: false } };
    }));
    plot({ height: 260, series: series, axes: [{}, { label: "frames/s" }] },
      [d.rates.x].concat(d.rates.kinds.map(function (k) { return k.counts; })), box);
    box.appendChild(el("p", { class: "hint", text: "Frames per second in " + d.rates.bucketSeconds + " s buckets, per connection role and message kind." }));
  }

  function priceCharts(d) {
    var box = clear($("price-charts"));
    if (d.prices.length === 0) box.appendChild(el("p", { class: "hint", text: "No quotes in this tape." }));
    d.prices.forEach(function (p) {
      var fills = d.fills.filter(function (f) { return f.symbol === p.symbol && isFinite(f.price); });
      var xs = p.x.slice();
      fills.forEach(function (f) { xs.push(f.x); });
      xs.sort(function (a, b) { return a - b; });
      var uniq = [];
      xs.forEach(function (x) { if (uniq.length === 0 || uniq[uniq.length - 1] !== x) uniq.push(x); });
      var pos = new Map();
      uniq.forEach(function (x, i) { pos.set(x, i); });
      function col(vals) {
        var out = new Array(uniq.length).fill(null);
        p.x.forEach(function (x, i) { out[pos.get(x)] = vals[i]; });
        return out;
      }
      var groups = [
        { label: "buy fill", filter: function (f) { return f.side === "BUY" && !f.tm; }, color: "#1a7f37", shape: "▲" },
        { label: "sell fill", filter: function (f) { return f.side === "SELL" && !f.tm; }, color: "#c62828", shape: "▼" },
        { label: "TM OPEN", filter: function (f) { return f.tm === "OPEN"; }, color: "#6f42c1", shape: "●" },
        { label: "TM CLOSE", filter: function (f) { return f.tm === "CLOSE"; }, color: "#e36209", shape: "■" }
      ].filter(function (g) { return fills.some(g.filter); });
      var data = [uniq, col(p.bid), col(p.ask), col(p.last)];
      var series = [{}, { label: "bid", stroke: "#175cd3", width: 1, spanGaps: true },
        { label: "ask", stroke: "#e36209", width: 1, spanGaps: true },
        { label: "last", stroke: "#98a2b3", width: 1, spanGaps: true, dash: [4, 3] }];
      groups.forEach(function (g) {
        var v = new Array(uniq.length).fill(null);
        fills.filter(g.filter).forEach(function (f) { v[pos.get(f.x)] = f.price; });
        data.push(v);
        series.push({ label: g.label, stroke: g.color, fill: g.color, paths: function () { return null; },
          points: { show: true, size: 9, width: 2, stroke: g.color, fill: g.color } });
      });
      var card = el("div", { class: "chart", "data-symbol": p.symbol }, [
        el("h3", { text: p.symbol + " — " + p.updates + " quote updates, " + fills.length + " fills" + (p.x.length < p.updates ? " (drawn from " + p.x.length + " points)" : "") })
      ]);
      box.appendChild(card);
      var target = el("div");
      card.appendChild(target);
      plot({ height: 260, series: series, axes: [{}, { size: 70 }] }, data, target);
    });
  }

  function pnl(d) {
    var box = clear($("pnl-chart"));
    var sel = clear($("pnl-select"));
    if (d.pnl.length === 0) { box.appendChild(el("p", { class: "hint", text: "No fills: no P&L." })); return; }
    // Totals first, Tradovate before Trade Manager; positions in the order they first traded.
    var rank = function (s) { return (s.id.indexOf("total ") === 0 ? 0 : 2) + (s.venue === "tradovate" ? 0 : 1); };
    var order = d.pnl.map(function (s, i) { return [s, i]; }).sort(function (a, b) {
      return rank(a[0]) - rank(b[0]) || a[1] - b[1];
    }).map(function (p) { return p[0]; });
    if (!state.pnlId || !d.pnl.some(function (s) { return s.id === state.pnlId; })) state.pnlId = order[0].id;
    order.forEach(function (s) {
      var o = el("option", { value: s.id, text: s.label });
      if (s.id === state.pnlId) o.selected = true;
      sel.appendChild(o);
    });
    sel.onchange = function () { state.pnlId = sel.value; destroyPlots(); drawCharts(); };
    var s = d.pnl.filter(function (x) { return x.id === state.pnlId; })[0];
    var figs = clear($("pnl-final"));
    [["realized", s.final.realized], ["unrealized", s.final.unrealized], ["fees", s.final.fees], ["net", s.final.net]].forEach(function (f) {
      figs.appendChild(el("div", { "data-field": f[0] }, [el("b", { text: money(f[1]), class: f[0] === "fees" ? "" : signClass(f[1]) }), f[0] + " at the end"]));
    });
    plot({ height: 280, series: [{},
      { label: "realized", stroke: "#175cd3", width: 1.5 },
      { label: "unrealized", stroke: "#e36209", width: 1.5 },
      { label: "fees", stroke: "#98a2b3", width: 1, dash: [4, 3] },
      { label: "net (realized + unrealized - fees)", stroke: "#1a7f37", width: 2.5 }],
      axes: [{}, { size: 70, values: function (u, v) { return v.map(function (n) { return "$" + n.toFixed(2); }); } }] },
      [s.x, s.realized, s.unrealized, s.fees.map(function (f) { return -f; }), s.net], box);
    box.appendChild(el("p", { class: "hint", text: "Fees are drawn below zero. Figures are exact at the end and at each fill; between fills unrealized P&L is sampled." }));
  }

  function positions(d) {
    var box = clear($("positions-table"));
    var head = ["venue", "account / strategy", "contract / ticker", "tf", "position", "avg price", "mark", "realized", "unrealized", "fees", "net"];
    var t = el("table", { id: "positions" }, [el("tr", null, head.map(function (h, i) { return el("th", { text: h, class: i >= 4 ? "num" : "" }); }))]);
    d.positions.forEach(function (r) {
      t.appendChild(el("tr", { "data-venue": r.venue, "data-owner": r.owner, "data-symbol": r.symbol, "data-timeframe": r.timeframe }, [
        el("td", { text: r.venue }),
        el("td", { text: r.ownerName ? r.ownerName + " (" + r.owner + ")" : r.owner }),
        el("td", { text: r.symbol }),
        el("td", { text: r.timeframe }),
        el("td", { text: r.position, class: "num" }),
        el("td", { text: r.avgPrice || "-", class: "num" }),
        el("td", { text: r.markUsed || "-", class: "num" }),
        el("td", { text: money(r.realized), class: "num " + signClass(r.realized), "data-field": "realized" }),
        el("td", { text: money(r.unrealized), class: "num " + signClass(r.unrealized), "data-field": "unrealized" }),
        el("td", { text: money(r.fees), class: "num", "data-field": "fees" }),
        el("td", { text: money(r.net), class: "num " + signClass(r.net), "data-field": "net" })
      ]));
    });
    // One total per venue and currency: the P&L curve's last point, which equals the sum.
    var venueOrder = { tradovate: 0, trademanager: 1 };
    d.pnl.filter(function (s) { return s.id.indexOf("total ") === 0; }).sort(function (a, b) {
      return venueOrder[a.venue] - venueOrder[b.venue] || (a.currency < b.currency ? -1 : 1);
    }).forEach(function (s) {
      var f = s.final;
      t.appendChild(el("tr", { class: "total", "data-total": s.id }, [
        el("td", { text: s.venue }), el("th", { text: "total (" + s.currency + ")", colspan: "6" }),
        el("td", { text: money(f.realized), class: "num " + signClass(f.realized), "data-field": "realized" }),
        el("td", { text: money(f.unrealized), class: "num " + signClass(f.unrealized), "data-field": "unrealized" }),
        el("td", { text: money(f.fees), class: "num", "data-field": "fees" }),
        el("td", { text: money(f.net), class: "num " + signClass(f.net), "data-field": "net" })
      ]));
    });
    box.appendChild(t);
    var notes = clear($("notes"));
    d.notes.slice(0, 200).forEach(function (n) { notes.appendChild(el("li", { text: n })); });
    if (d.notes.length === 0) notes.appendChild(el("li", { text: "No problems found reading the tape's fills and quotes." }));
  }

  function frameFilters(d) {
    var c = clear($("f-conn")), k = clear($("f-kind"));
    c.appendChild(el("option", { value: "", text: "all connections" }));
    d.connections.forEach(function (x) { c.appendChild(el("option", { value: String(x.c), text: "#" + x.c + " " + x.role })); });
    var kinds = {};
    d.frames.rows.forEach(function (f) { f.kind.split(" ").forEach(function (x) { kinds[x] = (kinds[x] || 0) + 1; }); });
    k.appendChild(el("option", { value: "", text: "all kinds" }));
    Object.keys(kinds).sort().forEach(function (x) { k.appendChild(el("option", { value: x, text: x + " (" + kinds[x] + ")" })); });
    c.value = state.frameFilter.c;
    k.value = state.frameFilter.kind;
  }

  function matching(d) {
    var f = state.frameFilter, q = f.q.toLowerCase();
    return d.frames.rows.filter(function (r) {
      if (f.c !== "" && String(r.c) !== f.c) return false;
      if (f.dir !== "" && r.dir !== f.dir) return false;
      if (f.kind !== "" && (" " + r.kind + " ").indexOf(" " + f.kind + " ") < 0) return false;
      if (q !== "" && (r.repaired || r.raw).toLowerCase().indexOf(q) < 0 && r.kind.toLowerCase().indexOf(q) < 0) return false;
      return true;
    });
  }

  function decode(r) {
    var text = r.repaired || r.raw;
    var body = text.charAt(0) === "a" && text.charAt(1) === "[" ? text.slice(1) : text;
    try { return JSON.stringify(JSON.parse(body), null, 2); } catch (e) { return null; }
  }

  function frames(d) {
    var box = clear($("frames-list"));
    var rows = matching(d);
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.framePage >= pages) state.framePage = pages - 1;
    var t = el("table", { id: "frames" }, [el("tr", null, ["seq", "time (UTC)", "conn", "dir", "kind", "frame"].map(function (h) { return el("th", { text: h }); }))]);
    rows.slice(state.framePage * PAGE, (state.framePage + 1) * PAGE).forEach(function (r) {
      var tr = el("tr", { class: "frame", "data-seq": String(r.seq) }, [
        el("td", { text: String(r.seq) }), el("td", { text: r.time.slice(11, 26) }),
        el("td", { text: "#" + r.c + " " + r.role }), el("td", { text: r.dir === "recv" ? "← recv" : "→ send" }),
        el("td", { text: r.kind }), el("td", { class: "raw", text: r.repaired || r.raw })
      ]);
      tr.onclick = function () {
        var next = tr.nextSibling;
        if (next && next.className === "detail") { next.remove(); return; }
        var dec = decode(r);
        var cell = el("td", { colspan: "6" }, [
          el("div", { class: "hint", text: "raw" + (r.cut ? " (cut at " + r.raw.length + " characters)" : "") }), el("pre", { text: r.raw }),
          r.repaired ? el("div", { class: "hint", text: "mojibake repaired" }) : null, r.repaired ? el("pre", { text: r.repaired }) : null,
          el("div", { class: "hint", text: dec == null ? "not JSON" : "decoded" }), dec == null ? null : el("pre", { class: "decoded", text: dec })
        ]);
        tr.parentNode.insertBefore(el("tr", { class: "detail" }, [cell]), tr.nextSibling);
      };
      t.appendChild(tr);
    });
    box.appendChild(t);
    box.appendChild(pager(state.framePage, pages, rows.length, "frame", function (p) { state.framePage = p; frames(d); }));
    $("frames-count").textContent = rows.length + " of " + d.frames.rows.length + " frames match" +
      (d.frames.total > d.frames.rows.length ? " (the browser holds the first " + d.frames.rows.length + " of " + d.frames.total + " frames)" : "");
  }

  function bindFrameControls() {
    var timer = null;
    $("f-search").oninput = function (e) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.frameFilter.q = e.target.value; state.framePage = 0; frames(state.data); }, 150);
    };
    $("f-conn").onchange = function (e) { state.frameFilter.c = e.target.value; state.framePage = 0; frames(state.data); };
    $("f-dir").onchange = function (e) { state.frameFilter.dir = e.target.value; state.framePage = 0; frames(state.data); };
    $("f-kind").onchange = function (e) { state.frameFilter.kind = e.target.value; state.framePage = 0; frames(state.data); };
  }

  function drawCharts() {
    var d = state.data;
    connections(d);
    rates(d);
    priceCharts(d);
    pnl(d);
  }

  function update(d) {
    state.data = d;
    destroyPlots();
    header(d);
    drawCharts();
    fillsTable(d);
    positions(d);
    frameFilters(d);
    frames(d);
    document.body.setAttribute("data-ready", String(Number(document.body.getAttribute("data-ready") || 0) + 1));
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (state.data) { destroyPlots(); drawCharts(); } }, 200);
  });

  window.tapedeckReport = { update: update };
  bindFrameControls();
  update(JSON.parse($("report-data").textContent));
})();
`;

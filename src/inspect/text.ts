/**
 * The human form of an {@link InspectReport}: sections Summary, Connections, Kinds, Prices,
 * Positions, Shapes, Problems, each readable on an 80-column terminal.
 */
import { bytes, col, cut, num, oneLine, plural, rate, seconds, WIDTH, wrap } from "./format.js";
import type { InspectReport, KindInfo } from "./report.js";
import { type FieldShape, presencePercent, type TypeCounts } from "./shape.js";

/** Renders a report as text lines (without trailing newlines). */
export function reportText(r: InspectReport): string[] {
  return [
    ...summary(r),
    "",
    ...envelopes(r),
    "",
    ...connections(r),
    "",
    ...kinds(r),
    "",
    ...prices(r),
    "",
    ...positions(r),
    "",
    ...shapes(r),
    "",
    ...problems(r),
  ];
}

function failureCount(r: InspectReport): number {
  return r.problems.failures.reduce((n, f) => n + f.count, 0) + r.problems.failuresLeftOut;
}

function summary(r: InspectReport): string[] {
  const f = r.frames;
  return [
    "Summary",
    ...wrap("  file       ", "              ", [r.file]),
    ...(r.header.label !== undefined
      ? [cut(`  label       ${oneLine(JSON.stringify(r.header.label))}`, WIDTH)]
      : []),
    `  started     ${r.header.started}, tool ${r.header.tool}`,
    `  duration    ${seconds(r.durationUs)} s, ${plural(r.events, "event")}`,
    `  frames      ${f.recv} received, ${f.send} sent (${f.text} text, ${f.binary} binary)`,
    `  connections ${r.connections.length + r.connectionsLeftOut}, ${plural(
      r.http.reduce((n, h) => n + h.count, 0),
      "http exchange",
    )}, ${plural(r.marks, "mark")}`,
    `  kinds       ${r.kinds.length}${r.kindsLeftOut > 0 ? ` (+${r.kindsLeftOut} messages of kinds over the cap)` : ""}`,
    `  problems    ${plural(failureCount(r), "parse failure")}, ${plural(
      r.problems.gaps.length,
      "gap",
    )}, ${plural(r.problems.closes.length, "close")}${r.problems.torn ? ", torn end" : ""}`,
  ];
}

/**
 * Per channel and direction, the top-level keys of JSON object messages and the share of
 * messages having each: whether a system wraps everything (`type` and `data` in all) shows here.
 */
function envelopes(r: InspectReport): string[] {
  const out = ["Envelopes (top-level keys of JSON object messages, share having each)"];
  const groups = new Map<string, { objects: number; other: number; keys: Map<string, number> }>();
  for (const k of r.kinds) {
    const id = `${k.channel} ${k.dir}`;
    const g = groups.get(id) ?? { objects: 0, other: 0, keys: new Map<string, number>() };
    groups.set(id, g);
    const root = k.shape.fields.find((f) => f.path === "");
    const objects = root?.types.object ?? 0;
    g.objects += objects;
    g.other += k.shape.messages - objects;
    for (const f of k.shape.fields) {
      if (f.path === "" || f.of === null || f.path.includes(".") || f.path.includes("[")) continue;
      g.keys.set(f.path, (g.keys.get(f.path) ?? 0) + f.seen);
    }
  }
  for (const [id, g] of groups) {
    const keys = [...g.keys.entries()]
      .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
      .map(([key, n]) => `${oneLine(key)} ${Math.round((n * 100) / Math.max(g.objects, 1))}%`);
    const shown = keys.slice(0, 10);
    if (keys.length > 10) shown.push(`(+${keys.length - 10} more)`);
    const words =
      g.objects > 0
        ? [`${g.objects} objects:`, ...shown.map((k, i) => (i < shown.length - 1 ? `${k},` : k))]
        : [];
    if (g.other > 0) words.push(`(${g.other} other: text, arrays or binary)`);
    out.push(...wrap(`  ${id}:`, "      ", words));
  }
  if (groups.size === 0) out.push("  (no messages)");
  return out;
}

function connections(r: InspectReport): string[] {
  const out = ["Connections"];
  if (r.connections.length === 0) out.push("  (none)");
  for (const c of r.connections) {
    out.push(`  c${c.c} ${c.channel}  ${cut(oneLine(c.url), WIDTH - 6 - c.channel.length)}`);
    const closed = c.closed
      ? `closed +${seconds(c.closed.t)} s${c.closed.code !== undefined ? ` code ${c.closed.code}` : ""} by ${c.closed.by}`
      : "not closed";
    out.push(
      ...wrap("     ", "      ", [
        `${c.proto}, opened +${seconds(c.opened)} s, ${closed};`,
        `${c.recv} in (${bytes(c.bytesIn)}), ${c.sent} out (${bytes(c.bytesOut)})`,
      ]),
    );
  }
  if (r.connectionsLeftOut > 0) out.push(`  ... and ${r.connectionsLeftOut} more`);
  for (const h of r.http)
    out.push(`  http ${h.method} ${cut(h.path, 50)} -> ${h.status} x${h.count}`);
  return out;
}

const KIND_W = 40;

function kinds(r: InspectReport): string[] {
  const out = ["Kinds (rate over the whole tape; times in s from its start)"];
  if (r.kinds.length === 0) out.push("  (none)");
  let channel: string | undefined;
  for (const k of r.kinds) {
    if (k.channel !== channel) {
      channel = k.channel;
      out.push(`  ${channel}`);
      out.push(
        `    ${col("kind", KIND_W - 2)} ${num("count", 7)} ${num("rate/s", 8)} ${num("first", 9)} ${num("last", 9)}`,
      );
    }
    const figures = `${num(String(k.count), 7)} ${num(rate(k.count, r.durationUs), 8)} ${num(
      seconds(k.first - r.firstT),
      9,
    )} ${num(seconds(k.last - r.firstT), 9)}`;
    const name = oneLine(k.kind);
    if (name.length > KIND_W - 2) {
      out.push(`    ${name}`);
      out.push(`    ${" ".repeat(KIND_W - 2)} ${figures}`);
    } else {
      out.push(`    ${col(name, KIND_W - 2)} ${figures}`);
    }
  }
  return out;
}

function prices(r: InspectReport): string[] {
  const out = ["Prices (quote fields per kind, and quotes per contract or ticker)"];
  if (r.prices.length === 0) out.push("  (no message carried prices)");
  for (const p of r.prices) {
    const fields = Object.entries(p.fields).map(([f, n]) => `${f} ${n}`);
    out.push(
      ...wrap(`  ${p.channel} ${oneLine(p.kind)}:`, "      ", [
        `${p.quotes} quotes (${p.sources.join(", ")}):`,
        ...fields.map((f, i) => (i < fields.length - 1 ? `${f},` : f)),
      ]),
    );
  }
  const byChannel = new Map<string, string[]>();
  for (const s of r.symbols) {
    const list = byChannel.get(s.channel) ?? [];
    list.push(`${oneLine(s.symbol)} ${s.quotes}`);
    byChannel.set(s.channel, list);
  }
  for (const [channel, list] of byChannel) {
    const shown = list.slice(0, 12).map((s, i, a) => (i < a.length - 1 ? `${s},` : s));
    if (list.length > 12) shown.push(`(+${list.length - 12} more)`);
    out.push(...wrap(`  ${channel} symbols (${list.length}):`, "      ", shown));
  }
  if (r.symbolsLeftOut > 0) out.push(`  ${r.symbolsLeftOut} quotes of symbols over the cap`);
  return out;
}

function positions(r: InspectReport): string[] {
  const p = r.positions;
  const out = ["Positions (how positions are updated)"];
  const props = Object.entries(p.props).sort(([a], [b]) => (a < b ? -1 : 1));
  if (props.length > 0) {
    out.push(
      ...wrap(
        "  Tradovate props events:",
        "      ",
        props.map(([k, n], i) => `${k.replace(":", " ")} ${n}${i < props.length - 1 ? "," : ""}`),
      ),
    );
  }
  if (p.snapshotPositions > 0) {
    out.push(`  Tradovate user/syncrequest snapshots: ${plural(p.snapshotPositions, "position")}`);
  }
  const t = p.tmTrades;
  if (t.frames > 0) {
    out.push(
      `  Trade Manager TRADES: ${plural(t.frames, "frame")}, each the whole open-trade list`,
      `      (${t.rows} rows in all, at most ${t.maxRows} in one${t.skipped > 0 ? `, ${t.skipped} unreadable` : ""})`,
    );
  }
  const logs = Object.entries(p.tmLogs).sort(([a], [b]) => (a < b ? -1 : 1));
  if (logs.length > 0) {
    out.push(
      ...wrap(
        "  Trade Manager LOGS:",
        "      ",
        logs.map(([k, n], i) => `${k} ${n}${i < logs.length - 1 ? "," : ""}`),
      ),
    );
  }
  if (out.length === 1) out.push("  (no position updates seen)");
  return out;
}

/** `number(int)`, `string|null`...: the types seen at a path. */
export function typeText(types: TypeCounts): string {
  const names: string[] = [];
  const ints = types.integer ?? 0;
  const floats = types.float ?? 0;
  for (const t of ["object", "array", "string"] as const) if (types[t]) names.push(t);
  if (ints > 0 && floats > 0) names.push("number");
  else if (ints > 0) names.push("number(int)");
  else if (floats > 0) names.push("number(float)");
  for (const t of ["boolean", "null"] as const) if (types[t]) names.push(t);
  return names.join("|");
}

function presenceText(f: FieldShape): string {
  const p = presencePercent(f);
  return p === null ? "" : `${p}%`;
}

const PATH_W = 32;
const TYPE_W = 18;

function shapeLines(k: KindInfo): string[] {
  const out = [
    `  ${k.channel} ${oneLine(k.kind)}  (${plural(k.shape.messages, "message")}${
      k.shape.capped ? `; capped, ${k.shape.dropped} values of further paths left out` : ""
    })`,
  ];
  if (k.shape.fields.length === 0) out.push("    (no JSON value)");
  for (const f of k.shape.fields) {
    const path = f.path === "" ? "(message)" : oneLine(f.path);
    // The type is never cut (it is what a reader looks for); examples take what is left.
    const rest = `${typeText(f.types).padEnd(TYPE_W)} ${num(presenceText(f), 5)}`;
    const row = (lead: string) => {
      const room = WIDTH - lead.length - rest.length - 3;
      const examples = room > 3 ? cut(oneLine(f.examples.join(", ")), room) : "";
      return `${lead} ${rest}  ${examples}`.trimEnd();
    };
    if (path.length > PATH_W) {
      out.push(`    ${path}`);
      out.push(row(" ".repeat(4 + PATH_W)));
    } else {
      out.push(row(`    ${col(path, PATH_W)}`));
    }
  }
  return out;
}

function shapes(r: InspectReport): string[] {
  const out = ["Shapes (field path, JSON types, how often present, examples)"];
  if (r.kinds.length === 0) out.push("  (none)");
  for (const k of r.kinds) out.push(...shapeLines(k));
  return out;
}

function problems(r: InspectReport): string[] {
  const p = r.problems;
  const out = ["Problems"];
  for (const f of p.failures) {
    out.push(
      ...wrap(
        `  ${f.channel} ${oneLine(f.kind)} x${f.count}:`,
        "      ",
        oneLine(f.why).split(" "),
      ),
    );
    for (const e of f.examples) out.push(`      e.g. ${cut(oneLine(e), WIDTH - 11)}`);
  }
  if (p.failuresLeftOut > 0) out.push(`  ${p.failuresLeftOut} more failures (too many reasons)`);
  for (const g of p.gaps) {
    const c = g.c !== undefined ? ` c${g.c}` : "";
    const ms = g.ms !== undefined ? ` (${g.ms} ms)` : "";
    out.push(cut(`  gap +${seconds(g.t)} s${c}: ${oneLine(g.reason)}${ms}`, WIDTH));
  }
  for (const c of p.closes) {
    const code = c.code !== undefined ? ` code ${c.code}` : " no code";
    const reason = c.reason ? ` ${JSON.stringify(c.reason)}` : "";
    out.push(cut(`  close +${seconds(c.t)} s c${c.c}${code} by ${c.by}${oneLine(reason)}`, WIDTH));
  }
  if (p.leftOut > 0) out.push(`  ... ${p.leftOut} more gaps and closes`);
  if (p.orphanFrames > 0) {
    out.push(`  ${plural(p.orphanFrames, "frame")} on connections the tape never opened`);
  }
  if (p.torn) out.push(`  torn end: ${p.torn}`);
  if (out.length === 1) out.push("  (none)");
  return out;
}

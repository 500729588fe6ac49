import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { ReportData } from "../../src/report/data.js";
import { renderReportHtml, scriptJson } from "../../src/report/html.js";

function data(over: Partial<ReportData> = {}): ReportData {
  return {
    title: "tapedeck report: t",
    tape: { id: "t", started: "2026-11-20T14:30:00.000000Z" },
    wallClock: true,
    span: { start: 0, end: 1 },
    counts: { events: 0, frames: 0, fills: 0 },
    connections: [],
    moments: [],
    momentsDropped: 0,
    rates: { x: [], bucketSeconds: 1, kinds: [] },
    prices: [],
    fills: [],
    fillsDropped: 0,
    pnl: [],
    positions: [],
    mark: "bidask",
    notes: [],
    frames: { total: 0, rows: [] },
    caps: { maxPoints: 2000, maxFrames: 20000 },
    ...over,
  };
}

const hostile = "</script><script>alert(1)</script><!-- \u2028\u2029 </SCRIPT >";

describe("scriptJson", () => {
  test.prop([fc.jsonValue()])("parses back to the same value and never contains <", (v) => {
    const s = scriptJson(v);
    expect(s).not.toContain("<");
    expect(JSON.parse(s)).toEqual(JSON.parse(JSON.stringify(v)));
  });

  test.prop([fc.string({ unit: "binary" })])("keeps any string exactly", (text) => {
    expect(JSON.parse(scriptJson({ text }))).toEqual({ text });
  });
});

describe("renderReportHtml", () => {
  const html = renderReportHtml(
    data({
      title: `report ${hostile}`,
      frames: {
        total: 1,
        rows: [
          { seq: 1, time: "x", c: 1, role: "md", dir: "recv", kind: "k", raw: hostile, cut: false },
        ],
      },
      notes: [hostile],
    }),
  );

  test("frame text cannot open or close a script element", () => {
    expect(html.match(/<script/gi)?.length).toBe(3);
    expect(html.match(/<\/script/gi)?.length).toBe(3);
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(
      html,
    )?.[1];
    const back = JSON.parse(json ?? "null") as ReportData;
    expect(back.frames.rows[0]?.raw).toBe(hostile);
    expect(back.notes).toEqual([hostile]);
  });

  test("the title is escaped", () => {
    expect(html).toContain("<title>report &#60;/script&#62;&#60;script&#62;alert(1)");
  });

  test("references nothing outside the file and forbids fetching", () => {
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; /,
    );
    expect(html).toContain("uPlot");
  });

  test("a live script is added only when given", () => {
    const live = renderReportHtml(data(), { liveScript: "window.x = '</script>';" });
    expect(live.match(/<script/gi)?.length).toBe(4);
    expect(live).toContain("window.x = '<\\/script>';");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatLogLine,
  type LogLine,
  type LogLineFields,
  parseLogLine,
} from "../../../src/protocols/trademanager/logline.js";
import { GARBLINGS, garble } from "../../../src/protocols/trademanager/mojibake.js";
import { jsonFixture, logLineFields } from "./arbitraries.js";

interface LogLineFixture {
  note: string;
  line: string;
  expect?: Partial<LogLine>;
  text?: string;
  unrecognised?: string;
}

const FIELD_KEYS = [
  "tag",
  "verb",
  "strategy",
  "ticker",
  "timeframe",
  "qty",
  "side",
  "priceText",
] as const satisfies readonly (keyof LogLineFields)[];

/** The fields of a parse result (absent ones left out), or the why of an unrecognised one. */
function fieldsOf(text: string): LogLineFields | string {
  const r = parseLogLine(text);
  if (r.kind === "unrecognised") return `unrecognised: ${r.why}`;
  const out: Record<string, unknown> = {};
  for (const key of FIELD_KEYS) if (r[key] !== undefined) out[key] = r[key];
  return out as unknown as LogLineFields;
}

const OPEN =
  "📊 [RECORDER] OPEN — Strategy: **ROG-15SV**, Ticker: **NQ1!**, Timeframe: **15** — **1 BUY** at **24958.5**";

describe("parseLogLine on the spec's lines (test/fixtures/trademanager/loglines.json)", () => {
  for (const fx of jsonFixture<LogLineFixture[]>("loglines.json")) {
    it(fx.note, () => {
      const r = parseLogLine(fx.line);
      if (fx.unrecognised !== undefined) {
        expect(r).toEqual({ kind: "unrecognised", raw: fx.line, why: fx.unrecognised });
        return;
      }
      expect(r).toMatchObject({ kind: "logline", raw: fx.line, ...fx.expect });
      if (fx.text !== undefined) expect(r).toMatchObject({ text: fx.text });
    });
  }

  it("reads the price of a CLOSE line from its `Closed at` tail", () => {
    const line = `📊 [RECORDER] CLOSE — Strategy: **ROG-15SV**, Ticker: **NQ1!**, Timeframe: **15** — **1 SELL** ... Closed at **24959.0**`;
    expect(parseLogLine(line)).toMatchObject({
      verb: "CLOSE",
      side: "SELL",
      qty: 1,
      priceText: "24959.0",
      price: 24959,
    });
  });

  it("gives display text without HTML, entities or bold markers", () => {
    const line =
      '<span class="rec">📊 [RECORDER] ADD &mdash; Strategy: <strong>NEURAL-MOMENTUM</strong>, Ticker: **BTCUSDT**, Timeframe: **10s** &amp; more — **0.5 BUY** at **67250.50**</span>';
    expect(parseLogLine(line)).toMatchObject({
      verb: "ADD",
      strategy: "NEURAL-MOMENTUM",
      ticker: "BTCUSDT",
      timeframe: "10s",
      qty: 0.5,
      side: "BUY",
      priceText: "67250.50",
      text: "📊 [RECORDER] ADD — Strategy: NEURAL-MOMENTUM, Ticker: BTCUSDT, Timeframe: 10s & more — 0.5 BUY at 67250.50",
    });
  });
});

describe("parseLogLine does not depend on the emoji or the dash", () => {
  const expected = fieldsOf(OPEN);
  const variants: Record<string, string> = {
    "no emoji": OPEN.replace("📊 ", ""),
    "another emoji": OPEN.replace("📊", "🚀"),
    "ASCII hyphens": OPEN.replaceAll("—", "-"),
    "double hyphens": OPEN.replaceAll("—", "--"),
    "en dashes": OPEN.replaceAll("—", "–"),
    pipes: OPEN.replaceAll("—", "|"),
    "no separators at all": OPEN.replaceAll(" —", ""),
    "dash lost in Windows-1252": OPEN.replaceAll("—", "â\ufffd\ufffd"),
    "<strong> instead of **": OPEN.replace(/\*\*(.*?)\*\*/g, "<strong>$1</strong>"),
    "lower-case tag and verb": OPEN.replace("[RECORDER] OPEN", "[recorder] open"),
    "timestamp prefix": `2025-11-24 09:31:05 ${OPEN}`,
    "sentence full stop": `${OPEN}.`,
  };
  for (const [name, line] of Object.entries(variants)) {
    it(name, () => {
      expect(fieldsOf(line)).toEqual(expected);
    });
  }

  it("for every garbling of a formatted line", () => {
    fc.assert(
      fc.property(logLineFields, fc.constantFrom(...GARBLINGS), (f, how) => {
        expect(fieldsOf(garble(formatLogLine(f), how))).toEqual(f);
      }),
      { numRuns: 300 },
    );
  });

  it("and repairs the display text of lines garbled without loss", () => {
    fc.assert(
      fc.property(
        logLineFields,
        fc.constantFrom(...GARBLINGS.filter((g) => g !== "windows-1252")),
        (f, how) => {
          const line = formatLogLine(f);
          const garbled = parseLogLine(garble(line, how)) as LogLine;
          expect(garbled.text).toBe((parseLogLine(line) as LogLine).text);
          expect(garbled.raw).toBe(garble(line, how));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("formatLogLine", () => {
  it("writes the spec's OPEN and Cleared lines exactly", () => {
    expect(
      formatLogLine({
        tag: "RECORDER",
        verb: "OPEN",
        strategy: "ROG-15SV",
        ticker: "NQ1!",
        timeframe: "15",
        qty: 1,
        side: "BUY",
        priceText: "24958.5",
      }),
    ).toBe(OPEN);
    expect(
      formatLogLine({
        tag: "AUTO",
        verb: "CLEARED",
        side: "BUY",
        strategy: "SNAKE",
        ticker: "NQ1!",
        timeframe: "5",
      }),
    ).toBe("🧹 **[AUTO]** — Cleared **BUY** from **SNAKE**, **NQ1!**, **5**");
  });

  it("ends a CLOSE line with the spec's `Closed at **<price>**`", () => {
    const line = formatLogLine({ tag: "RECORDER", verb: "CLOSE", priceText: "24959.0" });
    expect(line.endsWith("Closed at **24959.0**")).toBe(true);
  });

  it("parse(format(f)) gives f back", () => {
    fc.assert(
      fc.property(logLineFields, (f) => {
        const line = formatLogLine(f);
        expect(fieldsOf(line)).toEqual(f);
        const parsed = parseLogLine(line) as LogLine;
        expect(parsed.raw).toBe(line);
        expect(parsed.price).toBe(f.priceText === undefined ? undefined : Number(f.priceText));
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseLogLine says why it does not recognise a line", () => {
  const cases: Array<[string, string]> = [
    ["", "no [RECORDER], [AUTO] or [TRADER] tag"],
    ["OPEN — Strategy: **X** — **1 BUY** at **5**", "no [RECORDER], [AUTO] or [TRADER] tag"],
    ["[RECORDER]", "no verb after [RECORDER]"],
    ["[RECORDER] — 123 !!!", "no verb after [RECORDER]"],
    [
      "📊 [TRADER] REVERSE — Strategy: **X**",
      '[TRADER] is followed by "REVERSE", not OPEN, CLOSE, ADD, TRIM or Cleared',
    ],
    ["[RECORDERS] OPEN", "no [RECORDER], [AUTO] or [TRADER] tag"],
  ];
  for (const [line, why] of cases) {
    it(JSON.stringify(line), () => {
      expect(parseLogLine(line)).toEqual({ kind: "unrecognised", raw: line, why });
    });
  }

  it("cuts a long unknown verb short in the reason", () => {
    const r = parseLogLine(`[AUTO] ${"X".repeat(500)}`);
    expect(r.kind === "unrecognised" && r.why.length < 120).toBe(true);
  });

  it("does not throw on a non-string", () => {
    expect(parseLogLine(undefined as unknown as string)).toMatchObject({ kind: "unrecognised" });
  });
});

describe("parseLogLine is total", () => {
  function checkResult(line: string) {
    const r = parseLogLine(line);
    expect(r.raw).toBe(line);
    if (r.kind === "unrecognised") expect(r.why.length).toBeGreaterThan(0);
    else expect(["RECORDER", "AUTO", "TRADER"]).toContain(r.tag);
  }

  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), checkResult), {
      numRuns: 300,
    });
  });

  it("on strings made of the grammar's own pieces", () => {
    const piece = fc.constantFrom(
      "[RECORDER]",
      "[AUTO]",
      "[TRADER]",
      "OPEN",
      "Cleared",
      "CLOSE",
      "Strategy:",
      "Ticker:",
      "Timeframe:",
      "from",
      "**",
      ",",
      " ",
      " — ",
      "1 BUY",
      "SELL",
      "at",
      "Closed at",
      "24958.5",
      "-",
      ".",
      "<strong>",
      "&amp;",
      "📊",
      "üìä",
      "â€”",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (parts) => checkResult(parts.join(""))),
      { numRuns: 500 },
    );
  });

  it("on formatted lines with random edits", () => {
    const edited = fc
      .tuple(logLineFields, fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 4 }))
      .map(([f, at, del, ins]) => {
        const line = formatLogLine(f);
        const i = at % (line.length + 1);
        return line.slice(0, i) + ins + line.slice(i + del);
      });
    fc.assert(fc.property(edited, checkResult), { numRuns: 300 });
  });
});

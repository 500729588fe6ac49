/** The small readers of the scenario runner never throw, whatever a server sends. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { receivedKinds } from "../../src/scenario/kinds.js";
import { formatJunit, xmlEscape } from "../../src/scenario/report.js";
import { responseOf } from "../../src/scenario/steps.js";

describe("receivedKinds", () => {
  test("names Tradovate frames and messages", () => {
    expect(receivedKinds("tradovate", "o")).toEqual(["open"]);
    expect(receivedKinds("tradovate", "h")).toEqual(["heartbeat"]);
    expect(receivedKinds("tradovate", 'c[1000,"bye"]')).toEqual(["close-frame"]);
    expect(
      receivedKinds(
        "tradovate",
        'a[{"s":200,"i":1},{"e":"props","d":{"entityType":"fill","eventType":"Created","entity":{"id":1}}}]',
      ),
    ).toEqual(["response", "props", "props:fill"]);
    expect(receivedKinds("tradovate", "a[oops")).toEqual(["unrecognised"]);
  });

  test("names Trade Manager messages", () => {
    expect(receivedKinds("trademanager", '{"type":"LOGS","data":"x"}')).toEqual(["LOGS"]);
    expect(receivedKinds("trademanager", "not json")).toEqual(["unrecognised"]);
  });

  test("never throws and always names at least one kind", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("tradovate" as const, "trademanager" as const),
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => `a${JSON.stringify([v])}`),
        ),
        (proto, text) => {
          expect(receivedKinds(proto, text).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("responseOf", () => {
  test("reads status and the error text in Tradovate's shapes", () => {
    expect(responseOf('a[{"s":404,"i":3,"d":"\\"Not found: x/y\\""}]')).toEqual({
      status: 404,
      error: "Not found: x/y",
    });
    expect(responseOf('a[{"s":200,"i":3,"d":{"errorText":"no"}}]')).toEqual({
      status: 200,
      error: "no",
    });
    expect(responseOf('a[{"s":200,"i":3,"d":{}}]')).toEqual({ status: 200 });
  });

  test("never throws", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => `a${JSON.stringify(v)}`),
        ),
        (t) => {
          responseOf(t);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("JUnit XML", () => {
  const xmlUnescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&gt;/g, ">")
      .replace(/&lt;/g, "<")
      .replace(/&amp;/g, "&");

  test("escaping round-trips text XML can carry and leaves no markup characters", () => {
    const xmlText = fc.string({ unit: "grapheme" }).filter((s) => !/[\u0000-\u001f]/.test(s));
    fc.assert(
      fc.property(xmlText, (s) => {
        const e = xmlEscape(s);
        expect(e).not.toMatch(/[<>"]|&(?!amp;|lt;|gt;|quot;)/);
        expect(xmlUnescape(e)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  test("a failure carries every difference; names with markup stay one attribute", () => {
    const xml = formatJunit([
      {
        name: 'a<b>&"c"',
        file: "f.json",
        passed: false,
        differences: ["x: expected <1>, got 2", "y"],
        ms: 5,
      },
    ]);
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&quot;"');
    expect(xml).toContain(
      '<failure message="x: expected &lt;1&gt;, got 2">x: expected &lt;1&gt;, got 2\ny</failure>',
    );
  });
});

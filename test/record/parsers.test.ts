/** The recorder's small parsers: .env, backoff, --rotate/--duration, --chart. Properties first. */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadEnv, parseDotEnv, requireEnv } from "../../src/live/env.js";
import { mdRequests, parseChart } from "../../src/protocols/tradovate/live/md-requests.js";
import { backoffDelay, DEFAULT_BACKOFF, seededRandom } from "../../src/record/backoff.js";
import { parseDuration, parseRotate } from "../../src/record/rotate.js";

const NAME = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);

describe(".env", () => {
  test("reads the usual forms", () => {
    const env = parseDotEnv(
      [
        "# credentials",
        "TRADOVATE_USERNAME=alice",
        "export TRADOVATE_PASSWORD='p@ss word#1'",
        'TRADOVATE_SEC="a\\"b\\nc"',
        "TRADOVATE_CID = 8123 # trailing comment",
        "not an assignment",
        "",
        "EMPTY=",
      ].join("\r\n"),
    );
    expect(env).toEqual({
      TRADOVATE_USERNAME: "alice",
      TRADOVATE_PASSWORD: "p@ss word#1",
      TRADOVATE_SEC: 'a"b\nc',
      TRADOVATE_CID: "8123",
      EMPTY: "",
    });
  });

  test("property: never throws on any text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 200 }),
        (text) => typeof parseDotEnv(text) === "object",
      ),
    );
  });

  test("property: single-quoted values without quotes or newlines come back exactly", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          NAME,
          fc.string().filter((v) => !/['\r\n]/.test(v)),
        ),
        (vars) => {
          const text = Object.entries(vars)
            .map(([k, v]) => `${k}='${v}'`)
            .join("\n");
          expect(parseDotEnv(text)).toEqual({ ...vars });
        },
      ),
    );
  });

  test("the environment wins over the file; a missing file is fine; missing names are listed", () => {
    const get = loadEnv({ env: { A: "from-env", B: "" }, dotEnvPath: "/nonexistent/.env" });
    expect(get("A")).toBe("from-env");
    expect(get("B")).toBeUndefined();
    const err = (() => {
      try {
        requireEnv(get, ["A", "B", "C"], "record x");
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err?.message).toBe("record x needs B, C in the environment or in .env (never as flags)");
  });
});

describe("backoff", () => {
  test("property: integer delays within [(1-jitter) * cap, cap] where cap = min(max, base*2^n)", () => {
    fc.assert(
      fc.property(fc.nat(100), fc.integer(), (attempt, seed) => {
        const r = seededRandom(seed);
        const d = backoffDelay(attempt, r);
        const cap = Math.min(
          DEFAULT_BACKOFF.maxMs,
          DEFAULT_BACKOFF.baseMs * 2 ** Math.min(attempt, 60),
        );
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(Math.floor(cap * (1 - DEFAULT_BACKOFF.jitter)));
        expect(d).toBeLessThanOrEqual(cap);
      }),
    );
  });

  test("the same seed gives the same delays; jitter spreads them", () => {
    const a = Array.from({ length: 8 }, (_, i) => backoffDelay(i, seededRandom(42)));
    const b = Array.from({ length: 8 }, (_, i) => backoffDelay(i, seededRandom(42)));
    expect(a).toEqual(b);
    const r = seededRandom(7);
    const firsts = new Set(Array.from({ length: 20 }, () => backoffDelay(0, r)));
    expect(firsts.size).toBeGreaterThan(1);
  });
});

describe("--rotate and --duration", () => {
  test("sizes and times", () => {
    expect(parseRotate("500MB")).toEqual({ bytes: 500_000_000 });
    expect(parseRotate("1GiB")).toEqual({ bytes: 1024 ** 3 });
    expect(parseRotate("1h")).toEqual({ ms: 3_600_000 });
    expect(parseRotate("90m")).toEqual({ ms: 5_400_000 });
    expect(() => parseRotate("soon")).toThrow(/--rotate: expected a size/);
    expect(() => parseRotate("0MB")).toThrow(InputError);
    expect(parseDuration("duration", "90")).toBe(90_000);
    expect(parseDuration("duration", "15m")).toBe(900_000);
    expect(() => parseDuration("duration", "-1s")).toThrow(/--duration/);
  });

  test("property: totality: any text is a spec or an InputError", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const f of [() => parseRotate(text), () => parseDuration("d", text)]) {
          try {
            f();
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
          }
        }
      }),
    );
  });
});

describe("--chart and the md requests", () => {
  test("chart specs", () => {
    expect(parseChart("1m")).toEqual({ underlyingType: "MinuteBar", elementSize: 1 });
    expect(parseChart("1h")).toEqual({ underlyingType: "MinuteBar", elementSize: 60 });
    expect(parseChart("1d")).toEqual({ underlyingType: "DailyBar", elementSize: 1 });
    expect(parseChart("tick")).toEqual({ underlyingType: "Tick", elementSize: 1 });
    expect(parseChart("100t")).toEqual({ underlyingType: "Tick", elementSize: 100 });
    expect(() => parseChart("weekly")).toThrow(/--chart/);
  });

  test("requests per symbol come in client order, with the chart body Tradovate expects", () => {
    const reqs = mdRequests("ESZ5", {
      quotes: true,
      dom: true,
      histogram: true,
      chart: { underlyingType: "MinuteBar", elementSize: 1 },
      chartBars: 2,
    });
    expect(reqs.map((r) => r.endpoint)).toEqual([
      "md/subscribeQuote",
      "md/subscribeDOM",
      "md/subscribeHistogram",
      "md/getChart",
    ]);
    expect(reqs[3]!.body).toEqual({
      symbol: "ESZ5",
      chartDescription: {
        underlyingType: "MinuteBar",
        elementSize: 1,
        elementSizeUnit: "UnderlyingUnits",
      },
      timeRange: { asMuchAsElements: 2 },
    });
    expect(
      mdRequests("ESZ5", { quotes: false, dom: false, histogram: false, chartBars: 1 }),
    ).toEqual([]);
  });
});

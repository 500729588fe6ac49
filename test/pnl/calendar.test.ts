import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import {
  dayNumber,
  expiryDay,
  frontMonth,
  isoDay,
  rollDay,
  toDayNumber,
} from "../../src/pnl/calendar.js";
import { DEFAULT_CONTRACTS } from "../../src/pnl/contracts.js";
import { rootArb } from "./arbitraries.js";

const spec = (root: string) => DEFAULT_CONTRACTS.get(root)!;

describe("expiry rules (weekdays only; holidays are not modelled)", () => {
  test.each([
    ["thirdFriday", 2025, 12, "2025-12-19"],
    ["thirdFriday", 2026, 3, "2026-03-20"],
    ["thirdFriday", 2026, 5, "2026-05-15"], // the 1st is a Friday
    ["fx", 2025, 12, "2025-12-15"], // Monday before the 17 Dec third Wednesday
    ["firstNotice", 2026, 3, "2026-02-27"],
    ["firstNotice", 2025, 12, "2025-11-28"],
    ["firstNotice", 2026, 6, "2026-05-29"], // 31 May 2026 is a Sunday
    ["crude", 2025, 12, "2025-11-20"], // 25 Nov is a Tuesday: three business days before
    ["crude", 2026, 2, "2026-01-20"], // 25 Jan is a Sunday: four business days before
    ["crude", 2026, 1, "2025-12-22"], // (the exchange says 19 Dec: Christmas is a holiday)
    ["microCrude", 2025, 12, "2025-11-19"],
    ["lastFriday", 2025, 11, "2025-11-28"],
    ["lastFriday", 2026, 1, "2026-01-30"],
  ] as const)("%s %s-%s expires %s", (rule, year, month, iso) => {
    expect(isoDay(expiryDay(rule, year, month))).toBe(iso);
  });

  test("index futures roll 8 days before expiry: the second Thursday", () => {
    expect(isoDay(rollDay(spec("NQ"), 2025, 12))).toBe("2025-12-11");
    expect(new Date(`${isoDay(rollDay(spec("ES"), 2026, 3))}T00:00:00Z`).getUTCDay()).toBe(4);
  });
});

describe("frontMonth", () => {
  const month = (root: string, date: string, n = 1) => {
    const m = frontMonth(spec(root), date, n);
    return `${m.root} ${m.year}-${String(m.month).padStart(2, "0")}`;
  };

  test("NQ: December until the roll on 11 Dec 2025, then March", () => {
    expect(month("NQ", "2025-11-25")).toBe("NQ 2025-12");
    expect(month("NQ", "2025-11-25", 2)).toBe("NQ 2026-03");
    expect(month("NQ", "2025-12-10T23:59:59Z")).toBe("NQ 2025-12");
    expect(month("NQ", "2025-12-11")).toBe("NQ 2026-03");
    expect(month("NQ", "2025-12-20")).toBe("NQ 2026-03");
  });

  test("CL: January on 25 Nov 2025 (December expired on the 20th); GC rolls before first notice", () => {
    expect(month("CL", "2025-11-25")).toBe("CL 2026-01");
    expect(month("CL", "2025-11-16")).toBe("CL 2025-12");
    expect(month("GC", "2025-11-24")).toBe("GC 2025-12");
    expect(month("GC", "2025-11-25")).toBe("GC 2026-02");
    expect(month("SI", "2026-01-10")).toBe("SI 2026-03");
  });

  test("crypto lists every month: BTC on 2025-11-25 is December (November rolled on the 23rd)", () => {
    expect(month("BTC", "2025-11-25")).toBe("BTC 2025-12");
    expect(month("MET", "2025-11-22")).toBe("MET 2025-11");
  });

  test("takes a root name too; an unknown one is an InputError", () => {
    expect(frontMonth("nq", "2025-11-25")).toEqual({ root: "NQ", year: 2025, month: 12 });
    expect(() => frontMonth("XYZ", "2025-11-25")).toThrow(
      /frontMonth: unknown contract root "XYZ"/,
    );
  });

  test("accepts Date, ISO text and epoch ms alike; rejects what is not a date", () => {
    const a = frontMonth(spec("ES"), new Date("2025-11-25T12:00:00Z"));
    expect(frontMonth(spec("ES"), Date.parse("2025-11-25T12:00:00Z"))).toEqual(a);
    expect(frontMonth(spec("ES"), "2025-11-25")).toEqual(a);
    expect(() => toDayNumber("not a date")).toThrow(InputError);
    expect(() => frontMonth(spec("ES"), "2025-11-25", 0)).toThrow(InputError);
  });

  test("a root with no listed months (only a tape knew it) cannot be resolved: InputError", () => {
    const t = DEFAULT_CONTRACTS.withProduct({ name: "ZZZ", tickSize: 1, valuePerPoint: 1 });
    expect(() => frontMonth(t.get("ZZZ")!, "2025-11-25")).toThrow(/no listed months/);
  });

  const dayArb = fc.integer({ min: dayNumber(2000, 1, 1), max: dayNumber(2060, 12, 31) });
  const iso = (d: number) => `${isoDay(d)}T00:00:00Z`;

  test("property: the n-th month is listed, has not rolled, and the months before it have", () => {
    fc.assert(
      fc.property(rootArb, dayArb, fc.integer({ min: 1, max: 4 }), (root, day, n) => {
        const s = spec(root);
        const m = frontMonth(s, iso(day), n);
        expect(s.months).toContain(m.month);
        expect(rollDay(s, m.year, m.month)).toBeGreaterThan(day);
        const next = frontMonth(s, iso(day), n + 1);
        expect(next.year * 12 + next.month).toBeGreaterThan(m.year * 12 + m.month);
        if (n === 1) {
          // The listed month just before the front has rolled already.
          const idx = s.months!.indexOf(m.month);
          const prevMonth = s.months![(idx - 1 + s.months!.length) % s.months!.length]!;
          const prevYear = prevMonth < m.month ? m.year : m.year - 1;
          expect(rollDay(s, prevYear, prevMonth)).toBeLessThanOrEqual(day);
        }
      }),
    );
  });

  test("property: the front month never goes back in time as the date moves forward", () => {
    fc.assert(
      fc.property(rootArb, dayArb, fc.integer({ min: 0, max: 400 }), (root, day, later) => {
        const a = frontMonth(spec(root), iso(day));
        const b = frontMonth(spec(root), iso(day + later));
        expect(b.year * 12 + b.month).toBeGreaterThanOrEqual(a.year * 12 + a.month);
      }),
    );
  });
});

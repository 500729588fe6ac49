import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type ChartPacket,
  chartPacketKind,
  decodeTickPacket,
  isBarPacket,
  isTickPacket,
  packTicks,
  parseChartPayload,
  parseChartSubscription,
  type TickPacket,
  ticksToPrice,
} from "../../../src/protocols/tradovate/index.js";
import { tickPacketArgs, tickSize } from "./arbitraries.js";
import { testProp } from "./prop.js";

/**
 * The exact decimal of ticks * tickSize, from the tick size's decimal text, by BigInt
 * arithmetic: the reference ticksToPrice must match after one rounding to a double.
 */
function exactPrice(ticks: number, size: number): number {
  const [digits, frac = ""] = String(size).split(".");
  const scale = frac.length;
  const product = BigInt(ticks) * BigInt(`${digits}${frac}`);
  const sign = product < 0n ? "-" : "";
  const abs = (product < 0n ? -product : product).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? abs : `${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
  return Number(`${sign}${text}`);
}

describe("ticksToPrice", () => {
  test.each([
    [11917, 0.25, 2979.25],
    [7145, 0.01, 71.45],
    [7112, 0.01, 71.12],
    [3, 0.1, 0.3],
    [7073, 0.015625, 110.515625],
    [21802, 0.00005, 1.0901],
    [13450, 5, 67250],
  ])("%i ticks of %d is %d", (ticks, size, price) => {
    expect(ticksToPrice(ticks, size)).toBe(price);
  });

  test("where plain multiplication drifts, ticksToPrice does not", () => {
    expect(3 * 0.1).not.toBe(0.3);
    expect(ticksToPrice(3, 0.1)).toBe(0.3);
  });

  testProp([fc.integer({ min: -100_000_000, max: 100_000_000 }), tickSize])(
    "is the correctly rounded exact decimal for every tick size of the contract table",
    (ticks, size) => {
      expect(ticksToPrice(ticks, size)).toBe(exactPrice(ticks, size));
    },
  );

  test("tick sizes written with an exponent work too", () => {
    expect(String(5e-7)).toBe("5e-7");
    expect(ticksToPrice(3, 5e-7)).toBe(0.0000015);
    expect(ticksToPrice(3, 1e21)).toBe(3e21);
  });
});

describe("decodeTickPacket", () => {
  const base: TickPacket = { id: 31, bp: 100, bt: 1_000, ts: 0.25, tks: [] };

  test("bid and ask come only with their sizes (spec §5)", () => {
    const [noSizes, bidOnly, askOnly, sizeWithoutPrice] = decodeTickPacket({
      ...base,
      tks: [
        { t: 0, p: 0, s: 1, b: -1, a: 1, id: 1 },
        { t: 5, p: 1, s: 2, b: -1, bs: 10, id: 2 },
        { t: 9, p: -2, s: 3, a: 4, as: 7, id: 3 },
        { t: 9, p: -2, s: 3, bs: 4, id: 4 },
      ],
    });
    expect(noSizes).toEqual({ id: 1, time: 1_000, priceTicks: 100, price: 25, size: 1 });
    expect(bidOnly).toEqual({
      id: 2,
      time: 1_005,
      priceTicks: 101,
      price: 25.25,
      size: 2,
      bidTicks: 99,
      bid: 24.75,
      bidSize: 10,
    });
    expect(askOnly).toEqual({
      id: 3,
      time: 1_009,
      priceTicks: 98,
      price: 24.5,
      size: 3,
      askTicks: 104,
      ask: 26,
      askSize: 7,
    });
    expect(sizeWithoutPrice).not.toHaveProperty("bid");
  });

  testProp([tickPacketArgs])("round trip: decode(pack(ticks)) gives the ticks back", (args) => {
    const { ticks, ...opts } = args;
    const decoded = decodeTickPacket(packTicks(ticks, opts));
    expect(decoded).toHaveLength(ticks.length);
    decoded.forEach((tick, k) => {
      const input = ticks[k]!;
      expect(tick).toMatchObject(input);
      expect(tick.price).toBe(exactPrice(input.priceTicks, opts.ts));
      if (input.bidTicks !== undefined) expect(tick.bid).toBe(exactPrice(input.bidTicks, opts.ts));
      if (input.askTicks !== undefined) expect(tick.ask).toBe(exactPrice(input.askTicks, opts.ts));
      expect(Object.keys(tick).sort()).toEqual(
        [
          ...Object.keys(input),
          "price",
          ...(input.bidTicks !== undefined ? ["bid"] : []),
          ...(input.askTicks !== undefined ? ["ask"] : []),
        ].sort(),
      );
    });
  });

  testProp([tickPacketArgs])("packed packets are valid chart payloads", ({ ticks, ...opts }) => {
    const packet = packTicks(ticks, opts);
    expect(parseChartPayload({ charts: [packet] })).toEqual({ charts: [packet] });
    expect(packet.tks[0]).toMatchObject({ t: 0, p: 0 });
  });
});

describe("packTicks", () => {
  test("writes the spec's packet byte for byte", () => {
    const packet = packTicks(
      [
        {
          id: 11768401,
          time: 1563421179735,
          priceTicks: 11917,
          size: 3,
          bidTicks: 11916,
          bidSize: 122.21,
          askTicks: 11917,
          askSize: 28.35,
        },
      ],
      { id: 31, s: "db", td: 20210718, ts: 0.25 },
    );
    expect(JSON.stringify(packet)).toBe(
      '{"id":31,"s":"db","td":20210718,"bp":11917,"bt":1563421179735,"ts":0.25,"tks":[{"t":0,"p":0,"s":3,"b":-1,"a":0,"bs":122.21,"as":28.35,"id":11768401}]}',
    );
  });
});

describe("packets", () => {
  const packets: [ChartPacket, string][] = [
    [{ id: 1, bars: [] }, "bars"],
    [{ id: 1, eoh: true }, "eoh"],
    [{ id: 1, bp: 1, bt: 1, ts: 1, tks: [] }, "ticks"],
  ];
  test.each(packets)("%j is %s", (p, kind) => {
    expect(chartPacketKind(p)).toBe(kind);
    expect(isTickPacket(p)).toBe(kind === "ticks");
    expect(isBarPacket(p)).toBe(kind === "bars");
  });

  test("getChart response ids", () => {
    expect(parseChartSubscription({ historicalId: 32, realtimeId: 31 })).toEqual({
      historicalId: 32,
      realtimeId: 31,
    });
    expect(parseChartSubscription({ historicalId: 32 })).toMatchObject({
      kind: "unrecognised",
      why: 'getChart: missing field "realtimeId"',
    });
    expect(parseChartSubscription("x")).toMatchObject({ kind: "unrecognised" });
  });

  test("a chart payload without charts is unrecognised", () => {
    expect(parseChartPayload({})).toMatchObject({
      kind: "unrecognised",
      raw: "{}",
      why: "chart.charts must be an array, got undefined",
    });
  });
});

/** FillLots: the ledger's FIFO closes become fillPairs of the right fills. */
import { describe, expect, test } from "vitest";
import { ratio } from "../../src/pnl/ratio.js";
import { FillLots } from "../../src/sim/fill-lots.js";

const close = (qty: number, ticks: number) => ({
  qty: BigInt(qty),
  entryTicks: ratio(BigInt(ticks)),
});

describe("FillLots", () => {
  test("a reversal pairs the open lots oldest first and keeps the rest as a new lot", () => {
    const lots = new FillLots();
    expect(lots.fill("Buy", 1, 2, 100, [])).toEqual([]);
    expect(lots.fill("Buy", 2, 1, 104, [])).toEqual([]);
    // Sell 4: closes 2 @ 100 and 1 @ 104, opens 1 short.
    expect(lots.fill("Sell", 3, 4, 110, [close(2, 100), close(1, 104)])).toEqual([
      { buyFillId: 1, sellFillId: 3, qty: 2, buyTicks: 100, sellTicks: 110 },
      { buyFillId: 2, sellFillId: 3, qty: 1, buyTicks: 104, sellTicks: 110 },
    ]);
    expect(lots.open()).toEqual([[3, 1, 110]]);
    // Buying back pairs the buy with the short lot.
    expect(lots.fill("Buy", 4, 1, 108, [close(1, 110)])).toEqual([
      { buyFillId: 4, sellFillId: 3, qty: 1, buyTicks: 108, sellTicks: 110 },
    ]);
    expect(lots.open()).toEqual([]);
  });

  test("a close the lots cannot match is a bug and throws", () => {
    const lots = new FillLots();
    lots.fill("Buy", 1, 1, 100, []);
    expect(() => lots.fill("Sell", 2, 1, 101, [close(1, 99)])).toThrow(/out of step/);
    expect(() => new FillLots().fill("Sell", 2, 1, 101, [close(1, 100)])).toThrow(/out of step/);
  });
});

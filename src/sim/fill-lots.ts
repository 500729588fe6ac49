/**
 * The open lots of one position with the fills they came from: what Tradovate's fillPairs
 * name. The P&L ledger decides what a fill closes (FIFO); this only remembers which fill ids
 * those lots were, so each closed piece becomes a fillPair of a buy fill and a sell fill.
 */
import type { Ratio } from "../pnl/ratio.js";
import type { Action } from "../protocols/tradovate/index.js";

/** One closed piece: the buy and sell fill it pairs, its quantity and both prices in ticks. */
export interface FillPairPiece {
  readonly buyFillId: number;
  readonly sellFillId: number;
  readonly qty: number;
  readonly buyTicks: number;
  readonly sellTicks: number;
}

interface Lot {
  readonly fillId: number;
  qty: number;
  readonly ticks: number;
}

/** FIFO lots of one position, by fill. */
export class FillLots {
  readonly #lots: Lot[] = [];

  /**
   * Applies a fill: pairs the ledger's `closes` (in FIFO order) with the oldest lots, then
   * keeps what the fill opened as a new lot. A close the lots cannot match (quantity or price)
   * means the two books went out of step, a bug: it throws.
   */
  fill(
    action: Action,
    fillId: number,
    qty: number,
    fillTicks: number,
    closes: ReadonlyArray<{ readonly qty: bigint; readonly entryTicks: Ratio }>,
  ): FillPairPiece[] {
    const pieces: FillPairPiece[] = [];
    const buying = action === "Buy";
    let closed = 0;
    for (const c of closes) {
      const lot = this.#lots[0];
      const take = Number(c.qty);
      if (
        lot === undefined ||
        lot.qty < take ||
        BigInt(lot.ticks) * c.entryTicks.den !== c.entryTicks.num
      ) {
        throw new Error(`FIFO lots out of step with the ledger at fill ${fillId}`);
      }
      pieces.push({
        buyFillId: buying ? fillId : lot.fillId,
        sellFillId: buying ? lot.fillId : fillId,
        qty: take,
        buyTicks: buying ? fillTicks : lot.ticks,
        sellTicks: buying ? lot.ticks : fillTicks,
      });
      lot.qty -= take;
      closed += take;
      if (lot.qty === 0) this.#lots.shift();
    }
    if (qty > closed) this.#lots.push({ fillId, qty: qty - closed, ticks: fillTicks });
    return pieces;
  }

  /** The open lots, oldest first, as [fill id, qty, ticks]. */
  open(): Array<[number, number, number]> {
    return this.#lots.map((l) => [l.fillId, l.qty, l.ticks]);
  }
}

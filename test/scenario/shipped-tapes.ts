/**
 * The tapes the shipped scenarios replay, built from exact fills and quotes so every expected
 * figure in scenarios/*.json can be worked out by hand (the scenario descriptions show the
 * arithmetic). `node --import tsx test/scenario/write-tapes.ts` writes them to scenarios/tapes/;
 * test/scenario/tapes.test.ts checks the committed files equal a fresh build.
 */
import { garble } from "../../src/protocols/trademanager/mojibake.js";
import { type ContractDef, recorderLine, TapeBuilder } from "./tape-builder.js";

const START = "2026-11-20T14:30:00.000000Z";
export const ES: ContractDef = { id: 3748056, name: "ESZ6" };
export const NQ: ContractDef = { id: 3748131, name: "NQZ6" };
export const MNQ: ContractDef = { id: 3748210, name: "MNQZ6" };
export const MCL: ContractDef = { id: 3748350, name: "MCLF7" };
export const ZN: ContractDef = { id: 3748420, name: "ZNH7" };

/** Trading and md sockets for one contract; fills and quotes at the given seconds. */
function futures(
  id: string,
  k: ContractDef,
  script: Array<
    | { s: number; fill: { id: number; action: "Buy" | "Sell"; qty: number; price: number } }
    | { s: number; quote: { bid?: number; ask?: number; last?: number } }
  >,
): TapeBuilder {
  const b = new TapeBuilder(id, START, id);
  b.at(100);
  const trading = b.trading([k]);
  const md = b.md([k]);
  for (const item of script) {
    b.at(1000 + item.s * 1000);
    if ("fill" in item) b.fill(trading, { ...item.fill, contractId: k.id });
    else b.quote(md, { contractId: k.id, ...item.quote });
  }
  return b;
}

/** ES: long 2 closed 2.5 points up, then long 1 open; the last quote is bid 6704 / ask 6704.25. */
function esLong(): TapeBuilder {
  return futures("es-long", ES, [
    { s: 0, quote: { bid: 6699.75, ask: 6700, last: 6700 } },
    { s: 1, fill: { id: 5001, action: "Buy", qty: 2, price: 6700 } },
    { s: 2, quote: { bid: 6702.5, ask: 6702.75, last: 6702.5 } },
    { s: 3, fill: { id: 5002, action: "Sell", qty: 2, price: 6702.5 } },
    { s: 4, fill: { id: 5003, action: "Buy", qty: 1, price: 6703 } },
    { s: 5, quote: { bid: 6704, ask: 6704.25, last: 6704.5 } },
  ]);
}

/** NQ: short 1 at 21000, bought back at 21010.25. */
function nqShort(): TapeBuilder {
  return futures("nq-short", NQ, [
    { s: 0, quote: { bid: 20999.75, ask: 21000, last: 21000 } },
    { s: 1, fill: { id: 6001, action: "Sell", qty: 1, price: 21000 } },
    { s: 2, quote: { bid: 21010, ask: 21010.25, last: 21010.25 } },
    { s: 3, fill: { id: 6002, action: "Buy", qty: 1, price: 21010.25 } },
  ]);
}

/** MNQ: buy 1 at 21000, buy 2 at 21010, sell 2 at 21020; 1 left open; bid 21015. */
function mnqScale(): TapeBuilder {
  return futures("mnq-scale", MNQ, [
    { s: 1, fill: { id: 7001, action: "Buy", qty: 1, price: 21000 } },
    { s: 2, fill: { id: 7002, action: "Buy", qty: 2, price: 21010 } },
    { s: 3, fill: { id: 7003, action: "Sell", qty: 2, price: 21020 } },
    { s: 4, quote: { bid: 21015, ask: 21015.25, last: 21015 } },
  ]);
}

/** ES: long 1 at 6700, sell 3 at 6705 (short 2); ask 6704. */
function esReversal(): TapeBuilder {
  return futures("es-reversal", ES, [
    { s: 1, fill: { id: 8001, action: "Buy", qty: 1, price: 6700 } },
    { s: 2, fill: { id: 8002, action: "Sell", qty: 3, price: 6705 } },
    { s: 3, quote: { bid: 6703.75, ask: 6704, last: 6704 } },
  ]);
}

/** MCL: buy 3 at 71.12, sell 3 at 71.45. */
function mclFees(): TapeBuilder {
  return futures("mcl-fees", MCL, [
    { s: 1, fill: { id: 9001, action: "Buy", qty: 3, price: 71.12 } },
    { s: 2, fill: { id: 9002, action: "Sell", qty: 3, price: 71.45 } },
  ]);
}

/** ZN: buy 2 at 110-16 (110.5), sell 1 at 110-18.5 (110.578125); bid 110-17 (110.53125). */
function zn32nds(): TapeBuilder {
  return futures("zn-32nds", ZN, [
    { s: 1, fill: { id: 9101, action: "Buy", qty: 2, price: 110.5 } },
    { s: 2, fill: { id: 9102, action: "Sell", qty: 1, price: 110.578125 } },
    { s: 3, quote: { bid: 110.53125, ask: 110.546875, last: 110.53125 } },
  ]);
}

/** ES round trips ending flat, many fills: for reconnects, duplicates and reordering. */
function esFlat(): TapeBuilder {
  const script: Parameters<typeof futures>[2] = [];
  let id = 9201;
  for (let k = 0; k < 6; k++) {
    const p = 6700 + k;
    script.push({ s: k * 4 + 1, fill: { id: id++, action: "Buy", qty: 1, price: p } });
    script.push({ s: k * 4 + 2, quote: { bid: p + 0.75, ask: p + 1, last: p + 1 } });
    script.push({ s: k * 4 + 3, fill: { id: id++, action: "Sell", qty: 1, price: p + 1.25 } });
  }
  return futures("es-flat", ES, script);
}

/**
 * ES round trips; the trading socket drops after fill 9208 and the recorded client reconnects:
 * the new sync snapshot lists the 8 fills so far, then fills 9209..9212 follow.
 */
function esReconnect(): TapeBuilder {
  const b = new TapeBuilder("es-reconnect", START, "es-reconnect");
  b.at(100);
  let trading = b.trading([ES]);
  const md = b.md([ES]);
  const ids: number[] = [];
  for (let k = 0; k < 6; k++) {
    const p = 6700 + k;
    if (k === 4) {
      b.at(1000 + k * 4000 - 500);
      b.close(trading, "server", 1006);
      b.gap(trading, "trading socket dropped; reconnected");
      trading = b.trading([ES], ids);
    }
    b.at(1000 + k * 4000 + 1000);
    b.fill(trading, { id: 9201 + 2 * k, contractId: ES.id, action: "Buy", qty: 1, price: p });
    b.at(1000 + k * 4000 + 2000);
    b.quote(md, { contractId: ES.id, bid: p + 0.75, ask: p + 1, last: p + 1 });
    b.at(1000 + k * 4000 + 3000);
    b.fill(trading, {
      id: 9202 + 2 * k,
      contractId: ES.id,
      action: "Sell",
      qty: 1,
      price: p + 1.25,
    });
    ids.push(9201 + 2 * k, 9202 + 2 * k);
  }
  return b;
}

/** ES long 1, then Tradovate announces a shutdown and closes the trading socket. */
function esShutdown(): TapeBuilder {
  const b = futures("es-shutdown", ES, [
    { s: 1, fill: { id: 9301, action: "Buy", qty: 1, price: 6700 } },
    { s: 2, quote: { bid: 6701, ask: 6701.25, last: 6701 } },
  ]);
  b.at(5000);
  b.shutdown(1, "Maintenance", "Scheduled maintenance");
  b.after(500);
  b.close(1, "server", 1000, "shutdown");
  return b;
}

/** Trade Manager: NEURAL-MOMENTUM opens 2 BUY NQ1! at 24860.25 and closes at 24859.75. */
function tmRoundTrip(garbled = false): TapeBuilder {
  const name = garbled ? "tm-mojibake" : "tm-roundtrip";
  const b = new TapeBuilder(name, START, name);
  b.at(100);
  const c = b.trademanager();
  const line = (text: string) => (garbled ? garble(text, "windows-1252") : text);
  b.at(1000);
  b.tm(c, "DATA", {
    ticker: "NQ1!",
    prices: { bid: 24860, ask: 24860.25 },
    tickinfo: { step: 0.25, amnt: 5 },
  });
  b.at(2000);
  b.tm(c, "LOGS", line(recorderLine("OPEN", "NEURAL-MOMENTUM", "NQ1!", "5", 2, "BUY", "24860.25")));
  b.at(3000);
  b.tm(c, "DATA", { ticker: "NQ1!", prices: { bid: 24859.75, ask: 24860 } });
  b.at(4000);
  b.tm(
    c,
    "LOGS",
    line(recorderLine("CLOSE", "NEURAL-MOMENTUM", "NQ1!", "5", 2, "BUY", "24859.75")),
  );
  return b;
}

/** Trade Manager: a manual trade the recorded client placed, and the log lines that answered it. */
function tmManual(): TapeBuilder {
  const b = new TapeBuilder("tm-manual", START, "tm-manual");
  b.at(100);
  const c = b.trademanager();
  b.at(1000);
  b.tm(c, "DATA", {
    ticker: "ES1!",
    prices: { bid: 6700, ask: 6700.25 },
    tickinfo: { step: 0.25, amnt: 12.5 },
  });
  b.at(2000);
  b.send(
    c,
    '{"type":"MANUALTRADE","user":"tape_reader","token":"«secret:3»","side":"BUY","size":1,"strategy":"MANUAL","ticker":"ES1!"}',
  );
  b.after(150);
  b.tm(c, "LOGS", recorderLine("OPEN", "MANUAL", "ES1!", "1", 1, "BUY", "6700.25"));
  return b;
}

/**
 * The market the simulator scenarios (scenarios/sim-*.json) trade against: ES quotes only, no
 * recorded fills or orders. One quote a second at tape time s + 0.1 ms (s = 1..10), each with
 * bid, ask and last; sizes 5 on both sides except the 3 offered at 1 s. The md subscription's
 * recorded answer is at exactly 0.5 s, so a scenario client that syncs and subscribes starts its
 * clock there: a `{"wait": {"ms": 1000}}` after subscribing places the next order at 1.5 s.
 */
export const ES_SIM_QUOTES: ReadonlyArray<{
  s: number;
  bid: number;
  ask: number;
  last: number;
  askSize?: number;
}> = [
  { s: 1, bid: 6700, ask: 6700.25, last: 6700.25, askSize: 3 },
  { s: 2, bid: 6700.75, ask: 6701, last: 6701 },
  { s: 3, bid: 6701.5, ask: 6701.75, last: 6701.5 },
  { s: 4, bid: 6700.5, ask: 6700.75, last: 6700.75 },
  { s: 5, bid: 6699.75, ask: 6700, last: 6700 },
  { s: 6, bid: 6699.25, ask: 6699.5, last: 6699.5 },
  { s: 7, bid: 6698.5, ask: 6698.75, last: 6698.75 },
  { s: 8, bid: 6700, ask: 6700.25, last: 6700 },
  { s: 9, bid: 6702, ask: 6702.25, last: 6702.25 },
  { s: 10, bid: 6703, ask: 6703.25, last: 6703 },
];

function esSim(): TapeBuilder {
  const b = new TapeBuilder("es-sim", START, "es-sim");
  // Twelve handshake events 0.1 ms apart: the md subscription is answered at 500.0 ms.
  b.at(498.8);
  b.trading([ES]);
  const md = b.md([ES]);
  for (const q of ES_SIM_QUOTES) {
    b.at(q.s * 1000);
    b.quote(md, {
      contractId: ES.id,
      bid: q.bid,
      ask: q.ask,
      last: q.last,
      ...(q.askSize === undefined ? {} : { askSize: q.askSize }),
    });
  }
  return b;
}

/** Every shipped tape by file name. */
export const SHIPPED_TAPES: Readonly<Record<string, () => TapeBuilder>> = {
  "es-long.tape.jsonl": esLong,
  "nq-short.tape.jsonl": nqShort,
  "mnq-scale.tape.jsonl": mnqScale,
  "es-reversal.tape.jsonl": esReversal,
  "mcl-fees.tape.jsonl": mclFees,
  "zn-32nds.tape.jsonl": zn32nds,
  "es-flat.tape.jsonl": esFlat,
  "es-shutdown.tape.jsonl": esShutdown,
  "es-reconnect.tape.jsonl": esReconnect,
  "tm-roundtrip.tape.jsonl": () => tmRoundTrip(false),
  "tm-mojibake.tape.jsonl": () => tmRoundTrip(true),
  "tm-manual.tape.jsonl": tmManual,
  "es-sim.tape.jsonl": esSim,
};

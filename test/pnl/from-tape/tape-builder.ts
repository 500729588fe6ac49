/**
 * Hand-built tapes for the from-tape tests: events numbered and timed like a recorder would,
 * frames encoded with the codecs' own builders (so they are what a real session carries).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  dataMessage,
  encodeTmMessage,
  logsMessage,
  tradesMessage,
} from "../../../src/protocols/trademanager/index.js";
import type { TradeRowWire } from "../../../src/protocols/trademanager/trades.js";
import {
  mdEvent,
  messagesFrame,
  propsEvent,
  response,
} from "../../../src/protocols/tradovate/index.js";
import type { TapeEvent, TapeHeader } from "../../../src/tape/events.js";

export const HEADER: TapeHeader = {
  tape: 1,
  id: "pnl-test",
  started: "2026-11-20T14:30:00.000000Z",
  tool: "tapedeck 0.1.0",
};

export const TRADING = 1;
export const MD = 2;
export const TM = 3;

const DATE = { year: 2026, month: 11, day: 20 };

/** Builds one tape's events in order; `t` advances 1 ms per event. */
export class TapeBuilder {
  readonly events: TapeEvent[] = [];
  #t = 0;

  #push(e: Record<string, unknown>): TapeEvent {
    this.#t += 1000;
    const event = { seq: this.events.length + 1, t: this.#t, ...e } as TapeEvent;
    this.events.push(event);
    return event;
  }

  /** Opens the three usual connections. */
  open(): this {
    this.#push({
      k: "open",
      c: TRADING,
      url: "wss://demo.tradovateapi.com/v1/websocket",
      proto: "tradovate",
      role: "trading",
    });
    this.#push({
      k: "open",
      c: MD,
      url: "wss://md.tradovateapi.com/v1/websocket",
      proto: "tradovate",
      role: "md",
    });
    this.#push({
      k: "open",
      c: TM,
      url: "wss://trademanagergroup.com:5000/ws",
      proto: "trademanager",
      role: "trademanager",
    });
    return this;
  }

  recv(c: number, text: string): TapeEvent {
    return this.#push({ k: "recv", c, text });
  }

  send(c: number, text: string): TapeEvent {
    return this.#push({ k: "send", c, text });
  }

  http(method: string, url: string, body: unknown): TapeEvent {
    return this.#push({
      k: "http",
      method,
      url,
      status: 200,
      ms: 5,
      req: {},
      res: { body: JSON.stringify(body) },
    });
  }

  /** The sync snapshot answer on the trading socket. */
  snapshot(d: Record<string, unknown>, i = 1): TapeEvent {
    this.send(TRADING, `user/syncrequest\n${i}\n\n{"users":[7]}`);
    return this.recv(
      TRADING,
      messagesFrame(response(i, 200, { users: [{ id: 7, name: "alice" }], ...d })),
    );
  }

  /** A props event on the trading socket. */
  props(entityType: string, eventType: string, entity: unknown): TapeEvent {
    return this.recv(TRADING, messagesFrame(propsEvent(entityType, eventType, entity)));
  }

  /** An md quote update on the md socket. */
  quote(contractId: number, entries: Record<string, { price?: number; size?: number }>): TapeEvent {
    const timestamp = "2026-11-20T14:30:01.000Z";
    return this.recv(MD, messagesFrame(mdEvent({ quotes: [{ timestamp, contractId, entries }] })));
  }

  data(
    ticker: string,
    bid: number | string,
    ask: number | string,
    step?: number,
    amnt?: number,
  ): TapeEvent {
    const input = {
      ticker,
      bid,
      ask,
      ...(step === undefined ? {} : { step }),
      ...(amnt === undefined ? {} : { amnt }),
    };
    return this.recv(TM, encodeTmMessage(dataMessage(input)));
  }

  log(line: string): TapeEvent {
    return this.recv(TM, encodeTmMessage(logsMessage(line)));
  }

  trades(rows: TradeRowWire[]): TapeEvent {
    return this.recv(TM, encodeTmMessage(tradesMessage(rows)));
  }

  /** The tape as a file (JSON lines) in `dir`. */
  async write(dir: string, name = "test.tape.jsonl"): Promise<string> {
    const path = join(dir, name);
    const lines = [JSON.stringify(HEADER), ...this.events.map((e) => JSON.stringify(e))];
    await writeFile(path, `${lines.join("\n")}\n`);
    return path;
  }
}

/** Entities of one account (id 11, "DEMO1") trading one contract. */
export const ACCOUNT = { id: 11, name: "DEMO1", userId: 7 };

export function contractSet(
  id: number,
  name: string,
  root: string,
  tickSize: number,
  valuePerPoint: number,
) {
  return {
    contracts: [{ id, name, contractMaturityId: id + 100 }],
    contractMaturities: [
      {
        id: id + 100,
        productId: id + 200,
        expirationMonth: 202612,
        expirationDate: "2026-12-18T14:30:00.000Z",
        isFront: true,
      },
    ],
    products: [{ id: id + 200, name: root, currencyId: 1, valuePerPoint, tickSize }],
  };
}

/** A fill entity. */
export function fill(
  id: number,
  orderId: number,
  contractId: number,
  action: "Buy" | "Sell",
  qty: number,
  price: number,
) {
  return {
    id,
    orderId,
    contractId,
    timestamp: "2026-11-20T14:30:00.000Z",
    tradeDate: DATE,
    action,
    qty,
    price,
    active: true,
    finallyPaired: 0,
  };
}

/** An order entity of ACCOUNT. */
export function order(id: number, contractId: number, action: "Buy" | "Sell") {
  return {
    id,
    accountId: ACCOUNT.id,
    contractId,
    timestamp: "2026-11-20T14:30:00.000Z",
    action,
    ordStatus: "Filled",
    admin: false,
  };
}

/** A position entity of ACCOUNT. */
export function position(
  id: number,
  contractId: number,
  p: {
    netPos: number;
    netPrice?: number;
    bought: number;
    boughtValue: number;
    sold: number;
    soldValue: number;
    prevPos?: number;
    prevPrice?: number;
  },
) {
  const { prevPos = 0, ...rest } = p;
  return {
    id,
    accountId: ACCOUNT.id,
    contractId,
    timestamp: "2026-11-20T14:30:00.000Z",
    tradeDate: DATE,
    prevPos,
    ...rest,
  };
}

/** A cashBalance entity of ACCOUNT. */
export function cashBalance(realizedPnL: number) {
  return {
    id: 5,
    accountId: ACCOUNT.id,
    timestamp: "2026-11-20T14:30:00.000Z",
    tradeDate: DATE,
    currencyId: 1,
    amount: 50000 + realizedPnL,
    realizedPnL,
  };
}

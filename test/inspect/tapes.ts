/**
 * Small tapes for the inspect tests, written with the real tape writer from the protocol
 * fixtures: a Tradovate session (trading + md sockets) and a Trade Manager session.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../src/tape/clock.js";
import type { EventInput } from "../../src/tape/events.js";
import { openTapeWriter } from "../../src/tape/writer.js";
import { frameText, specFrames } from "../protocols/tradovate/spec-fixtures.js";

/** A fixture frame by name (server side, wrapped in a[...] when the spec shows a message). */
export function serverFrame(name: string): string {
  const f = specFrames.server.find((s) => s.name === name);
  if (f === undefined) throw new Error(`no server fixture ${name}`);
  return frameText(f);
}

/** A client fixture frame by name. */
export function clientFrame(name: string): string {
  const f = specFrames.client.find((s) => s.name === name);
  if (f === undefined) throw new Error(`no client fixture ${name}`);
  return f.text;
}

/** Trade Manager fixture frames: direction, expected kind, text. */
export const tmFrames = readFileSync(
  new URL("../fixtures/trademanager/frames.tsv", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((l) => l !== "" && !l.startsWith("#"))
  .map((l) => {
    const [dir, kind, ...rest] = l.split("\t");
    return { dir: dir as "send" | "recv", kind: kind ?? "", text: rest.join("\t") };
  });

/** Writes `events` to `dir/name`, one every `stepUs` microseconds of a manual clock. */
export async function writeTape(
  dir: string,
  name: string,
  events: EventInput[],
  stepUs = 100_000,
  label = name,
): Promise<string> {
  const path = join(dir, name);
  const clock = new ManualClock();
  const w = await openTapeWriter({
    path,
    clock,
    overwrite: true,
    header: { id: name, started: "2026-11-25T14:00:00.000000Z", label },
  });
  for (const e of events) {
    w.write(e);
    clock.advance(stepUs);
  }
  await w.close();
  return path;
}

const TRADING = "wss://demo.tradovateapi.com/v1/websocket";
const MD = "wss://md.tradovateapi.com/v1/websocket";

/** A Tradovate session: authorize, sync, orders and positions on c1; quotes and DOMs on c2. */
export function tradovateSession(): EventInput[] {
  const recv = (c: number, text: string): EventInput => ({ k: "recv", c, text });
  const send = (c: number, text: string): EventInput => ({ k: "send", c, text });
  return [
    { k: "open", c: 1, url: TRADING, proto: "tradovate", role: "trading" },
    recv(1, "o"),
    send(1, clientFrame("authorize")),
    recv(1, serverFrame("authorize ok (no d)")),
    send(1, clientFrame("syncrequest by accounts, split")),
    recv(1, serverFrame("user/syncrequest snapshot")),
    recv(1, serverFrame("order Created")),
    recv(1, serverFrame("fill Created")),
    recv(1, serverFrame("position Created")),
    recv(1, serverFrame("position Updated, flat (no netPrice)")),
    recv(1, serverFrame("position Deleted, entity as array")),
    recv(1, "h"),
    send(1, "[]"),
    { k: "open", c: 2, url: MD, proto: "tradovate", role: "md" },
    recv(2, "o"),
    send(2, clientFrame("subscribeQuote")),
    recv(2, 'a[{"s":200,"i":3,"d":{}}]'),
    recv(2, serverFrame("quote")),
    recv(2, serverFrame("quote")),
    recv(2, serverFrame("dom")),
    recv(2, "a{oops"),
    { k: "gap", c: 2, reason: "upstream dropped; reconnecting", ms: 1500 },
    { k: "close", c: 2, code: 1006, by: "server" },
    { k: "close", c: 1, code: 1000, reason: "Bye", by: "client" },
  ];
}

/** A Trade Manager session: every fixture frame in order, plus one frame that is not JSON. */
export function tradeManagerSession(): EventInput[] {
  return [
    {
      k: "open",
      c: 1,
      url: "wss://trademanagergroup.com:5000/ws",
      proto: "trademanager",
      role: "trademanager",
    },
    ...tmFrames.map((f): EventInput => ({ k: f.dir, c: 1, text: f.text })),
    { k: "recv", c: 1, text: "not json at all" },
    { k: "close", c: 1, code: 1000, by: "server" },
  ];
}

/**
 * Clients that behave like each real client's quirks (spec §2-§3) all succeed against the
 * replay server.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EVENT_KINDS } from "../../src/protocols/tradovate/index.js";
import { type ReplayServer, startReplayServer } from "../../src/replay/server.js";
import { EXPECTED, writeDemoTape } from "./fixture-tape.js";
import { connect, messages, messageTexts } from "./ws-client.js";

let server: ReplayServer;
let batched: ReplayServer;
beforeAll(async () => {
  const tape = join(mkdtempSync(join(tmpdir(), "tapedeck-replay-")), "demo.tape.jsonl");
  writeDemoTape(tape);
  server = await startReplayServer({ tapes: [tape], speed: "max", sessionMode: "connection" });
  batched = await startReplayServer({
    tapes: [tape],
    speed: "max",
    batch: true,
    sessionMode: "connection",
  });
});
afterAll(async () => {
  await server.close();
  await batched.close();
});

const quotesOf = (frames: string[]) => messageTexts(frames).filter((m) => m.includes('"quotes"'));
const allQuotes = (f: string[]) =>
  f.filter((x) => x.includes('"quotes"')).length >= EXPECTED.quotes.length;

describe("real client quirks", () => {
  for (const [name, s] of [
    ["one per frame", () => server],
    ["batch mode", () => batched],
  ] as const) {
    test(`BOT: the authorize answer is the first element of the next a-frame, alone (${name})`, async () => {
      const c = await connect(s().urls.md);
      await c.until((f) => f[0] === "o");
      c.send("authorize\n0\n\ntoken");
      await c.until((f) => f.some((x) => x.startsWith("a[")));
      const first = c.frames.find((x) => x.startsWith("a["))!;
      expect(JSON.parse(first.slice(1))).toEqual([{ s: 200, i: 0 }]);
      c.close();
    });
  }

  test("RS: requests pipelined before `o` arrives; one object per frame", async () => {
    let sentBeforeAnyFrame = false;
    const c = await connect(server.urls.md, {
      onOpen: (ws) => {
        ws.send("authorize\n0\n\ntoken");
        ws.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
        sentBeforeAnyFrame = true;
      },
    });
    expect(sentBeforeAnyFrame).toBe(true);
    await c.until(allQuotes);
    expect(c.frames[0]).toBe("o");
    expect(c.frames[1]).toBe('a[{"s":200,"i":0}]');
    for (const f of c.frames.filter((x) => x.startsWith("a["))) {
      expect(JSON.parse(f.slice(1))).toHaveLength(1);
    }
    expect(quotesOf(c.frames)).toEqual(EXPECTED.quotes);
    c.close();
  });

  test("BOT/JS: literal `undefined` query and body", async () => {
    const c = await connect(server.urls.trading);
    c.send("authorize\n0\nundefined\ntoken");
    c.send(`user/syncrequest\n1\nundefined\n${JSON.stringify({ users: [7] })}`);
    c.send("account/list\n2\nundefined\nundefined");
    await c.until(
      (f) =>
        f.filter((x) => x.includes('"props"')).length === 2 && f.some((x) => x.includes('"i":2')),
    );
    const byId = new Map(
      messages(c.frames)
        .filter(
          (m): m is { i: number; s: number; d: unknown } =>
            typeof m === "object" && m !== null && "i" in m,
        )
        .map((m) => [m.i, m]),
    );
    expect(byId.get(0)).toEqual({ s: 200, i: 0 });
    expect(byId.get(1)?.s).toBe(200);
    expect(byId.get(2)).toEqual({ s: 200, i: 2, d: [expect.objectContaining({ id: 11 })] });
    c.close();
  });

  test("JS/TS: a JSON-quoted token; GO: a token followed by a newline", async () => {
    for (const auth of ['authorize\n0\n\n"quoted-token"', "authorize\n0\n\nplain-token\n"]) {
      const c = await connect(server.urls.md);
      c.send(auth);
      await c.until((f) => f.includes('a[{"s":200,"i":0}]'));
      c.close();
    }
  });

  test("TS/GO: double heartbeats and a [] in reply to each h get no answer and break nothing", async () => {
    const c = await connect(server.urls.md);
    c.ws.on("message", (d) => {
      if (d.toString() === "h") c.send("[]");
    });
    c.send("[]");
    c.send("[]");
    c.send("authorize\n0\n\ntoken");
    c.send("[]");
    c.send(" [] ");
    c.send('md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}');
    c.send("[]");
    await c.until(allQuotes);
    const answers = messages(c.frames).filter(
      (m) => typeof m === "object" && m !== null && "s" in m,
    );
    expect(answers).toEqual([
      { s: 200, i: 0 },
      { s: 200, i: 1, d: {} },
    ]);
    expect(quotesOf(c.frames)).toEqual(EXPECTED.quotes);
    c.close();
  });

  test("GO: every event kind sent is one Tradovate has; JS: md/chart responses carry a d", async () => {
    const c = await connect(server.urls.md);
    c.send("authorize\n0\n\ntoken");
    c.send('md/subscribeQuote\n1\n\n{"symbol":"MNQH6"}'); // never recorded: default answer
    c.send(
      `md/getChart\n2\n\n${JSON.stringify({ symbol: "MNQH6", chartDescription: { underlyingType: "Tick", elementSize: 1, elementSizeUnit: "UnderlyingUnits" }, timeRange: { asMuchAsElements: 5 } })}`,
    );
    await c.until((f) => f.some((x) => x.includes('"eoh":true')));
    const msgs = messages(c.frames) as Array<Record<string, unknown>>;
    for (const m of msgs) if ("e" in m) expect(EVENT_KINDS).toContain(m.e);
    const chart = msgs.find((m) => m.i === 2) as { d: { realtimeId: number } };
    expect(msgs.find((m) => m.i === 1)).toEqual({ s: 200, i: 1, d: {} });
    expect(chart.d.realtimeId).toEqual(expect.any(Number));
    const eoh = msgs.find((m) => m.e === "chart") as { d: { charts: Array<{ id: number }> } };
    expect(eoh.d.charts[0]!.id).toBe(chart.d.realtimeId);
    c.close();
  });
});

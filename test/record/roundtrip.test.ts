/**
 * Round trips through the replay server: replay tape A, record it with `tapedeck record`, and
 * the messages received in tape B equal tape A's (per stream, in order). Then a forced
 * disconnect in the middle: close + gap, a new connection, re-authorize, re-subscribe, nothing
 * lost before the drop, and a tape that inspect, pnl and replay accept.
 */

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { FiredFault } from "../../src/replay/faults.js";
import { type ReplayServer, startReplayServer } from "../../src/replay/server.js";
import type { TapeEvent } from "../../src/tape/events.js";
import { readTapeAll } from "../../src/tape/reader.js";
import { cli } from "../helpers/cli.js";
import {
  connsOf,
  countMessages,
  FIXTURE,
  startCli,
  textsOn,
  tmpDir,
  tradovateStreams,
  waitForTape,
  writeEnvFile,
} from "./harness.js";

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function tapeA() {
  return (await readTapeAll(FIXTURE)).events;
}

function recvOfRole(events: TapeEvent[], role: string): string[] {
  return textsOn(events, "recv", connsOf(events, role));
}

const TRADOVATE_ARGS = (srv: ReplayServer, out: string, dotenv: string) => [
  "record",
  "tradovate",
  "--base-url",
  srv.urls.http,
  "--md-url",
  srv.urls.md,
  "--user",
  "--symbols",
  "ES1!",
  "--dom",
  "--chart",
  "1m",
  "--chart-bars",
  "2",
  "--file",
  out,
  "--dotenv",
  dotenv,
];

describe("record tradovate from the replay server", () => {
  test("tape B receives what tape A holds, stream by stream", async () => {
    server = await startReplayServer({ tapes: [FIXTURE], speed: "max" });
    const dir = tmpDir();
    const out = join(dir, "b.tape.jsonl");
    const a = await tapeA();
    const want = {
      md: tradovateStreams(recvOfRole(a, "md")),
      trading: tradovateStreams(recvOfRole(a, "trading")),
    };
    const run = startCli(...TRADOVATE_ARGS(server, out, writeEnvFile(dir)));
    await waitForTape(
      out,
      (ev) =>
        countMessages(recvOfRole(ev, "md")) >= countMessages(recvOfRole(a, "md")) &&
        countMessages(recvOfRole(ev, "trading")) >= countMessages(recvOfRole(a, "trading")),
    );
    run.stop();
    const res = await run.done;
    expect(res.stderr).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    const b = (await readTapeAll(out)).events;
    expect(tradovateStreams(recvOfRole(b, "md"))).toEqual(want.md);
    expect(tradovateStreams(recvOfRole(b, "trading"))).toEqual(want.trading);
    // The venue's answer (ESZ5, in the tape's contracts) won over the local roll rule (ESZ6 today).
    const mark = b.find((e) => e.k === "mark" && e.label === "symbols resolved");
    expect(mark).toMatchObject({
      data: [{ requested: "ES1!", symbol: "ESZ5", source: "venue", contractId: 3001 }],
    });
    // SIGINT leaves a complete tape: every connection closed by tapedeck with 1000.
    const closes = b.filter((e) => e.k === "close");
    expect(closes.map((e) => [e.k === "close" && e.by, e.k === "close" && e.code])).toEqual([
      ["local", 1000],
      ["local", 1000],
    ]);
    expect(res.stdout).toMatch(/^recorded .*: \d+ frames/m);
    expect(res.stdout).toContain(`tape: ${out}`);
    const verify = await cli("verify", out);
    expect(verify.stdout).toMatch(/^ok: /);
    expect(verify.code).toBe(0);
  }, 30_000);

  test("a forced disconnect in the middle: close, gap, reconnect as a new c, re-subscribe, nothing lost", async () => {
    const fired: FiredFault[] = [];
    server = await startReplayServer({
      tapes: [FIXTURE],
      speed: "max",
      faults: ["disconnect:after=6,role=md,code=3000,reason=Go away!"],
      onFault: (f) => fired.push(f),
    });
    const dir = tmpDir();
    const out = join(dir, "drop.tape.jsonl");
    // Exactly the "done when" command line, pointed at the fake.
    const run = startCli(
      "record",
      "tradovate",
      "--user",
      "--symbols",
      "ES1!,NQ1!",
      "--dom",
      "--chart",
      "1m",
      "--base-url",
      server.urls.http,
      "--md-url",
      server.urls.md,
      "--file",
      out,
      "--dotenv",
      writeEnvFile(dir),
    );
    const seen = await waitForTape(out, (ev) => {
      const md = connsOf(ev, "md");
      return md.length >= 2 && textsOn(ev, "send", [md[1]!]).length >= 4;
    });
    run.stop();
    const res = await run.done;
    expect(res.code).toBe(0);
    const b = (await readTapeAll(out)).events;
    expect(b.length).toBeGreaterThanOrEqual(seen.length);
    const [md1, md2] = connsOf(b, "md") as [number, number];
    expect(md2).toBeGreaterThan(md1);
    const close1 = b.find((e) => e.k === "close" && e.c === md1);
    expect(close1).toMatchObject({ by: "server", code: 3000, reason: "Go away!" });
    const gap = b.find((e) => e.k === "gap" && e.c === md1);
    expect(gap).toBeDefined();
    expect(b.indexOf(gap!)).toBeGreaterThan(b.indexOf(close1!));
    // No frame lost before the drop: the server sent 6 frames, then its c[...] close frame.
    expect(fired.some((f) => f.kind === "disconnect")).toBe(true);
    const recv1 = textsOn(b, "recv", [md1]);
    expect(recv1).toHaveLength(7);
    expect(recv1.slice(0, 2)).toEqual(["o", 'a[{"s":200,"i":0}]']);
    expect(recv1.at(-1)).toBe('c[3000,"Go away!"]');
    // Re-authorize and re-subscribe: the new connection sends what the first one sent.
    const strip = (t: string) => t.replace(/«secret:\d+»/, "TOKEN");
    const sends1 = textsOn(b, "send", [md1]).filter((t) => t !== "[]");
    const sends2 = textsOn(b, "send", [md2]).filter((t) => t !== "[]");
    expect(sends2.slice(0, sends1.length).map(strip)).toEqual(sends1.map(strip));
    expect(sends1[0]).toMatch(/^authorize\n0\n\n«secret:\d+»$/);
    // The tape is one continuous file that the other commands accept.
    const verify = await cli("verify", out);
    expect(verify.code).toBe(0);
    const inspect = await cli("inspect", out);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/gap/);
    const pnl = await cli("pnl", out);
    expect(pnl.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(pnl.code);
    expect(pnl.stdout).toMatch(/DEMO123 \(11\)\s+ESZ5\s+\+1/);
    const again = await startReplayServer({ tapes: [out] });
    expect(again.hubs).toHaveLength(1);
    await again.close();
    // NQ is not in the fake's contracts: the local roll rule is the fallback, and says so.
    const mark = b.find((e) => e.k === "mark" && e.label === "symbols resolved");
    expect(mark).toMatchObject({
      data: [
        { requested: "ES1!", symbol: "ESZ5", source: "venue" },
        { requested: "NQ1!", source: "local" },
      ],
    });
  }, 30_000);
});

/** A's Trade Manager frames minus the answers to its CLOSE_TRADE (the replay only sends those when asked). */
function tmStreamOf(a: TapeEvent[]): string[] {
  const [c] = connsOf(a, "trademanager");
  const out: string[] = [];
  let askedAt: number | undefined;
  for (const e of a) {
    if ((e.k !== "send" && e.k !== "recv") || e.c !== c || e.text === undefined) continue;
    if (e.k === "send") {
      askedAt = /"type":"(CLOSE_TRADE|MANUALTRADE)"/.test(e.text) ? e.t : undefined;
      continue;
    }
    const answer = /^\{"type":"(LOGS|TRADES|ERROR)"/.test(e.text);
    if (askedAt !== undefined && answer && e.t - askedAt <= 2_000_000) continue;
    out.push(e.text);
  }
  return out;
}

describe("record trademanager and record url from the replay server", () => {
  test("tape B receives tape A's Trade Manager frames byte for byte; AUTH carries the masked token", async () => {
    server = await startReplayServer({ tapes: [FIXTURE], speed: "max" });
    const dir = tmpDir();
    const out = join(dir, "tm.tape.jsonl");
    const want = tmStreamOf(await tapeA());
    expect(want.length).toBeGreaterThan(4);
    const run = startCli(
      "record",
      "trademanager",
      "--url",
      server.urls.trademanager,
      "--user",
      "alice",
      "--file",
      out,
      "--dotenv",
      writeEnvFile(dir),
    );
    await waitForTape(out, (ev) => recvOfRole(ev, "trademanager").length >= want.length);
    run.stop();
    const res = await run.done;
    expect(res.code).toBe(0);
    const b = (await readTapeAll(out)).events;
    expect(recvOfRole(b, "trademanager")).toEqual(want);
    const sends = textsOn(b, "send", connsOf(b, "trademanager"));
    expect(sends[0]).toMatch(/^\{"type":"AUTH","user":"alice","token":"«secret:\d+»"\}$/);
    expect(b.at(-1)).toMatchObject({ k: "close", by: "local", code: 1000 });
  }, 30_000);

  test("record url sends --send after open, records headers redacted, and stops at --duration", async () => {
    server = await startReplayServer({ tapes: [FIXTURE], speed: "max" });
    const dir = tmpDir();
    const out = join(dir, "url.tape.jsonl");
    const token = "tm-session-9f8e7d6c5b4a";
    const res = await cli(
      "record",
      "url",
      server.urls.trademanager,
      "--header",
      "Authorization: Bearer abcdefgh12345678",
      "--send",
      `{"type":"AUTH","user":"alice","token":"${token}"}`,
      "--ping",
      '{"type":"PING"}',
      "--every",
      "25",
      "--duration",
      "1s",
      "--file",
      out,
    );
    expect(res.stderr).not.toMatch(/internal error/);
    expect(res.code).toBe(0);
    const b = (await readTapeAll(out)).events;
    const open = b.find((e) => e.k === "open");
    expect(open).toMatchObject({
      proto: "raw",
      role: "other",
      headers: { authorization: "Bearer «secret:1»" },
    });
    const [c] = connsOf(b, "other");
    expect(textsOn(b, "send", [c!])[0]).toMatch(/"token":"«secret:\d+»"/);
    expect(textsOn(b, "recv", [c!])[0]).toContain("Server Connection Established");
    expect(b.at(-1)).toMatchObject({ k: "close", by: "local", code: 1000 });
  }, 30_000);
});

test("record trademanager --rotate: the tapes of one recording together hold tape A's frames once, in order", async () => {
  server = await startReplayServer({ tapes: [FIXTURE], speed: "max" });
  const dir = tmpDir();
  const want = tmStreamOf(await tapeA());
  const run = startCli(
    "record",
    "trademanager",
    "--url",
    server.urls.trademanager,
    "--user",
    "alice",
    "--out",
    dir,
    "--label",
    "rot",
    "--rotate",
    "600B",
    "--dotenv",
    writeEnvFile(dir),
  );
  const received = async () => {
    const files = readdirSync(dir)
      .filter((n) => n.endsWith(".tape.jsonl"))
      .sort();
    const all: TapeEvent[][] = [];
    for (const f of files) all.push((await readTapeAll(join(dir, f))).events);
    return { files, recv: all.flatMap((ev) => recvOfRole(ev, "trademanager")) };
  };
  await vi.waitFor(
    async () => expect((await received()).recv.length).toBeGreaterThanOrEqual(want.length),
    {
      timeout: 15_000,
    },
  );
  run.stop();
  expect((await run.done).code).toBe(0);
  const { files, recv } = await received();
  expect(files.length).toBeGreaterThan(1);
  expect(recv).toEqual(want);
  for (const f of files) expect((await cli("verify", join(dir, f))).code).toBe(0);
}, 30_000);

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { diffReports } from "../../src/inspect/diff.js";
import { Inspector } from "../../src/inspect/inspector.js";
import { inspectTape } from "../../src/inspect/load.js";
import type { InspectReport } from "../../src/inspect/report.js";
import type { EventInput, TapeEvent } from "../../src/tape/events.js";
import { tradeManagerSession, tradovateSession, writeTape } from "./tapes.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The session with every frame text passed through `edit`. */
function edited(session: EventInput[], edit: (text: string) => string): EventInput[] {
  return session.map((e) =>
    "text" in e && typeof e.text === "string" ? { ...e, text: edit(e.text) } : e,
  );
}

/** A report of raw JSON messages on one socket, without touching the disk. */
function reportOf(messages: unknown[]): InspectReport {
  const ins = new Inspector("mem", {
    tape: 1,
    id: "m",
    started: "2026-01-01T00:00:00Z",
    tool: "t",
  });
  let seq = 1;
  ins.add({
    seq: seq++,
    t: 0,
    k: "open",
    c: 1,
    url: "ws://127.0.0.1:1/x",
    proto: "trademanager",
    role: "trademanager",
  });
  for (const m of messages) {
    const e: TapeEvent = { seq: seq++, t: seq, k: "recv", c: 1, text: JSON.stringify(m) };
    ins.add(e);
  }
  return ins.report();
}

describe("diff", () => {
  it("finds no drift between a tape and itself", async () => {
    for (const [name, session] of [
      ["tv", tradovateSession()],
      ["tm", tradeManagerSession()],
    ] as const) {
      const r = await inspectTape(await writeTape(dir, `${name}.tape.jsonl`, session));
      expect(diffReports(r, r).drift).toEqual([]);
    }
  });

  it("flags a renamed field as one removed and one added", async () => {
    const a = await inspectTape(await writeTape(dir, "a.tape.jsonl", tradeManagerSession()));
    const renamed = edited(tradeManagerSession(), (t) => t.replaceAll('"bid":', '"bidPrice":'));
    const b = await inspectTape(await writeTape(dir, "b.tape.jsonl", renamed));
    expect(diffReports(a, b).drift).toEqual([
      {
        channel: "trademanager",
        dir: "recv",
        kind: "DATA",
        change: "field-removed",
        path: "data.prices.bid",
        types: ["number", "string"],
      },
      {
        channel: "trademanager",
        dir: "recv",
        kind: "DATA",
        change: "field-added",
        path: "data.prices.bidPrice",
        types: ["number", "string"],
      },
    ]);
  });

  it("flags a renamed Tradovate entity field and a kind that disappeared", async () => {
    const a = await inspectTape(await writeTape(dir, "tva.tape.jsonl", tradovateSession()));
    const changed = edited(tradovateSession(), (t) =>
      t.replaceAll('"netPos":', '"netPosition":'),
    ).filter((e) => !("text" in e && e.text === "h"));
    const b = await inspectTape(await writeTape(dir, "tvb.tape.jsonl", changed));
    const drift = diffReports(a, b).drift;
    expect(drift).toContainEqual({
      channel: "trading",
      dir: "recv",
      kind: "heartbeat",
      change: "kind-removed",
    });
    expect(drift).toContainEqual(
      expect.objectContaining({
        kind: "event:props:position:Updated",
        change: "field-removed",
        path: "d.entity.netPos",
      }),
    );
    expect(drift).toContainEqual(
      expect.objectContaining({
        kind: "event:props:position:Updated",
        change: "field-added",
        path: "d.entity.netPosition",
      }),
    );
    expect(drift).toContainEqual(
      expect.objectContaining({
        kind: "response:user/syncrequest",
        change: "field-removed",
        path: "d.positions[].netPos",
      }),
    );
  });

  it("flags a retyped field, but not integer vs float", () => {
    const a = reportOf([{ type: "X", n: 1, s: "a" }]);
    const b = reportOf([{ type: "X", n: 1.5, s: 2 }]);
    expect(diffReports(a, b).drift).toEqual([
      {
        channel: "trademanager",
        dir: "recv",
        kind: "unrecognised",
        change: "field-retyped",
        path: "s",
        from: ["string"],
        to: ["number"],
      },
    ]);
  });

  it("flags presence changes at the threshold, and not below or when off", () => {
    const a = reportOf([{ x: 1 }, { x: 1 }, { x: 1 }, { x: 1 }]);
    const b = reportOf([{ x: 1 }, { x: 1 }, { x: 1 }, { y: 1 }]);
    const presence = (points: number | null) =>
      diffReports(a, b, { presencePoints: points }).drift.filter((d) => d.change === "presence");
    expect(presence(25)).toEqual([
      {
        channel: "trademanager",
        dir: "recv",
        kind: "unrecognised",
        change: "presence",
        path: "x",
        from: 100,
        to: 75,
      },
    ]);
    expect(presence(26)).toEqual([]);
    expect(presence(null)).toEqual([]);
    expect(diffReports(a, b).drift.map((d) => d.change)).toEqual(["presence", "field-added"]);
  });

  test.prop([fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 })])(
    "a report never drifts from itself, and drift is symmetric in count",
    (values) => {
      const a = reportOf(values);
      const b = reportOf([...values, { extra: [1, "x"] }]);
      expect(diffReports(a, a).drift).toEqual([]);
      expect(diffReports(a, b).drift.length).toBe(diffReports(b, a).drift.length);
    },
  );
});

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FakeTradovateRest, isKnownRestPath } from "../../src/protocols/tradovate/fake/rest.js";
import { TokenRegistry } from "../../src/protocols/tradovate/fake/tokens.js";
import { framesOf } from "../../src/replay/frame-list.js";
import { looseKey, normaliseQuery, restPath } from "../../src/replay/tape-index.js";
import { indexTmConnection } from "../../src/replay/tm-indexer.js";
import { indexTradovateConnection } from "../../src/replay/tradovate-indexer.js";
import type { FrameEvent } from "../../src/tape/events.js";
import { demoIndex } from "./harness.js";

let seq = 0;
const f = (k: "send" | "recv", t: number, text: string): FrameEvent => ({
  seq: ++seq,
  t,
  k,
  c: 1,
  text,
});
const quote = (id: number, p: number) =>
  JSON.stringify({
    e: "md",
    d: {
      quotes: [
        {
          timestamp: "2026-11-25T14:03:07.000Z",
          contractId: id,
          entries: { Bid: { price: p, size: 1 } },
        },
      ],
    },
  });

describe("attribution", () => {
  test("quotes go to the subscribe of their contract; unknown symbols resolve by the first unclaimed event", () => {
    const ix = indexTradovateConnection(
      1,
      "md",
      0,
      [
        f("send", 1, 'md/subscribeQuote\n1\n\n{"symbol":"ESZ5"}'),
        f("send", 2, 'md/subscribeQuote\n2\n\n{"symbol":"MYSTERY"}'),
        f("recv", 3, 'a[{"s":200,"i":1,"d":{}},{"s":200,"i":2,"d":{}}]'),
        f("recv", 4, `a[${quote(3001, 1)},${quote(4002, 2)}]`),
        f("recv", 5, `a[${quote(3001, 3)}]`),
        f("recv", 6, `a[${quote(4002, 4)}]`),
        f("recv", 7, `a[${quote(5555, 5)}]`),
        f("recv", 8, 'a[{"e":"clock","d":"{\\"t\\":\\"2019-08-26T16:43:08.599Z\\",\\"s\\":20}"}]'),
        f("recv", 9, "h"),
      ],
      (name) => (name === "ESZ5" ? 3001 : undefined),
    );
    const [es, mystery] = ix.exchanges;
    expect(es!.tag).toBe("quote:3001");
    expect([...framesOf(es!.followers)].map((x) => x.text)).toEqual([
      quote(3001, 1),
      quote(3001, 3),
    ]);
    expect(mystery!.tag).toBe("quote:4002");
    expect([...framesOf(mystery!.followers)].map((x) => x.text)).toEqual([
      quote(4002, 2),
      quote(4002, 4),
    ]);
    expect(ix.orphans).toBe(1); // contract 5555: nobody subscribed
    expect(ix.connectionEvents.length).toBe(0); // clock events are the server's own
  });

  test("chart packets by id, props to the sync, shutdown to the connection", () => {
    const chart = (id: number) =>
      JSON.stringify({ e: "chart", d: { charts: [{ id, eoh: true }] } });
    const props = JSON.stringify({
      e: "props",
      d: { entityType: "order", eventType: "Created", entity: { id: 1 } },
    });
    const shutdown = JSON.stringify({ e: "shutdown", d: { reasonCode: "Maintenance" } });
    const ix = indexTradovateConnection(
      1,
      "replay",
      0,
      [
        f("send", 1, "md/getChart\n1\n\n{}"),
        f("recv", 2, 'a[{"s":200,"i":1,"d":{"historicalId":8,"realtimeId":9}}]'),
        f("recv", 3, `a[${chart(9)}]`),
        f("recv", 4, `a[${chart(8)}]`),
        f("recv", 5, `a[${chart(77)}]`),
        f("recv", 6, `a[${props}]`), // before any sync: an orphan
        f("send", 7, 'user/syncrequest\n2\n\n{"users":[1]}'),
        f("recv", 8, 'a[{"s":200,"i":2,"d":{"users":[{"id":1,"name":"u"}]}}]'),
        f("recv", 9, `a[${props}]`),
        f("recv", 10, `a[${shutdown}]`),
      ],
      () => undefined,
    );
    const [ch, sync] = ix.exchanges;
    expect(ch!.tag).toBe("chart:9:8");
    expect([...framesOf(ch!.followers)].map((x) => x.text)).toEqual([chart(9), chart(8)]);
    expect([...framesOf(sync!.followers)].map((x) => x.text)).toEqual([props]);
    expect([...framesOf(ix.connectionEvents)].map((x) => x.text)).toEqual([shutdown]);
    expect(ix.orphans).toBe(2);
  });

  test("Trade Manager: what follows a CLOSE_TRADE within the window is its answer", () => {
    const logs = (s: string) => JSON.stringify({ type: "LOGS", data: s });
    const tm = indexTmConnection(3, 0, [
      { seq: 1, t: 10, k: "recv", c: 3, text: '{"data":"ok"}' },
      { seq: 2, t: 20, k: "recv", c: 3, text: logs("a") },
      {
        seq: 3,
        t: 30,
        k: "send",
        c: 3,
        text: JSON.stringify({
          type: "CLOSE_TRADE",
          strat_name: "s",
          ticker: "t",
          timeframe: "1",
          token: "x",
          user: "u",
        }),
      },
      { seq: 4, t: 40, k: "recv", c: 3, text: logs("b") },
      { seq: 5, t: 3_000_000, k: "recv", c: 3, text: logs("c") },
    ]);
    expect(tm.authOk?.text).toBe('{"data":"ok"}');
    expect(tm.acks.get("CLOSE_TRADE")).toEqual([[expect.objectContaining({ text: logs("b") })]]);
    expect([...framesOf(tm.stream)].map((x) => x.text)).toEqual([logs("a"), logs("c")]);
  });

  test("the demo tape's index", async () => {
    const ix = await demoIndex();
    expect(ix.tradovate.map((c) => c.role).sort()).toEqual(["md", "trading"]);
    expect(ix.trademanager).toHaveLength(1);
    expect(ix.contractIds.get("ESZ5")).toBe(3001);
    expect(ix.snapshot?.users).toEqual([{ id: 7, name: "alice" }]);
    expect(ix.stats.orphans).toBe(0);
    expect(ix.timeOfSeq(1)).toBe(0);
    expect(ix.timeOfSeq(0)).toBeUndefined();
  });
});

describe("keys", () => {
  test("queries are order-insensitive; REST paths lose /v1/ and case", () => {
    expect(normaliseQuery("?b=2&a=1")).toBe(normaliseQuery("a=1&b=2"));
    expect(restPath("/v1/Contract/Find")).toBe("contract/find");
    expect(restPath("/md/v1/websocket/")).toBe("websocket");
    expect(looseKey("md/subscribequote", { symbol: "esz5" }, new Map([["ESZ5", 1]]))).toBe(
      "md/subscribequote|1",
    );
    expect(looseKey("md/subscribequote", { symbol: "X" }, new Map())).toBeUndefined();
    expect(looseKey("user/syncrequest", {}, new Map())).toBeUndefined();
  });
});

describe("fake REST", () => {
  test("is total: any method, path, query and body get a JSON answer", async () => {
    const ix = await demoIndex();
    const rest = new FakeTradovateRest({ rest: ix.rest, snapshot: ix.snapshot }, { penalty: true });
    fc.assert(
      fc.property(
        fc.constantFrom("GET", "POST", "PUT", "x"),
        fc.oneof(
          fc.string(),
          fc.constantFrom(
            "auth/accesstokenrequest",
            "auth/renewaccesstoken",
            "contract/find",
            "position/list",
            "order/placeorder",
            "cashbalance/getcashbalancesnapshot",
          ),
        ),
        fc.string(),
        fc.oneof(fc.string(), fc.json()),
        fc.option(fc.string(), { nil: undefined }),
        (method, path, query, body, bearer) => {
          const a = rest.handle({
            method,
            path,
            query,
            body,
            ...(bearer !== undefined ? { bearer } : {}),
          });
          expect(() => JSON.parse(a.body)).not.toThrow();
          if (!isKnownRestPath(path))
            expect(a).toEqual({ status: 404, body: JSON.stringify(`Not found: ${path}`) });
        },
      ),
      { numRuns: 300 },
    );
  });

  test("tokens: a login's two tokens share a group; expiry is per token and on demand", () => {
    let now = 1_000_000;
    const reg = new TokenRegistry(() => now, 1000);
    const a = reg.issue(7, "alice");
    expect(reg.get(a.accessToken)?.group).toBe(a.group);
    expect(reg.get(a.mdAccessToken)?.group).toBe(a.group);
    expect(reg.isValid(a.accessToken)).toBe(true);
    expect(reg.isValid("anything-else")).toBe(true);
    now += 1000;
    expect(reg.isValid(a.accessToken)).toBe(false);
    const b = reg.issue(7, "alice", a.group);
    expect(b.group).toBe(a.group);
    reg.expireAll();
    expect(reg.isValid(b.accessToken)).toBe(false);
    expect(reg.isValid("anything-else")).toBe(false);
  });
});

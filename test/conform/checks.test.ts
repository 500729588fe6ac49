import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { describe, expect } from "vitest";
import { checkMaintenance } from "../../src/conform/checks/dedicated.js";
import {
  checkHeartbeats,
  HEARTBEAT_PERIOD_MS,
  HEARTBEAT_SLACK_MS,
} from "../../src/conform/checks/heartbeats.js";
import { checkHygiene, checkSubscriptions } from "../../src/conform/checks/hygiene.js";
import {
  type CheckContext,
  checkContext,
  checkRejected,
  runChecks,
} from "../../src/conform/checks/index.js";
import { checkAuthorize } from "../../src/conform/checks/login.js";
import { checkOrders } from "../../src/conform/checks/orders.js";
import { checkRateLimit } from "../../src/conform/checks/ratelimit.js";
import { backoffGrows, checkReconnect } from "../../src/conform/checks/reconnect.js";
import { checkSync } from "../../src/conform/checks/sync.js";
import { checkTokens } from "../../src/conform/checks/tokens.js";
import { kept, restPathOf, STREAMED_TEXT_KEPT } from "../../src/conform/observation.js";
import { STAGES, type Verdict } from "../../src/conform/verdict.js";
import { AUTH, type Builder, builder, req } from "./log-builder.js";

const ctxOf = (b: Builder, stopMs?: number): CheckContext => checkContext(b.log.events, stopMs);
const byCheck = (vs: Verdict[], check: string) => vs.find((v) => v.check === check)!;

describe("login.authorize", () => {
  test("passes a prompt authorize and names a request sent before it", () => {
    const ok = builder().open(1).at(20).send(1, AUTH).at(5000).send(1, "[]");
    expect(checkAuthorize(ctxOf(ok)).status).toBe("pass");
    const early = builder().open(1).at(10).send(1, req("user/syncrequest", 1)).send(1, AUTH);
    const v = checkAuthorize(ctxOf(early));
    expect(v.status).toBe("fail");
    expect(v.evidence[0]).toContain('sent "user/syncrequest"');
  });

  test("fails an authorize that comes seconds after o, and a socket that never authorizes", () => {
    expect(checkAuthorize(ctxOf(builder().open(1).at(4000).send(1, AUTH))).status).toBe("fail");
    expect(checkAuthorize(ctxOf(builder().open(1).at(4000).send(1, "[]"))).status).toBe("fail");
    expect(checkAuthorize(ctxOf(builder())).status).toBe("not-exercised");
  });

  test("rejected: a tight loop of authorize attempts fails, a few spaced ones pass", () => {
    const loop = builder();
    for (let k = 1; k <= 8; k++)
      loop
        .at(k * 50)
        .open(k)
        .send(k, AUTH)
        .close(k, 1008, "server");
    expect(checkRejected(ctxOf(loop)).status).toBe("fail");
    const calm = builder().open(1).send(1, AUTH).at(2000).open(2).send(2, AUTH);
    expect(checkRejected(ctxOf(calm)).status).toBe("pass");
  });
});

describe("heartbeats", () => {
  test.prop([fc.array(fc.integer({ min: 50, max: 5000 }), { minLength: 1, maxLength: 12 })], {
    numRuns: 100,
  })("fails exactly when some gap exceeds the period plus slack", (gaps) => {
    const b = builder().open(1).send(1, AUTH);
    let t = 0;
    for (const g of gaps.slice(0, -1)) {
      t += g;
      b.at(t).send(1, "[]");
    }
    t += gaps[gaps.length - 1]!;
    const [interval] = checkHeartbeats(ctxOf(b, t));
    const limit = HEARTBEAT_PERIOD_MS + HEARTBEAT_SLACK_MS;
    const expected = Math.max(...gaps) > limit ? "fail" : t >= limit ? "pass" : "not-exercised";
    expect(interval!.status).toBe(expected);
  });

  test("a flood of heartbeats fails heartbeats.flood only", () => {
    const b = builder().open(1).send(1, AUTH);
    for (let t = 100; t <= 5000; t += 100) b.at(t).send(1, "[]");
    const [interval, flood] = checkHeartbeats(ctxOf(b, 5000));
    expect(interval!.status).toBe("pass");
    expect(flood!.status).toBe("fail");
  });

  test("evidence counts the frames received during the longest gap", () => {
    const b = builder().open(1).send(1, AUTH);
    for (let t = 10; t < 3000; t += 1) b.at(t).recv(1, 'a[{"e":"md","d":{}}]');
    const [interval] = checkHeartbeats(ctxOf(b, 4000));
    expect(interval!.status).toBe("fail");
    expect(interval!.evidence[0]).toContain("2990 frames received meanwhile");
  });
});

describe("sync", () => {
  test("one sync per trading connection passes; two, or none, fail; ids must be unique", () => {
    const one = builder().open(1).send(1, AUTH).send(1, req("user/syncrequest", 1)).at(3000);
    const [once, ids] = checkSync(ctxOf(one, 3000));
    expect([once!.status, ids!.status]).toEqual(["pass", "pass"]);
    const two = builder().open(1).send(1, AUTH).send(1, req("user/syncrequest", 1));
    two.send(1, req("user/syncrequest", 1));
    const [once2, ids2] = checkSync(ctxOf(two, 3000));
    expect([once2!.status, ids2!.status]).toEqual(["fail", "fail"]);
    expect(ids2!.evidence[0]).toMatch(/id 1 used by #\d+ and #\d+/);
    const none = builder().open(1).send(1, AUTH);
    expect(checkSync(ctxOf(none, 3000))[0]!.status).toBe("fail");
    const md = builder().open(1, "md").send(1, AUTH);
    expect(checkSync(ctxOf(md, 3000))[0]!.status).toBe("not-exercised");
  });
});

/** A drop of conn 1 at 1000 ms, then attempts after `delays`, the last one admitted as conn 2. */
function reconnectRun(delays: number[], role: "trading" | "md" = "md", resubscribe = true) {
  const b = builder().open(1, role).send(1, AUTH);
  b.send(1, req("md/subscribeQuote", 1, { symbol: "ESZ6" }));
  b.at(1000).steer("drop", 1, role).close(1, 1006, "server");
  let t = 1000;
  for (const [k, d] of delays.entries()) {
    t += d;
    b.at(t);
    if (k < delays.length - 1) b.refused(role);
    else b.open(2, role).send(2, AUTH);
  }
  if (resubscribe) b.send(2, req("md/subscribeQuote", 1, { symbol: "ESZ6" }));
  return b.at(t + 1000);
}

describe("reconnect", () => {
  test.prop([fc.integer({ min: 50, max: 400 }), fc.integer({ min: 2, max: 6 })], { numRuns: 50 })(
    "attempts that wait twice as long each time pass backoff",
    (base, n) => {
      const delays = Array.from({ length: n }, (_, k) => base * 2 ** k);
      fc.pre(delays[delays.length - 1]! >= 200);
      const [backoff, restore] = checkReconnect(ctxOf(reconnectRun([...delays, base * 2 ** n])));
      expect(backoff!.status).toBe("pass");
      expect(restore!.status).toBe("pass");
    },
  );

  test.prop([fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 3, max: 8 })], { numRuns: 50 })(
    "attempts at a constant pace fail backoff",
    (d, n) => {
      const [backoff] = checkReconnect(ctxOf(reconnectRun(Array(n).fill(d))));
      expect(backoff!.status).toBe("fail");
    },
  );

  test("one stretched delay does not decide: backoff is judged on halves", () => {
    // A busy machine delays the client's first retry by 400 ms; the rest still double.
    expect(backoffGrows([550, 300, 600, 1200])).toBe(true);
    // A fixed 1 s retry with noise does not grow.
    expect(backoffGrows([1000, 1040, 990, 1300])).toBe(false);
    expect(backoffGrows([10, 20, 40, 80])).toBe(false);
  });

  test("a reconnect that does not resubscribe fails restore, naming the subscription", () => {
    const [backoff, restore] = checkReconnect(ctxOf(reconnectRun([200, 400, 800], "md", false)));
    expect(backoff!.status).toBe("pass");
    expect(restore!.status).toBe("fail");
    expect(restore!.evidence[0]).toContain("quote ESZ6");
  });

  test("no drop means not exercised; a socket that never comes back fails restore", () => {
    expect(checkReconnect(ctxOf(builder().open(1))).map((v) => v.status)).toEqual([
      "not-exercised",
      "not-exercised",
    ]);
    const gone = builder().open(1).send(1, AUTH).at(100).steer("drop", 1, "trading");
    expect(checkReconnect(ctxOf(gone.at(5000)))[1]!.status).toBe("fail");
  });
});

describe("tokens", () => {
  const login = (expiresWall: number) => ({
    accessToken: "a",
    expirationTime: new Date(expiresWall).toISOString(),
  });
  test("renewal before expiry passes; a second login fails; silence past expiry fails", () => {
    // wallMs = 1_000_000 + ms, so the token expires at run ms 4000.
    const renewed = builder().http("auth/accesstokenrequest", {}, login(1_004_000));
    renewed.at(2000).http("auth/renewaccesstoken", "", login(1_008_000));
    expect(checkTokens(ctxOf(renewed.at(5000))).status).toBe("pass");
    const relog = builder().http("auth/accesstokenrequest", {}, login(1_004_000));
    relog.at(3900).http("auth/accesstokenrequest", {}, login(1_008_000));
    expect(checkTokens(ctxOf(relog)).status).toBe("fail");
    const lapsed = builder().http("auth/accesstokenrequest", {}, login(1_004_000));
    lapsed.at(5000).send(9, "[]");
    expect(checkTokens(ctxOf(lapsed)).status).toBe("fail");
    const young = builder().http("auth/accesstokenrequest", {}, login(1_004_000)).at(1000);
    expect(checkTokens(ctxOf(young)).status).toBe("not-exercised");
  });
});

describe("ratelimit", () => {
  const penalty = { "p-ticket": "T1", "p-time": 2 };
  test("waiting p-time and sending the ticket passes; early or ticketless retries fail", () => {
    const good = builder().http("auth/accesstokenrequest", { name: "u" }, penalty);
    good.at(2000).http("auth/accesstokenrequest", { name: "u", "p-ticket": "T1" }, {});
    expect(checkRateLimit(ctxOf(good)).status).toBe("pass");
    const early = builder().http("auth/accesstokenrequest", { name: "u" }, penalty);
    early.at(30).http("auth/accesstokenrequest", { name: "u", "p-ticket": "T1" }, {});
    const v = checkRateLimit(ctxOf(early));
    expect(v.status).toBe("fail");
    expect(v.evidence[0]).toContain("after 30 ms");
    const noTicket = builder().http("auth/accesstokenrequest", { name: "u" }, penalty);
    noTicket.at(2500).http("auth/accesstokenrequest", { name: "u" }, {});
    expect(checkRateLimit(ctxOf(noTicket)).status).toBe("fail");
    expect(checkRateLimit(ctxOf(builder())).status).toBe("not-exercised");
    // A penalty the run ended inside of is not judged; one long before the end is.
    const cut = builder().http("auth/accesstokenrequest", { name: "u" }, penalty).at(1500);
    expect(checkRateLimit(ctxOf(cut.steer("stop"), 1500)).status).toBe("not-exercised");
    const ignored = builder().http("auth/accesstokenrequest", { name: "u" }, penalty).at(9000);
    expect(checkRateLimit(ctxOf(ignored.steer("stop"), 9000)).status).toBe("fail");
  });
});

describe("orders", () => {
  test("isAutomated is required and a refused order must not be re-sent unchanged", () => {
    const body = { accountId: 1, action: "Buy", symbol: "ESZ6", orderQty: 1, orderType: "Market" };
    const b = builder().open(1).send(1, AUTH);
    b.send(1, req("order/placeorder", 5, body));
    b.recv(1, 'a[{"s":200,"i":5,"d":{"failureReason":"RiskCheck","failureText":"no"}}]');
    b.send(1, req("order/placeorder", 6, body));
    const [automated, retry] = checkOrders(ctxOf(b));
    expect(automated!.status).toBe("fail");
    expect(retry!.status).toBe("fail");
    expect(retry!.evidence[0]).toContain("RiskCheck");
    const fine = builder().open(1).send(1, AUTH);
    fine.send(1, req("order/placeorder", 5, { ...body, isAutomated: true }));
    fine.recv(1, 'a[{"s":200,"i":5,"d":{"orderId":77}}]');
    expect(checkOrders(ctxOf(fine)).map((v) => v.status)).toEqual(["pass", "not-exercised"]);
  });
});

describe("hygiene", () => {
  test("a subscription taken twice leaks; unsubscribing or cancelling in between does not", () => {
    const quote = req("md/subscribeQuote", 1, { symbol: "ESZ6" });
    const twice = builder().open(1, "md").send(1, AUTH).send(1, quote).at(500).send(1, quote);
    const v = checkSubscriptions(ctxOf(twice));
    expect(v.status).toBe("fail");
    expect(v.evidence[0]).toContain("quote ESZ6 taken again");
    const clean = builder().open(1, "md").send(1, AUTH).send(1, quote);
    clean.send(1, req("md/unsubscribeQuote", 2, { symbol: "ESZ6" })).send(1, quote);
    const chart = req("md/getChart", 4, {
      symbol: "ESZ6",
      chartDescription: { underlyingType: "Tick" },
    });
    clean
      .send(1, chart)
      .send(1, req("md/cancelChart", 5, { subscriptionId: 9 }))
      .send(1, chart);
    expect(checkSubscriptions(ctxOf(clean)).status).toBe("pass");
    const leakyChart = builder().open(1, "md").send(1, AUTH).send(1, chart).send(1, chart);
    expect(checkSubscriptions(ctxOf(leakyChart)).status).toBe("fail");
    expect(checkSubscriptions(ctxOf(builder().open(1))).status).toBe("not-exercised");
  });

  test("closing with 1000 after the stop passes; being killed fails", () => {
    const ok = builder().open(1).send(1, AUTH).at(1000).close(1, 1000, "client");
    expect(checkHygiene(ctxOf(ok, 900)).status).toBe("pass");
    const killed = builder().open(1).send(1, AUTH).at(1000).close(1, 1006, "client");
    expect(checkHygiene(ctxOf(killed, 900)).status).toBe("fail");
    const early = builder().open(1).at(100).close(1, 1000, "client");
    expect(checkHygiene(ctxOf(early, 900)).status).toBe("not-exercised");
  });
});

describe("totality", () => {
  const event = fc.oneof(
    fc.record({
      k: fc.constant("open" as const),
      conn: fc.nat(4),
      role: fc.constantFrom("trading" as const, "md" as const, "replay" as const),
    }),
    fc.record({
      k: fc.constantFrom("send" as const, "recv" as const),
      conn: fc.nat(4),
      text: fc.oneof(
        fc.string(),
        fc.constantFrom(
          "[]",
          AUTH,
          'a[{"i":1,"s":200,"d":{"failureReason":1}}]',
          req("order/placeorder", 1),
          req("user/syncrequest", 1),
        ),
      ),
    }),
    fc.record({
      k: fc.constant("close" as const),
      conn: fc.nat(4),
      code: fc.integer({ min: 1000, max: 4999 }),
      by: fc.constantFrom("server" as const, "client" as const),
    }),
    fc.record({
      k: fc.constant("http" as const),
      path: fc.constantFrom(
        "auth/accesstokenrequest",
        "auth/renewaccesstoken",
        "order/placeorder",
        "x",
      ),
      req: fc.string(),
      res: fc.oneof(fc.string(), fc.json()),
      status: fc.constantFrom(200, 401, 404),
    }),
    fc.record({
      k: fc.constant("steer" as const),
      action: fc.constantFrom("drop", "stop"),
      conn: fc.nat(4),
      role: fc.constantFrom("trading" as const, "md" as const),
    }),
    fc.record({
      k: fc.constant("refused" as const),
      role: fc.constantFrom("trading" as const, "md" as const),
    }),
  );
  test.prop(
    [fc.array(fc.tuple(fc.nat(400), event), { maxLength: 40 }), fc.option(fc.nat(20_000))],
    {
      numRuns: 150,
    },
  )("every check answers arbitrary logs with a verdict and never throws", (steps, stop) => {
    const b = builder();
    let t = 0;
    for (const [dt, e] of steps) {
      t += dt;
      b.at(t);
      switch (e.k) {
        case "open":
          b.open(e.conn, e.role);
          break;
        case "send":
          b.send(e.conn, e.text);
          break;
        case "recv":
          b.recv(e.conn, e.text);
          break;
        case "close":
          b.close(e.conn, e.code, e.by);
          break;
        case "http":
          b.log.add({
            k: "http",
            method: "POST",
            path: e.path,
            status: e.status,
            req: e.req,
            res: e.res,
            wallMs: t,
          });
          break;
        case "steer":
          b.steer(e.action, e.conn, e.role);
          break;
        case "refused":
          b.refused(e.role);
          break;
      }
    }
    const ctx = ctxOf(b, stop ?? undefined);
    const vs = [...runChecks(ctx, STAGES), checkRejected(ctx)];
    for (const v of vs) {
      expect(["pass", "fail", "not-exercised"]).toContain(v.status);
      expect(v.check.startsWith(`${v.stage}.`)).toBe(true);
    }
    expect(new Set(vs.map((v) => v.check)).size).toBe(vs.length);
  });
});

test("byCheck helper finds verdicts by name", () => {
  const vs = runChecks(ctxOf(builder()), ["sync"]);
  expect(byCheck(vs, "sync.ids").status).toBe("not-exercised");
});

describe("observation", () => {
  test.prop([fc.constantFrom("send" as const, "recv" as const), fc.string({ maxLength: 400 })])(
    "keeps every frame whole except long streamed events, which keep their head and length",
    (k, body) => {
      for (const text of [body, `a[{"e":"md","d":${JSON.stringify(body)}}]`]) {
        const out = kept(k, text);
        if (k === "send" || !text.startsWith('a[{"e":') || text.length <= STREAMED_TEXT_KEPT)
          expect(out).toBe(text);
        else {
          expect(out.startsWith(text.slice(0, STREAMED_TEXT_KEPT))).toBe(true);
          expect(out.endsWith(`(${text.length} chars)`)).toBe(true);
        }
      }
    },
  );

  test.prop([fc.webUrl({ withQueryParameters: true })])("restPathOf never throws", (url) => {
    expect(typeof restPathOf(url)).toBe("string");
  });

  test("restPathOf keeps the path under /v1, lower-case", () => {
    expect(restPathOf("http://127.0.0.1:9/v1/auth/AccessTokenRequest?x=1")).toBe(
      "auth/accesstokenrequest",
    );
  });
});

describe("reconnect.maintenance", () => {
  function maintenance(delays: number[]) {
    const b = builder().open(1).send(1, AUTH).at(1000);
    b.log.add({ k: "fault", kind: "shutdown", conn: 1, detail: "Maintenance" });
    b.close(1, 1000, "server");
    let t = 1000;
    for (const d of delays) {
      t += d;
      b.at(t).refused("trading");
    }
    return checkMaintenance(ctxOf(b.at(t + 100)));
  }
  test("a doubling backoff passes, so does a slow fixed retry; immediate retries fail", () => {
    expect(maintenance([150, 300, 600, 1200]).status).toBe("pass");
    expect(maintenance([1000, 1000]).status).toBe("pass");
    expect(maintenance([]).summary).toContain("did not reconnect");
    expect(maintenance([5, 3, 4]).status).toBe("fail");
    expect(maintenance(Array(7).fill(300)).status).toBe("fail");
    expect(checkMaintenance(ctxOf(builder().open(1))).status).toBe("not-exercised");
  });
});

/**
 * The simulated venue end to end: real sockets on 127.0.0.1, a client in the style of the
 * official examples (REST login, trading socket, official order bodies), the demo tape at 10x.
 * Order-only checks: nothing here depends on how fast the machine is.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { analyzeTape } from "../../src/pnl/from-tape/index.js";
import { parseMicros } from "../../src/pnl/money.js";
import { type ReplayServer, startReplayServer } from "../../src/replay/server.js";
import { repoRoot } from "../helpers/cli.js";
import { connect, messages } from "./ws-client.js";

const DEMO = join(repoRoot, "recordings/demo/2026-11-20T14-30-00Z_demo.tape.jsonl");
const ACCOUNT = 852019;
const SPEC = "DEMO7097031";

/** Wire JSON as the tests read it: the assertions, not the type, check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Wire = any;
type Msg = { s?: number; i?: number; d?: Wire; e?: string };

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function login(s: ReplayServer, name = "bot"): Promise<string> {
  const res = await fetch(`${s.urls.http}/auth/accesstokenrequest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name,
      password: "x",
      appId: "e2e",
      appVersion: "1.0",
      cid: 1,
      sec: "s",
    }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A trading socket, authorized and synced; `request` sends with increasing ids. */
async function trader(s: ReplayServer, token: string) {
  const c = await connect(s.urls.trading);
  await c.until((f) => f[0] === "o");
  c.send(`authorize\n0\n\n${token}`);
  await c.until((f) => f.some((x) => x.includes('"i":0')));
  let id = 0;
  const all = () => messages(c.frames) as Msg[];
  const request = async (endpoint: string, body?: unknown): Promise<Msg> => {
    const i = ++id;
    c.send(`${endpoint}\n${i}\n\n${body === undefined ? "" : JSON.stringify(body)}`);
    await c.until(() => all().some((m) => m.i === i));
    return all().find((m) => m.i === i)!;
  };
  const sync = await request("user/syncrequest", { users: [1] });
  const props = () =>
    all()
      .filter((m) => m.e === "props")
      .map((m) => m.d);
  const waitFor = (pred: (d: Wire) => boolean, ms = 20_000) =>
    c.until(() => props().some(pred), ms).then(() => props().find(pred));
  return { c, request, sync, props, waitFor };
}

const market = (action: string, orderQty = 1) => ({
  symbol: "ESZ6",
  orderQty,
  accountSpec: SPEC,
  accountId: ACCOUNT,
  action,
  orderType: "Market",
  isAutomated: true,
});

async function rest(s: ReplayServer, token: string, path: string) {
  const res = await fetch(`${s.urls.http}/${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.json();
}

describe("simulated orders over real sockets", () => {
  test("a market order gets Tradovate's events in order; REST lists the same entities", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tapedeck-sim-e2e-"));
    const served = join(dir, "served.tape.jsonl");
    server = await startReplayServer({
      tapes: [DEMO],
      speed: 10,
      sim: { mode: "on" },
      record: served,
    });
    const token = await login(server);
    const t = await trader(server, token);
    expect(t.sync.d.positions).toEqual([]);
    expect(t.sync.d.cashBalances[0]).toMatchObject({ accountId: ACCOUNT, amount: 50000 });
    const buy = await t.request("order/placeOrder", market("Buy", 2));
    const orderId = buy.d.orderId as number;
    expect(orderId).toBeGreaterThan(0);
    await t.waitFor(
      (d) => d.entityType === "order" && d.entity.id === orderId && d.entity.ordStatus === "Filled",
    );
    const sell = await t.request("order/placeOrder", market("Sell", 2));
    await t.waitFor(
      (d) =>
        d.entityType === "order" &&
        d.entity.id === sell.d.orderId &&
        d.entity.ordStatus === "Filled",
    );
    await t.waitFor((d) => d.entityType === "fillPair");

    // Every event of the first order, in order.
    const commands = new Set(
      t
        .props()
        .filter((d) => d.entityType === "command" && d.entity.orderId === orderId)
        .map((d) => d.entity.id),
    );
    const ofOrder = (d: Wire) =>
      d.entityType === "order"
        ? d.entity.id === orderId
        : d.entityType === "commandReport"
          ? commands.has(d.entity.commandId)
          : d.entity.orderId === orderId;
    const mine = t
      .props()
      .filter(ofOrder)
      .map(
        (d) =>
          `${d.entityType} ${d.eventType}${d.entityType === "order" ? ` ${d.entity.ordStatus}` : ""}${d.entityType === "executionReport" ? ` ${d.entity.execType}` : ""}`,
      );
    const seq = t.props().map((d) => `${d.entityType} ${d.eventType}`);
    expect(mine).toEqual([
      "order Created PendingNew",
      "command Created",
      "orderVersion Created",
      "commandReport Created",
      "executionReport Created New",
      "order Updated Working",
      "executionReport Created Trade",
      "fill Created",
      "order Updated Filled",
    ]);
    const afterFill = seq.slice(seq.indexOf("fill Created"));
    expect(afterFill.slice(0, 4)).toEqual([
      "fill Created",
      "position Created",
      "order Updated",
      "cashBalance Updated",
    ]);
    // The close: fillPair then cashBalance after the closing order's update.
    const closeAt = seq.lastIndexOf("fillPair Created");
    expect(closeAt).toBeGreaterThan(0);
    expect(seq[closeAt + 1]).toBe("cashBalance Updated");

    // REST, with the bearer token, answers from the same account.
    const socketFills = t
      .props()
      .filter((d) => d.entityType === "fill")
      .map((d) => d.entity);
    expect(await rest(server, token, "fill/list")).toEqual(socketFills);
    const orders = (await rest(server, token, "order/list")) as Array<{
      id: number;
      ordStatus: string;
    }>;
    expect(orders.map((o) => [o.id, o.ordStatus])).toEqual([
      [orderId, "Filled"],
      [sell.d.orderId, "Filled"],
    ]);
    const positions = (await rest(server, token, "position/list")) as Array<{ netPos: number }>;
    expect(positions.map((p) => p.netPos)).toEqual([0]);
    const cash = (await t.request("cashBalance/getCashBalanceSnapshot", { accountId: ACCOUNT })).d;
    t.c.close();
    await server.close();
    server = undefined;

    // tapedeck pnl of what the server served agrees with the venue to the cent.
    const pnl = await analyzeTape(served, { mark: "last" });
    const row = pnl.accounts.find((r) => r.symbol === "ESZ6")!;
    expect(pnl.reconciliation.disagreements).toEqual([]);
    expect(row.realized).toBe(parseMicros(cash.realizedPnL));
    expect(parseMicros(50_000)! + row.realized - row.fees).toBe(parseMicros(cash.amount));
  });

  test("the official startOrderStrategy body is accepted and its brackets follow the entry", async () => {
    server = await startReplayServer({ tapes: [DEMO], speed: 10, sim: { mode: "on" } });
    const t = await trader(server, await login(server));
    const a = await t.request("orderStrategy/startOrderStrategy", {
      accountId: ACCOUNT,
      accountSpec: SPEC,
      symbol: "ESZ6",
      action: "Buy",
      orderStrategyTypeId: 2,
      params: JSON.stringify({
        entryVersion: { orderQty: 1, orderType: "Market" },
        brackets: [{ qty: 1, profitTarget: 0.5, stopLoss: -0.5, trailingStop: false }],
      }),
    });
    expect(a.s).toBe(200);
    expect(a.d.orderStrategy).toMatchObject({
      accountId: ACCOUNT,
      status: "ActiveStrategy",
      orderStrategyTypeId: 2,
    });
    const entryFill = (await t.waitFor((d) => d.entityType === "fill")).entity;
    const versions = async () =>
      t
        .props()
        .filter((d) => d.entityType === "orderVersion")
        .map((d) => d.entity);
    await t.c.until(() => t.props().filter((d) => d.entityType === "orderVersion").length >= 3);
    const [target, stop] = (await versions()).slice(1);
    expect(target).toMatchObject({ orderType: "Limit", price: entryFill.price + 0.5, orderQty: 1 });
    expect(stop).toMatchObject({
      orderType: "Stop",
      stopPrice: entryFill.price - 0.5,
      orderQty: 1,
    });
    const done = await t.waitFor(
      (d) => d.entityType === "orderStrategy" && d.entity.status !== "ActiveStrategy",
      60_000,
    );
    expect(done.entity.status).toBe("ExecutionFinished");
    const statuses = new Map(
      t
        .props()
        .filter((d) => d.entityType === "order")
        .map((d) => [d.entity.id, d.entity.ordStatus]),
    );
    expect([...statuses.values()].sort()).toEqual(["Canceled", "Filled", "Filled"]);
  });

  test("a bot that reconnects gets its positions, working orders, fills and cash in the sync", async () => {
    server = await startReplayServer({ tapes: [DEMO], speed: 10, sim: { mode: "on" } });
    const token = await login(server);
    const first = await trader(server, token);
    await first.request("order/placeOrder", market("Buy", 3));
    await first.waitFor((d) => d.entityType === "position" && d.entity.netPos === 3);
    const far = await first.request("order/placeOrder", {
      ...market("Buy", 1),
      orderType: "Limit",
      price: 6000,
    });
    await first.waitFor(
      (d) =>
        d.entityType === "order" &&
        d.entity.id === far.d.orderId &&
        d.entity.ordStatus === "Working",
    );
    first.c.close();
    await first.c.closed;
    const again = await trader(server, token);
    const d = again.sync.d;
    expect(d.positions.map((p: { netPos: number }) => p.netPos)).toEqual([3]);
    expect(d.fills.length).toBeGreaterThan(0);
    expect(d.fills.reduce((n: number, f: { qty: number }) => n + f.qty, 0)).toBe(3);
    expect(d.orders.find((o: { id: number }) => o.id === far.d.orderId).ordStatus).toBe("Working");
    expect(d.cashBalances[0].amount).toBeCloseTo(50000 - 3 * 1.29, 2);
    expect(d.users.length).toBe(1);
  });

  test("bad input and a flood of 10,000 orders: Tradovate-shaped answers, others unaffected", async () => {
    server = await startReplayServer({
      tapes: [DEMO],
      speed: 10,
      sim: { mode: "on" },
      silentTimeoutMs: 0,
    });
    const flooder = await trader(server, await login(server, "flooder"));
    const other = await trader(server, await login(server, "other"));
    const bad = [
      ["order/placeOrder", "not json"],
      ["order/placeOrder", { symbol: "ESZ6" }],
      ["order/placeOrder", { ...market("Buy"), orderQty: 1e9 }],
      ["order/placeOrder", { ...market("Buy"), orderType: "Limit", price: -1 }],
      ["order/cancelOrder", { orderId: 424242 }],
      ["order/modifyOrder", { orderId: 424242, orderQty: 1, orderType: "Market" }],
    ] as const;
    const answers = [];
    for (const [endpoint, body] of bad) {
      answers.push(await flooder.request(endpoint, body));
    }
    expect(answers.map((a) => [a.s, typeof a.d === "string" ? a.d : a.d.failureReason])).toEqual([
      [400, "Invalid JSON: expected an object body"],
      [400, 'Invalid JSON: missing required field "action"'],
      [200, "MaxOrderQtyLimitReached"],
      [200, "InvalidPrice"],
      [200, "UnknownReason"],
      [200, "UnknownReason"],
    ]);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const limit = { ...market("Buy"), orderType: "Limit", price: 6000 };
    const text = JSON.stringify(limit);
    // Parsed as they come: re-reading every frame on every arrival would be the test's own O(n²).
    const replies: Msg[] = [];
    const all = new Promise<void>((resolve) => {
      flooder.c.ws.on("message", (data) => {
        const text = data.toString();
        if (!text.startsWith("a[")) return;
        for (const m of JSON.parse(text.slice(1)) as Msg[]) {
          if ((m.i ?? 0) >= 1000) replies.push(m);
        }
        if (replies.length === 10_000) resolve();
      });
    });
    for (let k = 0; k < 10_000; k++) flooder.c.send(`order/placeOrder\n${1000 + k}\n\n${text}`);
    await all;
    const accepted = replies.filter((m) => m.d?.orderId !== undefined).length;
    expect(accepted).toBe(1000);
    expect(
      replies.filter(
        (m) => m.d?.failureText === "tapedeck sim: more than 1000 orders working at once",
      ).length,
    ).toBe(9000);
    const grown = process.memoryUsage().heapUsed - before;
    if (process.env.SIM_E2E_VERBOSE)
      console.log(`flood heap growth: ${(grown / 1048576).toFixed(1)} MiB`);
    expect(grown).toBeLessThan(300 * 1024 * 1024);
    // The other client's session trades as if nothing happened.
    const o = await other.request("order/placeOrder", market("Sell"));
    await other.waitFor(
      (d) =>
        d.entityType === "order" && d.entity.id === o.d.orderId && d.entity.ordStatus === "Filled",
    );
    expect(
      other.props().filter((d) => d.entityType === "order" && d.eventType === "Created"),
    ).toHaveLength(1);
  }, 120_000);
});

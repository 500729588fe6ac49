/**
 * Checks a parsed scenario file against the rules of scenarios/scenario.schema.json and says
 * where the first problem is (`$.steps[2].wait`) and what was expected there. Hand-written
 * rather than a schema engine so the messages read as sentences.
 */
import { ORDER_STEP_KINDS } from "./order-steps.js";
import type { Scenario } from "./types.js";

/** A problem in a scenario file: the JSON path and what was expected. */
export interface ScenarioProblem {
  readonly path: string;
  readonly expected: string;
}

/** The step kinds, each step's one key (the schema lists the same). */
export const STEP_KINDS = [
  "connect",
  "authorize",
  "request",
  "subscribe",
  "manualTrade",
  "send",
  "wait",
  "close",
  ...ORDER_STEP_KINDS,
] as const;

const ROLES = ["trading", "md", "replay", "trademanager"];
const MARKS = ["bidask", "last", "mid"];
const MATCHINGS = ["fifo", "average"];
const ACTIONS = ["Buy", "Sell"];
const ORDER_TYPES = ["Market", "Limit", "Stop", "StopLimit"];
const TIMES_IN_FORCE = ["Day", "GTC", "IOC", "FOK"];
const ORD_STATUSES = [
  "PendingNew",
  "Working",
  "Suspended",
  "Filled",
  "Canceled",
  "Rejected",
  "Expired",
];
const SIM_MODES = ["auto", "on", "off"];
const FILL_MODELS = ["touch", "through", "queue"];
const STOP_TRIGGERS = ["last", "bidask"];
const MONEY = /^-?\d+(\.\d+)?$/;
const QTY = /^-?\d+(\.\d+)?$/;

type Obj = Record<string, unknown>;

class Fail extends Error {
  constructor(readonly problem: ScenarioProblem) {
    super(`${problem.path}: expected ${problem.expected}`);
  }
}

function fail(path: string, expected: string): never {
  throw new Fail({ path, expected });
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}...` : v);
  if (typeof v === "object") return "an object";
  return String(v);
}

function obj(v: unknown, path: string, keys: readonly string[], required: readonly string[]): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    fail(path, `an object, got ${describe(v)}`);
  const o = v as Obj;
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) fail(`${path}.${k}`, `no such field (known: ${keys.join(", ")})`);
  }
  for (const k of required) if (!(k in o)) fail(`${path}.${k}`, "this field (it is required)");
  return o;
}

/** An object whose keys are the user's own (socket names, kinds). */
function openObj(v: unknown, path: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    fail(path, `an object, got ${describe(v)}`);
  }
  return v as Obj;
}

function str(v: unknown, path: string, what = "a string"): string {
  if (typeof v !== "string" || v === "") fail(path, `${what}, got ${describe(v)}`);
  return v;
}

function oneOf(v: unknown, path: string, list: readonly string[]): string {
  if (typeof v !== "string" || !list.includes(v)) {
    fail(path, `one of ${list.map((x) => JSON.stringify(x)).join(", ")}, got ${describe(v)}`);
  }
  return v;
}

function int(v: unknown, path: string, min = 0): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    fail(path, `an integer >= ${min}, got ${describe(v)}`);
  }
  return v;
}

function num(v: unknown, path: string, min?: number, max?: number): number {
  const range =
    min === undefined ? "" : max === undefined ? ` >= ${min}` : ` from ${min} to ${max}`;
  if (
    typeof v !== "number" ||
    !Number.isFinite(v) ||
    (min !== undefined && v < min) ||
    (max !== undefined && v > max)
  ) {
    fail(path, `a number${range}, got ${describe(v)}`);
  }
  return v;
}

function bool(v: unknown, path: string): void {
  if (typeof v !== "boolean") fail(path, `true or false, got ${describe(v)}`);
}

/** The names order steps give (`as`), in step order, so later steps and expectations can use them. */
class Names {
  readonly orders: string[] = [];
  readonly strategies: string[] = [];

  define(v: unknown, path: string, kind: "orders" | "strategies"): void {
    const name = str(v, path, "a name");
    if (this.orders.includes(name) || this.strategies.includes(name)) {
      fail(path, `a name no earlier step used, got ${describe(name)}`);
    }
    this[kind].push(name);
  }

  order(v: unknown, path: string, what: string): void {
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 1) return;
    const known = this.orders.length === 0 ? "none yet" : `known: ${this.orders.join(", ")}`;
    if (typeof v !== "string" || !this.orders.includes(v)) {
      fail(path, `the name of an order ${what} (${known}) or an order id, got ${describe(v)}`);
    }
  }
}

function arr(v: unknown, path: string, minItems = 0): unknown[] {
  if (!Array.isArray(v)) fail(path, `an array, got ${describe(v)}`);
  if (v.length < minItems) fail(path, `at least ${minItems} item(s)`);
  return v;
}

function money(v: unknown, path: string, nullable: boolean): void {
  if (nullable && v === null) return;
  if (typeof v !== "string" || !MONEY.test(v)) {
    fail(
      path,
      `dollars as decimal text like "250.00"${nullable ? " or null" : ""}, got ${describe(v)}`,
    );
  }
}

function speed(v: unknown, path: string): void {
  if (v === "max") return;
  if (typeof v !== "number" || !(v >= 0.25 && v <= 100)) {
    fail(path, `"max" or a number from 0.25 to 100, got ${describe(v)}`);
  }
}

const TERMS = ["orderType", "price", "stopPrice", "timeInForce", "text"];

/** Order terms: type, prices (a Limit needs `price`, a Stop `stopPrice`), time in force. */
function orderTerms(o: Obj, path: string): void {
  const type = oneOf(o.orderType, `${path}.orderType`, ORDER_TYPES);
  if (o.price !== undefined) num(o.price, `${path}.price`);
  if (o.stopPrice !== undefined) num(o.stopPrice, `${path}.stopPrice`);
  if ((type === "Limit" || type === "StopLimit") && o.price === undefined) {
    fail(`${path}.price`, `this field (a ${type} order needs a price)`);
  }
  if ((type === "Stop" || type === "StopLimit") && o.stopPrice === undefined) {
    fail(`${path}.stopPrice`, `this field (a ${type} order needs a stopPrice)`);
  }
  if (o.timeInForce !== undefined) oneOf(o.timeInForce, `${path}.timeInForce`, TIMES_IN_FORCE);
  if (o.text !== undefined) str(o.text, `${path}.text`);
}

/** The fields of a placeOrder body (also placeOCO's and placeOSO's entry). */
function placeFields(o: Obj, p: string, names: Names): void {
  if (o.on !== undefined) str(o.on, `${p}.on`, "a socket name");
  if (o.accountId !== undefined) int(o.accountId, `${p}.accountId`, 1);
  str(o.symbol, `${p}.symbol`, "a contract name like ESZ6");
  oneOf(o.action, `${p}.action`, ACTIONS);
  int(o.orderQty, `${p}.orderQty`, 1);
  orderTerms(o, p);
  if (o.isAutomated !== undefined) bool(o.isAutomated, `${p}.isAutomated`);
  if (o.as !== undefined) names.define(o.as, `${p}.as`, "orders");
}

const PLACE_KEYS = [
  "on",
  "accountId",
  "as",
  "symbol",
  "action",
  "orderQty",
  ...TERMS,
  "isAutomated",
];
const PLACE_REQUIRED = ["symbol", "action", "orderQty", "orderType"];

/** placeOCO's `other`, placeOSO's brackets. */
function linkedOrder(v: unknown, p: string, names: Names): void {
  const o = obj(v, p, ["action", "orderQty", "as", ...TERMS], ["action", "orderType"]);
  oneOf(o.action, `${p}.action`, ACTIONS);
  if (o.orderQty !== undefined) int(o.orderQty, `${p}.orderQty`, 1);
  orderTerms(o, p);
  if (o.as !== undefined) names.define(o.as, `${p}.as`, "orders");
}

function answerExpectation(v: unknown, path: string): void {
  const e = obj(v, path, ["status", "failureReason", "failureText", "error"], []);
  if (e.status !== undefined) int(e.status, `${path}.status`, 100);
  for (const k of ["failureReason", "failureText", "error"]) {
    if (e[k] !== undefined) str(e[k], `${path}.${k}`);
  }
}

/** An order-entry step (its `expect` is checked by the caller). */
function orderStep(o: Obj, kind: string, path: string, names: Names): void {
  const p = `${path}.${kind}`;
  switch (kind) {
    case "placeOrder": {
      const b = obj(o.placeOrder, p, PLACE_KEYS, PLACE_REQUIRED);
      placeFields(b, p, names);
      return;
    }
    case "placeOCO": {
      const b = obj(o.placeOCO, p, [...PLACE_KEYS, "other"], [...PLACE_REQUIRED, "other"]);
      placeFields(b, p, names);
      linkedOrder(b.other, `${p}.other`, names);
      return;
    }
    case "placeOSO": {
      const b = obj(
        o.placeOSO,
        p,
        [...PLACE_KEYS, "bracket1", "bracket2"],
        [...PLACE_REQUIRED, "bracket1"],
      );
      placeFields(b, p, names);
      linkedOrder(b.bracket1, `${p}.bracket1`, names);
      if (b.bracket2 !== undefined) linkedOrder(b.bracket2, `${p}.bracket2`, names);
      return;
    }
    case "modifyOrder": {
      const b = obj(
        o.modifyOrder,
        p,
        ["on", "order", "orderQty", "orderType", "price", "stopPrice", "timeInForce"],
        ["order"],
      );
      if (b.on !== undefined) str(b.on, `${p}.on`, "a socket name");
      names.order(b.order, `${p}.order`, "an earlier step placed");
      if (b.orderQty !== undefined) int(b.orderQty, `${p}.orderQty`, 1);
      if (b.orderType !== undefined) oneOf(b.orderType, `${p}.orderType`, ORDER_TYPES);
      if (b.price !== undefined) num(b.price, `${p}.price`);
      if (b.stopPrice !== undefined) num(b.stopPrice, `${p}.stopPrice`);
      if (b.timeInForce !== undefined) oneOf(b.timeInForce, `${p}.timeInForce`, TIMES_IN_FORCE);
      return;
    }
    case "cancelOrder": {
      const b = obj(o.cancelOrder, p, ["on", "order"], ["order"]);
      if (b.on !== undefined) str(b.on, `${p}.on`, "a socket name");
      names.order(b.order, `${p}.order`, "an earlier step placed");
      return;
    }
    case "liquidatePosition": {
      const b = obj(o.liquidatePosition, p, ["on", "accountId", "as", "symbol"], ["symbol"]);
      if (b.on !== undefined) str(b.on, `${p}.on`, "a socket name");
      if (b.accountId !== undefined) int(b.accountId, `${p}.accountId`, 1);
      str(b.symbol, `${p}.symbol`, "a contract name like ESZ6");
      if (b.as !== undefined) names.define(b.as, `${p}.as`, "orders");
      return;
    }
    case "startOrderStrategy": {
      const b = obj(
        o.startOrderStrategy,
        p,
        ["on", "accountId", "as", "symbol", "action", "entry", "brackets"],
        ["symbol", "action", "entry", "brackets"],
      );
      if (b.on !== undefined) str(b.on, `${p}.on`, "a socket name");
      if (b.accountId !== undefined) int(b.accountId, `${p}.accountId`, 1);
      str(b.symbol, `${p}.symbol`, "a contract name like ESZ6");
      oneOf(b.action, `${p}.action`, ACTIONS);
      const e = obj(b.entry, `${p}.entry`, ["orderQty", ...TERMS], ["orderQty", "orderType"]);
      int(e.orderQty, `${p}.entry.orderQty`, 1);
      orderTerms(e, `${p}.entry`);
      for (const [k, br] of arr(b.brackets, `${p}.brackets`).entries()) {
        const bp = `${p}.brackets[${k}]`;
        const x = obj(br, bp, ["qty", "profitTarget", "stopLoss", "trailingStop"], []);
        if (x.qty !== undefined) int(x.qty, `${bp}.qty`, 1);
        if (x.profitTarget !== undefined) num(x.profitTarget, `${bp}.profitTarget`);
        if (x.stopLoss !== undefined) num(x.stopLoss, `${bp}.stopLoss`);
        if (x.trailingStop !== undefined) bool(x.trailingStop, `${bp}.trailingStop`);
      }
      if (b.as !== undefined) names.define(b.as, `${p}.as`, "strategies");
      return;
    }
  }
}

function step(v: unknown, path: string, names: Names): void {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    fail(path, `a step object, got ${describe(v)}`);
  const kind = STEP_KINDS.find((k) => k in (v as Obj));
  if (!kind) fail(path, `a step with one of ${STEP_KINDS.join(", ")}`);
  const o = v as Obj;
  const p = `${path}.${kind}`;
  if ((ORDER_STEP_KINDS as readonly string[]).includes(kind)) {
    obj(o, path, [kind, "expect"], [kind]);
    orderStep(o, kind, path, names);
    if (o.expect !== undefined) answerExpectation(o.expect, `${path}.expect`);
    return;
  }
  switch (kind) {
    case "connect":
      obj(o, path, ["connect", "as", "tape"], ["connect"]);
      oneOf(o.connect, p, ROLES);
      if (o.as !== undefined) str(o.as, `${path}.as`);
      if (o.tape !== undefined) int(o.tape, `${path}.tape`, 1);
      return;
    case "authorize":
      obj(o, path, ["authorize", "token", "user"], ["authorize"]);
      str(o.authorize, p, "a socket name");
      if (o.token !== undefined) str(o.token, `${path}.token`);
      if (o.user !== undefined) str(o.user, `${path}.user`);
      return;
    case "request": {
      obj(o, path, ["request", "expect"], ["request"]);
      const r = obj(o.request, p, ["on", "endpoint", "query", "body"], ["on", "endpoint"]);
      str(r.on, `${p}.on`, "a socket name");
      str(r.endpoint, `${p}.endpoint`, "an endpoint like user/syncrequest");
      if (r.query !== undefined) str(r.query, `${p}.query`);
      if (o.expect !== undefined) {
        const e = obj(o.expect, `${path}.expect`, ["status", "error"], []);
        if (e.status !== undefined) int(e.status, `${path}.expect.status`, 100);
        if (e.error !== undefined) str(e.error, `${path}.expect.error`);
      }
      return;
    }
    case "subscribe": {
      obj(o, path, ["subscribe"], ["subscribe"]);
      const s = obj(o.subscribe, p, ["on", "symbol", "kind"], ["on", "symbol"]);
      str(s.on, `${p}.on`, "a socket name");
      str(s.symbol, `${p}.symbol`, "a contract name like ESZ6");
      if (s.kind !== undefined) oneOf(s.kind, `${p}.kind`, ["quote", "dom"]);
      return;
    }
    case "manualTrade": {
      obj(o, path, ["manualTrade"], ["manualTrade"]);
      const m = obj(
        o.manualTrade,
        p,
        ["on", "side", "size", "strategy", "ticker"],
        ["on", "side", "size", "strategy", "ticker"],
      );
      str(m.on, `${p}.on`, "a socket name");
      oneOf(m.side, `${p}.side`, ["BUY", "SELL", "CLOSE"]);
      if (typeof m.size !== "number" || !Number.isInteger(m.size)) fail(`${p}.size`, "an integer");
      str(m.strategy, `${p}.strategy`);
      str(m.ticker, `${p}.ticker`);
      return;
    }
    case "send": {
      obj(o, path, ["send"], ["send"]);
      const s = obj(o.send, p, ["on", "text"], ["on", "text"]);
      str(s.on, `${p}.on`, "a socket name");
      if (typeof s.text !== "string") fail(`${p}.text`, "a string");
      return;
    }
    case "wait": {
      obj(o, path, ["wait"], ["wait"]);
      const w = o.wait;
      if (w === "idle") return;
      const expected = '"idle", {"ms": n}, {"on", "kind", "count"} or {"closed": socket}';
      if (typeof w !== "object" || w === null || Array.isArray(w))
        fail(p, `${expected}, got ${describe(w)}`);
      const wo = w as Obj;
      if ("ms" in wo) {
        obj(wo, p, ["ms"], ["ms"]);
        int(wo.ms, `${p}.ms`, 0);
      } else if ("closed" in wo) {
        obj(wo, p, ["closed"], ["closed"]);
        str(wo.closed, `${p}.closed`, "a socket name");
      } else if ("on" in wo) {
        obj(wo, p, ["on", "kind", "count"], ["on", "kind", "count"]);
        str(wo.on, `${p}.on`, "a socket name");
        str(wo.kind, `${p}.kind`, "a message kind like props:fill or LOGS");
        int(wo.count, `${p}.count`, 1);
      } else fail(p, expected);
      return;
    }
    case "close":
      obj(o, path, ["close"], ["close"]);
      str(o.close, p, "a socket name");
      return;
  }
}

function positions(v: unknown, path: string, record: boolean): void {
  const keys = record
    ? ["strategy", "ticker", "timeframe", "quantity", "avgPrice", "realized", "unrealized", "fees"]
    : ["symbol", "account", "quantity", "avgPrice", "realized", "unrealized", "fees", "net"];
  const required = record
    ? ["strategy", "ticker", "timeframe", "quantity"]
    : ["symbol", "quantity"];
  for (const [k, item] of arr(v, path).entries()) {
    const p = `${path}[${k}]`;
    const o = obj(item, p, keys, required);
    for (const f of ["symbol", "account", "strategy", "ticker", "timeframe"]) {
      if (o[f] !== undefined) str(o[f], `${p}.${f}`);
    }
    if (typeof o.quantity !== "string" || !QTY.test(o.quantity)) {
      fail(`${p}.quantity`, `a signed quantity as text like "-2", got ${describe(o.quantity)}`);
    }
    if (o.avgPrice !== undefined && o.avgPrice !== null) str(o.avgPrice, `${p}.avgPrice`);
    if (o.realized !== undefined) money(o.realized, `${p}.realized`, false);
    if (o.fees !== undefined) money(o.fees, `${p}.fees`, false);
    if (o.unrealized !== undefined) money(o.unrealized, `${p}.unrealized`, true);
    if (o.net !== undefined) money(o.net, `${p}.net`, true);
  }
}

function fillList(v: unknown, path: string, names: Names, withOrder: boolean): void {
  const keys = ["action", "qty", "price", "time", ...(withOrder ? ["order"] : [])];
  for (const [k, item] of arr(v, path).entries()) {
    const p = `${path}[${k}]`;
    const f = obj(item, p, keys, ["action", "qty", "price"]);
    oneOf(f.action, `${p}.action`, ACTIONS);
    int(f.qty, `${p}.qty`, 1);
    num(f.price, `${p}.price`);
    if (f.time !== undefined) str(f.time, `${p}.time`, "a timestamp like 2026-11-20T14:30:06.000Z");
    if (f.order !== undefined) names.order(f.order, `${p}.order`, "a step placed");
  }
}

function tradingExpectations(o: Obj, path: string, names: Names): void {
  if (o.orders !== undefined) {
    for (const [name, w] of Object.entries(openObj(o.orders, `${path}.orders`))) {
      const p = `${path}.orders.${name}`;
      if (!names.orders.includes(name)) {
        const known = names.orders.length === 0 ? "none" : names.orders.join(", ");
        fail(p, `the name of an order a step placed (known: ${known})`);
      }
      const e = obj(w, p, ["ordStatus", "fills"], []);
      if (e.ordStatus !== undefined) oneOf(e.ordStatus, `${p}.ordStatus`, ORD_STATUSES);
      if (e.fills !== undefined) fillList(e.fills, `${p}.fills`, names, false);
    }
  }
  if (o.allFills !== undefined) fillList(o.allFills, `${path}.allFills`, names, true);
  if (o.strategies !== undefined) {
    for (const [name, status] of Object.entries(openObj(o.strategies, `${path}.strategies`))) {
      const p = `${path}.strategies.${name}`;
      if (!names.strategies.includes(name)) {
        const known = names.strategies.length === 0 ? "none" : names.strategies.join(", ");
        fail(p, `the name of an order strategy a step started (known: ${known})`);
      }
      str(status, p, "a strategy status like ExecutionFinished");
    }
  }
}

function simSettings(v: unknown, path: string): void {
  const o = obj(
    v,
    path,
    [
      "mode",
      "fillModel",
      "latencyMs",
      "jitterMs",
      "seed",
      "balance",
      "stopTrigger",
      "sendRecorded",
    ],
    [],
  );
  if (o.mode !== undefined) oneOf(o.mode, `${path}.mode`, SIM_MODES);
  if (o.fillModel !== undefined) oneOf(o.fillModel, `${path}.fillModel`, FILL_MODELS);
  if (o.latencyMs !== undefined) num(o.latencyMs, `${path}.latencyMs`, 0, 3_600_000);
  if (o.jitterMs !== undefined) num(o.jitterMs, `${path}.jitterMs`, 0, 3_600_000);
  if (o.seed !== undefined) int(o.seed, `${path}.seed`);
  if (o.balance !== undefined) num(o.balance, `${path}.balance`, 0);
  if (o.stopTrigger !== undefined) oneOf(o.stopTrigger, `${path}.stopTrigger`, STOP_TRIGGERS);
  if (o.sendRecorded !== undefined) bool(o.sendRecorded, `${path}.sendRecorded`);
}

function expectations(v: unknown, path: string, names: Names): void {
  const o = obj(
    v,
    path,
    [
      "mark",
      "matching",
      "fees",
      "positions",
      "records",
      "fills",
      "counts",
      "noUnrecognised",
      "reconnected",
      "disagreements",
      "shapesLike",
      "orders",
      "allFills",
      "strategies",
    ],
    ["mark"],
  );
  oneOf(o.mark, `${path}.mark`, MARKS);
  if (o.matching !== undefined) oneOf(o.matching, `${path}.matching`, MATCHINGS);
  if (o.fees !== undefined) {
    const f = obj(o.fees, `${path}.fees`, ["micro", "emini", "standard"], []);
    for (const [k, x] of Object.entries(f)) money(x, `${path}.fees.${k}`, false);
  }
  if (o.positions !== undefined) positions(o.positions, `${path}.positions`, false);
  if (o.records !== undefined) positions(o.records, `${path}.records`, true);
  if (o.fills !== undefined) {
    const f = obj(o.fills, `${path}.fills`, ["tradovate", "trademanager"], []);
    for (const [k, x] of Object.entries(f)) int(x, `${path}.fills.${k}`);
  }
  if (o.counts !== undefined) {
    // Any socket names and kinds: only the shape (object of objects of counts) is fixed.
    const c = openObj(o.counts, `${path}.counts`);
    for (const [socket, kinds] of Object.entries(c)) {
      const k = openObj(kinds, `${path}.counts.${socket}`);
      for (const [kind, n] of Object.entries(k)) int(n, `${path}.counts.${socket}.${kind}`);
    }
  }
  if (o.noUnrecognised !== undefined && typeof o.noUnrecognised !== "boolean") {
    fail(`${path}.noUnrecognised`, "true or false");
  }
  if (o.reconnected !== undefined) {
    for (const [k, s] of arr(o.reconnected, `${path}.reconnected`).entries()) {
      str(s, `${path}.reconnected[${k}]`, "a socket name");
    }
  }
  if (o.disagreements !== undefined) int(o.disagreements, `${path}.disagreements`);
  if (o.shapesLike !== undefined) {
    str(o.shapesLike, `${path}.shapesLike`, "a baseline tape path relative to the scenario file");
  }
  tradingExpectations(o, path, names);
}

/** Checks `value` is a scenario; returns it typed, or the first problem found. */
export function validateScenario(value: unknown): Scenario | ScenarioProblem {
  try {
    const o = obj(
      value,
      "$",
      ["$schema", "name", "description", "tapes", "replay", "steps", "expect"],
      ["name", "tapes", "steps", "expect"],
    );
    if (o.$schema !== undefined) str(o.$schema, "$.$schema");
    str(o.name, "$.name", "a name");
    if (o.description !== undefined) str(o.description, "$.description");
    for (const [k, t] of arr(o.tapes, "$.tapes", 1).entries()) {
      str(t, `$.tapes[${k}]`, "a tape path relative to the scenario file");
    }
    if (o.replay !== undefined) {
      const r = obj(o.replay, "$.replay", ["speed", "faults", "seed", "alsoAt", "sim"], []);
      if (r.speed !== undefined) speed(r.speed, "$.replay.speed");
      if (r.faults !== undefined) {
        for (const [k, f] of arr(r.faults, "$.replay.faults").entries()) {
          str(f, `$.replay.faults[${k}]`, "a fault spec like drop:p=0.1");
        }
      }
      if (r.seed !== undefined) int(r.seed, "$.replay.seed");
      if (r.alsoAt !== undefined) {
        for (const [k, s] of arr(r.alsoAt, "$.replay.alsoAt", 1).entries()) {
          speed(s, `$.replay.alsoAt[${k}]`);
        }
      }
      if (r.sim !== undefined) simSettings(r.sim, "$.replay.sim");
    }
    const names = new Names();
    for (const [k, s] of arr(o.steps, "$.steps", 1).entries()) step(s, `$.steps[${k}]`, names);
    expectations(o.expect, "$.expect", names);
    return o as unknown as Scenario;
  } catch (err) {
    if (err instanceof Fail) return err.problem;
    throw err;
  }
}

/** True when {@link validateScenario} found a problem. */
export function isProblem(v: Scenario | ScenarioProblem): v is ScenarioProblem {
  return "expected" in v && "path" in v && !("steps" in v);
}

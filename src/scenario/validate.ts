/**
 * Checks a parsed scenario file against the rules of scenarios/scenario.schema.json and says
 * where the first problem is (`$.steps[2].wait`) and what was expected there. Hand-written
 * rather than a schema engine so the messages read as sentences.
 */
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
] as const;

const ROLES = ["trading", "md", "replay", "trademanager"];
const MARKS = ["bidask", "last", "mid"];
const MATCHINGS = ["fifo", "average"];
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

function step(v: unknown, path: string): void {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    fail(path, `a step object, got ${describe(v)}`);
  const kind = STEP_KINDS.find((k) => k in (v as Obj));
  if (!kind) fail(path, `a step with one of ${STEP_KINDS.join(", ")}`);
  const o = v as Obj;
  const p = `${path}.${kind}`;
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

function expectations(v: unknown, path: string): void {
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
      const r = obj(o.replay, "$.replay", ["speed", "faults", "seed", "alsoAt"], []);
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
    }
    for (const [k, s] of arr(o.steps, "$.steps", 1).entries()) step(s, `$.steps[${k}]`);
    expectations(o.expect, "$.expect");
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

/**
 * Scenario files: bad ones are one plain error naming the file, the JSON path and what was
 * expected; the hand-written validator and the published JSON Schema agree (ajv checks the
 * schema side; ajv comes with @asyncapi/parser and is used here only).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadScenario, parseScenarioText } from "../../src/scenario/load.js";
import { isProblem, STEP_KINDS, validateScenario } from "../../src/scenario/validate.js";
import { repoRoot } from "../helpers/cli.js";

const schema = JSON.parse(readFileSync(join(repoRoot, "scenarios/scenario.schema.json"), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: false });
const schemaValid = ajv.compile(schema);

const good = {
  name: "x",
  tapes: ["tapes/es-long.tape.jsonl"],
  steps: [{ connect: "trading" }, { authorize: "trading" }, { wait: "idle" }],
  expect: { mark: "bidask", positions: [{ symbol: "ESZ6", quantity: "1", realized: "250.00" }] },
};

function problemOf(value: unknown): string {
  const v = validateScenario(value);
  return isProblem(v) ? `${v.path}: expected ${v.expected}` : "ok";
}

describe("validateScenario", () => {
  test("accepts a well-formed scenario", () => {
    expect(problemOf(good)).toBe("ok");
    expect(schemaValid(good)).toBe(true);
  });

  test.each([
    [{ ...good, tapes: [] }, "$.tapes: expected at least 1 item(s)"],
    [
      { ...good, steps: [{ connect: "trading" }, { wait: "soon" }] },
      '$.steps[1].wait: expected "idle"',
    ],
    [{ ...good, steps: [{ connect: "broker" }] }, '$.steps[0].connect: expected one of "trading"'],
    [{ ...good, steps: [{ jump: 1 }] }, "$.steps[0]: expected a step with one of connect"],
    [{ ...good, expect: { positions: [] } }, "$.expect.mark: expected this field (it is required)"],
    [
      { ...good, expect: { mark: "bidask", positions: [{ symbol: "ESZ6", quantity: 1 }] } },
      '$.expect.positions[0].quantity: expected a signed quantity as text like "-2", got 1',
    ],
    [
      {
        ...good,
        expect: { mark: "bidask", positions: [{ symbol: "ESZ6", quantity: "1", realized: 250 }] },
      },
      '$.expect.positions[0].realized: expected dollars as decimal text like "250.00", got 250',
    ],
    [
      { ...good, replay: { speed: 1000 } },
      '$.replay.speed: expected "max" or a number from 0.25 to 100',
    ],
    [{ ...good, extra: true }, "$.extra: expected no such field"],
  ])("names the path of what is wrong (%#)", (value, message) => {
    expect(problemOf(value)).toContain(message);
    // The published schema refuses the same files.
    expect(schemaValid(value)).toBe(false);
  });

  test("every shipped scenario passes both the validator and the schema", () => {
    const dir = join(repoRoot, "scenarios");
    for (const name of readdirSync(dir).filter(
      (n) => n.endsWith(".json") && !n.includes("schema"),
    )) {
      const value = JSON.parse(readFileSync(join(dir, name), "utf8"));
      expect(problemOf(value), name).toBe("ok");
      expect(schemaValid(value), `${name}: ${ajv.errorsText(schemaValid.errors)}`).toBe(true);
    }
  });

  test("the schema lists exactly the validator's step kinds", () => {
    const kinds = (schema.properties.steps.items.oneOf as Array<{ required: string[] }>).map(
      (s) => s.required[0],
    );
    expect(kinds).toEqual([...STEP_KINDS]);
  });

  test("never throws, and agrees with the schema, on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const verdict = validateScenario(value);
        // Arbitrary JSON is almost never a scenario; when the validator says yes, so must the schema.
        if (!isProblem(verdict)) expect(schemaValid(value)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("mutating one field of a good scenario: validator and schema give the same verdict", () => {
    const paths = [
      ["name"],
      ["tapes", 0],
      ["steps", 0, "connect"],
      ["steps", 2, "wait"],
      ["expect", "mark"],
      ["expect", "positions", 0, "quantity"],
      ["expect", "positions", 0, "realized"],
      ["expect", "counts"],
      ["expect", "fills"],
      ["replay"],
      ["steps", 1],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, v) => {
        const copy = structuredClone(good) as Record<string, unknown>;
        let at: Record<string | number, unknown> = copy;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        at[path.at(-1)!] = v;
        const ok = !isProblem(validateScenario(copy));
        expect(schemaValid(copy)).toBe(ok);
      }),
      { numRuns: 300 },
    );
  });
});

describe("order steps and their expectations", () => {
  const sync = { request: { on: "trading", endpoint: "user/syncrequest", body: { users: [1] } } };
  const entry = {
    placeOrder: {
      symbol: "ESZ6",
      action: "Buy",
      orderQty: 1,
      orderType: "Limit",
      price: 6705.25,
      as: "entry",
    },
  };
  const trading = {
    ...good,
    replay: { speed: 1, sim: { fillModel: "through", latencyMs: 5, stopTrigger: "bidask" } },
    steps: [
      { connect: "trading" },
      { authorize: "trading" },
      sync,
      entry,
      { modifyOrder: { order: "entry", price: 6705.5 } },
      { cancelOrder: { order: "entry" }, expect: { failureReason: "TooLate" } },
      {
        placeOSO: {
          symbol: "ESZ6",
          action: "Buy",
          orderQty: 1,
          orderType: "Market",
          as: "bracketed",
          bracket1: { action: "Sell", orderType: "Limit", price: 6710, as: "target" },
          bracket2: { action: "Sell", orderType: "Stop", stopPrice: 6700, as: "stop" },
        },
      },
      {
        startOrderStrategy: {
          symbol: "ESZ6",
          action: "Buy",
          entry: { orderQty: 1, orderType: "Market" },
          brackets: [{ profitTarget: 3, stopLoss: -2 }],
          as: "strategy",
        },
      },
      { liquidatePosition: { symbol: "ESZ6", as: "flat" } },
    ],
    expect: {
      mark: "bidask",
      orders: {
        entry: { ordStatus: "Canceled", fills: [] },
        target: {
          fills: [{ action: "Sell", qty: 1, price: 6710, time: "2026-11-20T14:30:09.000Z" }],
        },
      },
      allFills: [{ action: "Buy", qty: 1, price: 6705.25, order: "entry" }],
      strategies: { strategy: "ExecutionFinished" },
    },
  };
  const withStep = (step: unknown) => ({ ...trading, steps: [...trading.steps.slice(0, 4), step] });

  test("accepts every order step and expectation", () => {
    expect(problemOf(trading)).toBe("ok");
    expect(schemaValid(trading), ajv.errorsText(schemaValid.errors)).toBe(true);
  });

  test.each([
    [
      withStep({ placeOrder: { ...entry.placeOrder, price: undefined, as: "x" } }),
      "$.steps[4].placeOrder.price: expected this field (a Limit order needs a price)",
    ],
    [
      withStep({ placeOrder: { ...entry.placeOrder, action: "buy", as: "x" } }),
      '$.steps[4].placeOrder.action: expected one of "Buy", "Sell", got "buy"',
    ],
    [
      withStep({ placeOrder: { ...entry.placeOrder, orderQty: 0, as: "x" } }),
      "$.steps[4].placeOrder.orderQty: expected an integer >= 1, got 0",
    ],
    [
      withStep({ cancelOrder: { order: "entry" }, expect: { failure: "TooLate" } }),
      "$.steps[4].expect.failure: expected no such field",
    ],
    [
      withStep({ placeOSO: { ...entry.placeOrder, as: "x", bracket1: { action: "Sell" } } }),
      "$.steps[4].placeOSO.bracket1.orderType: expected this field (it is required)",
    ],
    [
      { ...trading, replay: { sim: { fillModel: "maybe" } } },
      '$.replay.sim.fillModel: expected one of "touch", "through", "queue", got "maybe"',
    ],
    [
      { ...trading, replay: { sim: { latencyMs: -1 } } },
      "$.replay.sim.latencyMs: expected a number from 0 to 3600000, got -1",
    ],
    [
      { ...trading, expect: { mark: "bidask", orders: { entry: { ordStatus: "Done" } } } },
      '$.expect.orders.entry.ordStatus: expected one of "PendingNew"',
    ],
    [
      {
        ...trading,
        expect: { mark: "bidask", orders: { entry: { fills: [{ action: "Buy", qty: 1 }] } } },
      },
      "$.expect.orders.entry.fills[0].price: expected this field (it is required)",
    ],
  ])("names the path of a bad order step or expectation (%#)", (value, message) => {
    expect(problemOf(value)).toContain(message);
    expect(schemaValid(value)).toBe(false);
  });

  // Names are the validator's own check: the schema cannot follow them from step to step.
  test.each([
    [
      withStep({ modifyOrder: { order: "entyr", price: 1 } }),
      '$.steps[4].modifyOrder.order: expected the name of an order an earlier step placed (known: entry) or an order id, got "entyr"',
    ],
    [
      { ...trading, steps: [{ cancelOrder: { order: "entry" } }, ...trading.steps] },
      '$.steps[0].cancelOrder.order: expected the name of an order an earlier step placed (none yet) or an order id, got "entry"',
    ],
    [
      withStep({ placeOrder: { ...entry.placeOrder } }),
      '$.steps[4].placeOrder.as: expected a name no earlier step used, got "entry"',
    ],
    [
      { ...trading, expect: { mark: "bidask", orders: { exit: {} } } },
      "$.expect.orders.exit: expected the name of an order a step placed (known: entry, bracketed, target, stop, flat)",
    ],
    [
      { ...trading, expect: { mark: "bidask", strategies: { entry: "ExecutionFinished" } } },
      "$.expect.strategies.entry: expected the name of an order strategy a step started (known: strategy)",
    ],
  ])("an order name no step gave is one plain line (%#)", (value, message) => {
    expect(problemOf(value)).toBe(message);
  });
});

describe("loading scenario files", () => {
  const dir = mkdtempSync(join(tmpdir(), "tapedeck-scenario-"));

  test("a JSON error names the file and line", () => {
    expect(() => parseScenarioText('{\n  "name": "x",\n  oops\n}', "s.json")).toThrow(
      /^s\.json:3: not valid JSON/,
    );
  });

  test("a schema problem names the file and the path", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ ...good, steps: [{ wait: { ms: -1 } }] }));
    return expect(loadScenario(file)).rejects.toThrow(
      `${file}: $.steps[0].wait.ms: expected an integer >= 0, got -1`,
    );
  });

  test("a missing tape names the file, the path and the tape", async () => {
    const file = join(dir, "notape.json");
    writeFileSync(file, JSON.stringify(good));
    const err = await loadScenario(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(
      `${file}: $.tapes[0]: no tape at ${join(dir, "tapes/es-long.tape.jsonl")}`,
    );
  });

  test("never throws anything but InputError on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          try {
            parseScenarioText(text, "f.json");
          } catch (err) {
            expect(err).toBeInstanceOf(InputError);
            expect((err as Error).message.startsWith("f.json")).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

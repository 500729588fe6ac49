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

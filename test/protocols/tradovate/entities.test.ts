import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { FieldSpec } from "../../../src/protocols/tradovate/fields.js";
import {
  entitiesOf,
  entitySchema,
  isEntityType,
  parseEntity,
} from "../../../src/protocols/tradovate/index.js";
import { anyEntity, ENTITY_TYPES, entityOf } from "./arbitraries.js";
import { testProp } from "./prop.js";

/** A value of the wrong type for a field spec, one per kind. */
function wrongFor(spec: FieldSpec): unknown[] {
  if (typeof spec !== "string") return ["Hold", 1, null];
  switch (spec.replace("?", "")) {
    case "int":
      return ["12", 1.5, true, null, 2 ** 60];
    case "number":
      return ["1.25", null, [], {}];
    case "string":
      return [1, null, true, {}];
    case "boolean":
      return ["true", 1, null];
    default:
      return [{ year: 2025, month: 13, day: 1 }, { year: 2025, month: 1 }, "2025-01-01", null];
  }
}

/** Entity types with their fields, split into required and optional. */
const fieldsOf = (t: (typeof ENTITY_TYPES)[number]) => {
  const schema = entitySchema(t) as Record<string, FieldSpec>;
  const isOptional = (s: FieldSpec) =>
    typeof s === "string" ? s.endsWith("?") : s.optional === true;
  return {
    schema,
    required: Object.keys(schema).filter((k) => !isOptional(schema[k]!)),
    optional: Object.keys(schema).filter((k) => isOptional(schema[k]!)),
  };
};

describe("parseEntity", () => {
  testProp([anyEntity])("a valid entity comes back typed: the same object, extras kept", (e) => {
    const parsed = parseEntity(e.entityType, e.value);
    expect(parsed.kind).toBe(e.entityType);
    expect(parsed.kind !== "unrecognised" && parsed.value).toBe(e.value);
  });

  test("the spec's required fields are the required ones (spec §6)", () => {
    expect(fieldsOf("position").required.sort()).toEqual(
      [
        "id",
        "accountId",
        "contractId",
        "timestamp",
        "tradeDate",
        "netPos",
        "bought",
        "boughtValue",
        "sold",
        "soldValue",
        "prevPos",
      ].sort(),
    );
    expect(fieldsOf("position").optional.sort()).toEqual(["netPrice", "prevPrice"]);
    expect(fieldsOf("cashBalance").optional.sort()).toEqual(["realizedPnL", "weekRealizedPnL"]);
    expect(fieldsOf("fill").required).toContain("finallyPaired");
    expect(fieldsOf("order").optional).toContain("contractId");
    expect(fieldsOf("product").required).toEqual(
      expect.arrayContaining(["valuePerPoint", "tickSize", "name", "id"]),
    );
  });

  const withField = fc.constantFrom(...ENTITY_TYPES).chain((t) => {
    const { schema, required } = fieldsOf(t);
    return fc.tuple(
      fc.constant(t),
      entityOf(t),
      fc.constantFrom(...required),
      fc.constantFrom(...Object.keys(schema)),
      fc.nat(),
    );
  });

  testProp([withField])("a missing required field is named", ([t, value, field]) => {
    const copy = { ...value };
    delete copy[field];
    expect(parseEntity(t, copy)).toEqual({
      kind: "unrecognised",
      entityType: t,
      raw: JSON.stringify(copy),
      why: `${t}: missing field "${field}"`,
    });
  });

  testProp([withField])("a field of the wrong type is named", ([t, value, , field, pick]) => {
    const wrong = wrongFor(entitySchema(t)[field as never] as FieldSpec);
    const copy = { ...value, [field]: wrong[pick % wrong.length] };
    const parsed = parseEntity(t, copy);
    expect(parsed.kind).toBe("unrecognised");
    expect(parsed.kind === "unrecognised" && parsed.why).toMatch(
      new RegExp(`^${t}: field "${field}" must be `),
    );
  });

  testProp([fc.constantFrom(...ENTITY_TYPES).chain((t) => fc.tuple(fc.constant(t), entityOf(t)))])(
    "optional fields may be left out",
    ([t, value]) => {
      const copy = { ...value };
      for (const field of fieldsOf(t).optional) delete copy[field];
      expect(parseEntity(t, copy).kind).toBe(t);
    },
  );

  test("a fill's action must be Buy or Sell", () => {
    const fill = {
      id: 1,
      orderId: 2,
      contractId: 3,
      timestamp: "2025-11-25T14:30:01.120Z",
      tradeDate: { year: 2025, month: 11, day: 25 },
      action: "Buy",
      qty: 1,
      price: 6723.25,
      active: true,
      finallyPaired: 0,
    };
    expect(parseEntity("fill", fill).kind).toBe("fill");
    expect(parseEntity("fill", { ...fill, action: "buy" })).toMatchObject({
      kind: "unrecognised",
      why: 'fill: field "action" must be one of Buy|Sell, got "buy"',
    });
  });

  test.each([
    [{ year: 2025, month: 13, day: 1 }],
    [{ year: 2025, month: 0, day: 1 }],
    [{ year: 2025, month: 12, day: 32 }],
    [{ year: 2025, month: 12, day: 0 }],
    [{ year: 2025.5, month: 12, day: 1 }],
    [{ year: 2025, month: 12 }],
    ["2025-12-01"],
  ])("tradeDate %j is refused", (tradeDate) => {
    const cash = { id: 1, accountId: 2, timestamp: "t", tradeDate, currencyId: 1, amount: 5 };
    expect(parseEntity("cashBalance", cash)).toMatchObject({
      kind: "unrecognised",
      why: expect.stringMatching(/^cashBalance: field "tradeDate" must be \{year,month,day\}/),
    });
    const ok = { ...cash, tradeDate: { year: 2025, month: 12, day: 31 } };
    expect(parseEntity("cashBalance", ok).kind).toBe("cashBalance");
  });

  test.each([null, 1, "x", [], [{}]])("%j is not an entity", (value) => {
    expect(parseEntity("position", value)).toMatchObject({
      kind: "unrecognised",
      entityType: "position",
      raw: JSON.stringify(value),
    });
  });

  test("long bad values are cut short in the reason", () => {
    const parsed = parseEntity("contract", {
      id: 1,
      name: "x".repeat(500),
      contractMaturityId: "y".repeat(500),
    });
    expect(parsed.kind === "unrecognised" && parsed.why.length).toBeLessThan(120);
  });

  test.each(["marginSnapshot", "constructor", "__proto__", "toString", "Position", ""])(
    "%j is an entity type tapedeck does not type: kept as other",
    (t) => {
      expect(isEntityType(t)).toBe(false);
      expect(parseEntity(t, { id: 1 })).toEqual({ kind: "other", entityType: t, value: { id: 1 } });
    },
  );
});

describe("entitiesOf", () => {
  test("picks the typed values of one kind, in order", () => {
    const a = { id: 1, name: "ESZ5", contractMaturityId: 5 };
    const b = { id: 2, name: "NQZ5", contractMaturityId: 6 };
    const list = [
      parseEntity("contract", a),
      parseEntity("contract", { id: 3 }),
      parseEntity("product", { id: 1 }),
      parseEntity("other", {}),
      parseEntity("contract", b),
    ];
    expect(entitiesOf(list, "contract")).toEqual([a, b]);
    expect(entitiesOf(list, "product")).toEqual([]);
  });
});

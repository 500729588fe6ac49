import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { learnContractNames } from "../../src/report/contract-names.js";

describe("learnContractNames", () => {
  test("finds contracts in REST bodies and in a[...] response frames", () => {
    const names = new Map<number, string>();
    learnContractNames(JSON.stringify([{ id: 4012, name: "ESZ6", contractMaturityId: 55 }]), names);
    learnContractNames(
      `a[${JSON.stringify({ s: 200, i: 3, d: { contracts: [{ id: 4013, name: "NQZ6", contractMaturityId: 56 }] } })}]`,
      names,
    );
    expect([...names]).toEqual([
      [4012, "ESZ6"],
      [4013, "NQZ6"],
    ]);
  });

  test("ignores objects that are not contracts", () => {
    const names = new Map<number, string>();
    learnContractNames(
      JSON.stringify({
        id: 1,
        name: "DEMO1",
        contractMaturityId: "x",
        other: { id: 2, name: "y" },
      }),
      names,
    );
    // contractMaturityId present but the nested object has none: only the outer one counts.
    expect([...names]).toEqual([[1, "DEMO1"]]);
  });

  test.prop([fc.string(), fc.jsonValue()])("never throws on arbitrary text", (text, json) => {
    const names = new Map<number, string>();
    learnContractNames(text, names);
    learnContractNames(`contractMaturityId${text}`, names);
    learnContractNames(JSON.stringify(json), names);
    learnContractNames(`a${JSON.stringify(json)}contractMaturityId`, names);
    for (const [id, name] of names) {
      expect(typeof id).toBe("number");
      expect(typeof name).toBe("string");
    }
  });
});

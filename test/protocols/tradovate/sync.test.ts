import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseSyncSnapshot, SYNC_LISTS } from "../../../src/protocols/tradovate/index.js";
import { entityOf } from "./arbitraries.js";
import { testProp } from "./prop.js";

const user = { id: 42, name: "demo-user" };

describe("parseSyncSnapshot", () => {
  const listCase = fc
    .constantFrom(...(Object.keys(SYNC_LISTS) as (keyof typeof SYNC_LISTS)[]))
    .chain((name) =>
      fc.tuple(fc.constant(name), fc.array(entityOf(SYNC_LISTS[name]), { maxLength: 3 })),
    );

  testProp([listCase])("every list is typed, and missing lists are empty", ([name, list]) => {
    const d =
      name === "users"
        ? { users: list.length > 0 ? list : [user] }
        : { users: [user], [name]: list };
    const snapshot = parseSyncSnapshot(d);
    if (snapshot.kind === "unrecognised") throw new Error(snapshot.why);
    expect(snapshot[name]).toEqual(d[name as keyof typeof d]);
    for (const other of Object.keys(SYNC_LISTS) as (keyof typeof SYNC_LISTS)[]) {
      if (other !== name && other !== "users") expect(snapshot[other]).toEqual([]);
    }
    expect(snapshot.rejected).toEqual([]);
  });

  test("a bad item is rejected alone, saying why", () => {
    const snapshot = parseSyncSnapshot({
      users: [user],
      contracts: [
        { id: 1, name: "ESZ5", contractMaturityId: 2 },
        { id: 3, name: "NQZ5" },
      ],
    });
    if (snapshot.kind === "unrecognised") throw new Error(snapshot.why);
    expect(snapshot.contracts).toEqual([{ id: 1, name: "ESZ5", contractMaturityId: 2 }]);
    expect(snapshot.rejected).toEqual([
      {
        kind: "unrecognised",
        entityType: "contract",
        raw: '{"id":3,"name":"NQZ5"}',
        why: 'contract: missing field "contractMaturityId"',
      },
    ]);
  });

  test("lists tapedeck does not type are kept as sent, even a __proto__ key", () => {
    const d = JSON.parse(
      '{"users":[{"id":1,"name":"u"}],"marginSnapshots":[{"id":1}],"__proto__":[2]}',
    );
    const snapshot = parseSyncSnapshot(d);
    if (snapshot.kind === "unrecognised") throw new Error(snapshot.why);
    expect(Object.keys(snapshot.other)).toEqual(["marginSnapshots", "__proto__"]);
    expect(Object.getPrototypeOf(snapshot.other)).toBe(Object.prototype);
  });

  test.each([
    [null, "sync: d must be an object, got null"],
    [{}, "sync: d has no non-empty users list"],
    [{ users: [] }, "sync: d has no non-empty users list"],
    [{ users: [user], positions: {} }, "sync: positions must be an array, got object"],
  ])("%j is unrecognised: %s", (d, why) => {
    expect(parseSyncSnapshot(d)).toEqual({ kind: "unrecognised", raw: JSON.stringify(d), why });
  });
});

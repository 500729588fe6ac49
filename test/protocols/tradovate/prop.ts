/**
 * `test.prop` of @fast-check/vitest, without its import cost (about 2 s per test file here):
 * the same call shape, with fc.assert inside, so a failure still reports its seed, path and
 * counterexample.
 */
import fc from "fast-check";
import { test } from "vitest";

/** `testProp([arbs], params?)(name, predicate)`: one vitest test running one property. */
export function testProp<Ts extends [unknown, ...unknown[]]>(
  arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  params?: fc.Parameters<Ts>,
): (name: string, predicate: (...args: Ts) => void) => void {
  return (name, predicate) =>
    test(name, () => {
      fc.assert(fc.property<Ts>(...arbs, predicate), params);
    });
}

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { FrameKinds } from "../../src/report/frame-kind.js";

describe("FrameKinds", () => {
  test("responses name the request they answer, per connection", () => {
    const k = new FrameKinds();
    expect(k.kinds("tradovate", 1, "send", "authorize\n0\n\ntoken")).toEqual(["authorize"]);
    expect(k.kinds("tradovate", 1, "send", 'md/subscribeQuote\n1\n\n{"symbol":"ESZ6"}')).toEqual([
      "request:md/subscribequote",
    ]);
    expect(k.kinds("tradovate", 1, "recv", 'a[{"s":200,"i":0},{"s":200,"i":1,"d":{}}]')).toEqual([
      "response:authorize",
      "response:md/subscribequote",
    ]);
    // Another connection's id 1 is unknown.
    expect(k.kinds("tradovate", 2, "recv", 'a[{"s":200,"i":1}]')).toEqual(["response:?"]);
    expect(k.kinds("tradovate", 1, "recv", "h")).toEqual(["heartbeat"]);
    expect(k.kinds("trademanager", 3, "recv", '{"type":"TRADES","data":[]}')).toEqual(["TRADES"]);
    expect(k.kinds("raw", 4, "recv", "anything")).toEqual(["raw"]);
  });

  test.prop([
    fc.constantFrom("tradovate", "trademanager", "raw"),
    fc.constantFrom("recv" as const, "send" as const),
    fc.string(),
  ])("never throws and always names at least one kind", (proto, dir, text) => {
    const kinds = new FrameKinds().kinds(proto, 1, dir, text);
    expect(kinds.length).toBeGreaterThan(0);
    for (const kind of kinds) expect(kind).toMatch(/\S/);
  });
});

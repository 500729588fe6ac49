import { describe, expect, it } from "vitest";
import { logsMessage } from "../../../src/protocols/trademanager/build.js";
import { tmMessageKind } from "../../../src/protocols/trademanager/classify.js";
import { formatLogLine } from "../../../src/protocols/trademanager/logline.js";
import { parseTmFrame } from "../../../src/protocols/trademanager/messages.js";
import { frameFixtures } from "./arbitraries.js";

describe("tmMessageKind", () => {
  for (const f of frameFixtures()) {
    it(`is ${f.kindKey} for ${f.text.slice(0, 60)}`, () => {
      expect(tmMessageKind(parseTmFrame(f.text))).toBe(f.kindKey);
    });
  }

  it("names the tag and verb of every log line kind", () => {
    for (const tag of ["RECORDER", "AUTO", "TRADER"] as const) {
      for (const verb of ["OPEN", "CLOSE", "ADD", "TRIM", "CLEARED"] as const) {
        const m = logsMessage(
          formatLogLine({ tag, verb, strategy: "S", ticker: "NQ1!", timeframe: "5" }),
        );
        expect(tmMessageKind(m)).toBe(`LOGS:${tag.toLowerCase()}:${verb}`);
      }
    }
  });

  it("is `unrecognised` for a frame that is no message", () => {
    expect(tmMessageKind(parseTmFrame("not json"))).toBe("unrecognised");
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Parser } from "@asyncapi/parser";
import { afterAll, describe, expect, it } from "vitest";
import { asyncApiId, toAsyncApi } from "../../src/inspect/asyncapi.js";
import { inspectTape } from "../../src/inspect/load.js";
import { shapeSchema } from "../../src/inspect/schema.js";
import { ShapeBuilder } from "../../src/inspect/shape.js";
import { tradeManagerSession, tradovateSession, writeTape } from "./tapes.js";

const dir = mkdtempSync(join(tmpdir(), "tapedeck-asyncapi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Error-severity diagnostics (0) of the maintained AsyncAPI parser. */
async function errors(doc: unknown): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(JSON.stringify(doc));
  return diagnostics
    .filter((d) => d.severity === 0)
    .map((d) => `${d.code}: ${d.message} at ${d.path.join("/")}`);
}

describe("AsyncAPI 3.0", () => {
  it("documents a Tradovate and a Trade Manager tape without parser errors", async () => {
    for (const [name, session] of [
      ["tv", tradovateSession()],
      ["tm", tradeManagerSession()],
    ] as const) {
      const doc = toAsyncApi(
        await inspectTape(await writeTape(dir, `${name}.tape.jsonl`, session)),
      );
      expect(await errors(doc)).toEqual([]);
    }
  }, 30_000);

  it("has one channel per socket, messages per kind and send/receive operations", async () => {
    const doc = toAsyncApi(
      await inspectTape(await writeTape(dir, "tv2.tape.jsonl", tradovateSession())),
    ) as {
      servers: Record<string, { host: string; protocol: string }>;
      channels: Record<string, { address: string; messages: Record<string, unknown> }>;
      operations: Record<string, { action: string; messages: unknown[] }>;
      components: { messages: Record<string, { name: string; payload: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.channels).sort()).toEqual(["md", "trading"]);
    expect(doc.channels.md?.address).toBe("/v1/websocket");
    expect(Object.values(doc.servers)).toContainEqual({
      host: "md.tradovateapi.com",
      protocol: "wss",
    });
    expect(Object.keys(doc.operations).sort()).toEqual([
      "md_receive",
      "md_send",
      "trading_receive",
      "trading_send",
    ]);
    expect(doc.operations.md_receive?.messages).toHaveLength(1);
    const quotes = Object.values(doc.components.messages).find((m) => m.name === "event:md:quotes");
    if (quotes === undefined) throw new Error("no event:md:quotes message");
    const props = (
      quotes.payload as { properties: Record<string, { type: string; required?: string[] }> }
    ).properties;
    expect(props.e).toMatchObject({ type: "string", examples: ["md"] });
    expect(quotes.payload.required).toEqual(["d", "e"]);
  });

  it("turns shapes into JSON Schema: types, required, items, integer keys", () => {
    const b = new ShapeBuilder();
    b.observe({ a: 1, b: [{ p: 1.5 }], h: { "-2": 1, "3": 2 }, o: "x" });
    b.observe({ a: 2.5, b: [], h: {}, o: null });
    b.observe({ a: 3, b: [{ p: 2 }] });
    expect(shapeSchema(b.result())).toEqual({
      type: "object",
      required: ["a", "b"],
      properties: {
        a: { type: "number", examples: [1, 2.5, 3] },
        b: {
          type: "array",
          items: {
            type: "object",
            required: ["p"],
            properties: { p: { type: "number", examples: [1.5, 2] } },
          },
        },
        h: {
          type: "object",
          patternProperties: { "^-?[0-9]+$": { type: "integer", examples: [2, 1] } },
        },
        o: { type: ["string", "null"], examples: ["x", null] },
      },
    });
  });

  it("the parser does reject a broken document (the check can fail)", async () => {
    const doc = toAsyncApi(
      await inspectTape(await writeTape(dir, "tm2.tape.jsonl", tradeManagerSession())),
    ) as {
      operations: Record<string, { action: string }>;
    };
    const op = Object.values(doc.operations)[0];
    if (op) op.action = "publish";
    expect((await errors(doc)).length).toBeGreaterThan(0);
  }, 30_000);

  it("keeps ids to the characters AsyncAPI allows", () => {
    expect(asyncApiId("md.event:md:doms+quotes")).toBe("md_event_md_doms_quotes");
    expect(asyncApiId("::")).toBe("x");
  });
});

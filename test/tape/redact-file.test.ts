import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { EventInput } from "../../src/tape/events.js";
import { MIN_SECRET_LENGTH, Redactor } from "../../src/tape/redact.js";
import { openTapeWriter } from "../../src/tape/writer.js";
import { fakeJwt } from "../helpers/fake-jwt.js";

/**
 * The promise of the redactor, tested on real files: a secret registered before writing never
 * appears in a tape's bytes, however it was embedded and escaped in the events.
 */

const dir = mkdtempSync(join(tmpdir(), "tapedeck-redact-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = (s: string) => JSON.stringify(s).slice(1, -1);
const ascii = (s: string) =>
  json(s).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The ways a source may carry a secret inside a string. */
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  json,
  json2: (s) => json(json(s)),
  ascii,
  url: encodeURIComponent,
};

/** Every way the secret could show up in the file, including escapings the redactor never sees. */
function forbidden(secret: string): string[] {
  const forms = new Set<string>();
  let level = secret;
  for (let i = 0; i < 4; i++) {
    forms.add(level);
    forms.add(
      level.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    );
    level = json(level);
  }
  forms.add(encodeURIComponent(secret));
  return [...forms];
}

const secretArb = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(..."ABCXYZabcxyz0123456789-_.~"),
      fc.constantFrom(..."\"\\/ \n\t<>&=%+'{}:,é€😀\u2028\u0001"),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    ),
    minLength: MIN_SECRET_LENGTH,
    maxLength: 24,
  })
  .filter((s) => [...s].length >= MIN_SECRET_LENGTH && s.trim() !== "" && !/[«»]/.test(s));

const fillerArb = fc.string({ maxLength: 12 });
const encodingArb = fc.constantFrom(...Object.keys(ENCODINGS));

/** One event with a slot for the secret; `fill("")` gives the same event without it. */
type Template = (fill: (enc: string) => string) => EventInput;

const templateArb: fc.Arbitrary<Template> = fc.oneof(
  // frame text with the secret inside a larger string
  fc.tuple(fillerArb, encodingArb, fillerArb).map(
    ([a, enc, b]): Template =>
      (fill) => ({ k: "recv", c: 1, text: `${a}${fill(enc)}${b}` }),
  ),
  // frame text that is itself JSON, with the secret in a field and in a JSON string of JSON
  fc.tuple(fillerArb, encodingArb).map(
    ([a, enc]): Template =>
      (fill) => ({
        k: "send",
        c: 2,
        text: `a${JSON.stringify([{ note: a + fill(enc), d: JSON.stringify({ x: fill("raw") }) }])}`,
      }),
  ),
  // http request and response: url, headers, bodies
  fc.tuple(fillerArb, encodingArb).map(
    ([a, enc]): Template =>
      (fill) => ({
        k: "http",
        method: "POST",
        url: `https://example.test/p?next=${fill("url")}&q=${a}`,
        status: 200,
        req: {
          headers: { "X-Custom": `${a}${fill(enc)}`, Cookie: `x=${fill("url")}` },
          body: JSON.stringify({ any: fill("raw"), a }),
        },
        res: { headers: { "Set-Cookie": `s=${fill(enc)}; Path=/` }, body: `${a}${fill(enc)}` },
        ms: 12,
      }),
  ),
  // binary frame with the secret's bytes among arbitrary bytes
  fc.tuple(fc.uint8Array({ maxLength: 16 }), encodingArb, fc.uint8Array({ maxLength: 16 })).map(
    ([a, enc, b]): Template =>
      (fill) => ({
        k: "recv",
        c: 1,
        b64: Buffer.concat([a, Buffer.from(fill(enc)), b]).toString("base64"),
      }),
  ),
  // an upgrade's headers, a close reason and a mark's data
  fc.tuple(fillerArb, encodingArb).map(
    ([a, enc]): Template =>
      (fill) => ({
        k: "open",
        c: 3,
        url: `wss://example.test/ws?x=${fill("url")}`,
        proto: "raw",
        headers: { Authorization: `Basic ${fill(enc)}`, "User-Agent": a },
      }),
  ),
  fc.tuple(fillerArb, encodingArb).map(
    ([a, enc]): Template =>
      (fill) => ({ k: "close", c: 1, code: 1000, reason: `${a}${fill(enc)}`, by: "server" }),
  ),
  fc.tuple(fillerArb, encodingArb).map(
    ([a, enc]): Template =>
      (fill) => ({ k: "mark", label: a, data: { list: [fill(enc)], [fill("raw")]: 1 } }),
  ),
);

let fileNo = 0;

async function writeTape(events: EventInput[], redactor?: Redactor): Promise<string> {
  const path = join(dir, `t${++fileNo}.tape.jsonl`);
  const w = await openTapeWriter({
    path,
    header: { id: "prop", started: "2026-11-25T14:03:07.123456Z" },
    redact: redactor ? (e) => redactor.process(e) : undefined,
  });
  for (const [i, e] of events.entries()) w.write({ ...e, t: i });
  await w.close();
  return readFileSync(path, "utf8");
}

/** The decoded payload bytes of every binary frame in a tape text. */
function binaryPayloads(tape: string): Buffer[] {
  return tape
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { b64?: string })
    .filter((e) => e.b64 !== undefined)
    .map((e) => Buffer.from(e.b64!, "base64"));
}

function leaks(tape: string, secret: string): string[] {
  const found = forbidden(secret).filter((f) => tape.includes(f));
  const bytes = Buffer.from(secret);
  if (binaryPayloads(tape).some((p) => p.includes(bytes))) found.push("<bytes>");
  return found;
}

describe("a registered secret never reaches the file", () => {
  it("in any position or escaping, in any kind of event", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(secretArb, { minLength: 1, maxLength: 2 }),
        fc.array(fc.tuple(templateArb, fc.nat()), { minLength: 1, maxLength: 5 }),
        async (secrets, templates) => {
          const pick = (i: number) => secrets[i % secrets.length]!;
          const withSecret = templates.map(([tpl, i]) => tpl((enc) => ENCODINGS[enc]!(pick(i))));
          const without = templates.map(([tpl]) => tpl(() => ""));
          // Skip cases where the filler or the file's own structure happens to spell a secret.
          const skeleton = await writeTape(without);
          fc.pre(secrets.every((s) => leaks(skeleton, s).length === 0));

          const redactor = new Redactor();
          for (const s of secrets) redactor.register(s);
          const tape = await writeTape(withSecret, redactor);
          for (const s of secrets) expect(leaks(tape, s), JSON.stringify(s)).toEqual([]);
          // ... and something was replaced (a vacuous pass would hide a broken template).
          const placeholderBytes = Buffer.from("«secret:");
          expect(
            tape.includes("«secret:") ||
              binaryPayloads(tape).some((p) => p.includes(placeholderBytes)),
          ).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("also when the secret is only learned from an event written later (two passes)", async () => {
    const token = fakeJwt("FAKE-learned-later");
    const events: EventInput[] = [
      { k: "send", c: 1, text: `authorize\n0\n\n${token}` },
      {
        k: "http",
        method: "POST",
        url: "https://demo.tradovateapi.com/v1/auth/accesstokenrequest",
        status: 200,
        req: {},
        res: { body: JSON.stringify({ accessToken: token }) },
        ms: 80,
      },
    ];
    const redactor = new Redactor({
      finders: [(e) => (e.k === "http" && e.res.body ? [JSON.parse(e.res.body).accessToken] : [])],
    });
    for (const e of events) redactor.learn(e);
    const tape = await writeTape(events, redactor);
    expect(leaks(tape, token)).toEqual([]);
    expect(tape.match(/«secret:1»/g)).toHaveLength(2);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventInput } from "../../src/tape/events.js";
import {
  findUnredacted,
  isPlaceholder,
  MIN_SECRET_LENGTH,
  placeholder,
  Redactor,
  type SecretMasker,
  secretForms,
} from "../../src/tape/redact.js";

const TOKEN = "tok-AAAA1111BBBB2222";

describe("Redactor registry", () => {
  it("gives each secret a stable number, in registration order", () => {
    const r = new Redactor();
    expect(r.register("first-secret-1")).toBe(1);
    expect(r.register("second-secret")).toBe(2);
    expect(r.register("first-secret-1")).toBe(1);
    expect(r.size).toBe(2);
  });

  it("refuses values that cannot be secrets", () => {
    const r = new Redactor();
    for (const bad of [
      "",
      "   \n",
      "«secret:3»",
      "x «secret:12» y",
      "«secret",
      "secret:1",
      "ecret:42»",
    ]) {
      expect(r.register(bad), JSON.stringify(bad)).toBe(0);
    }
    expect(r.size).toBe(0);
    // Digits alone are legitimate (numeric passwords) even though placeholders hold digits.
    expect(r.register("12345678")).toBe(1);
  });

  it("replaces a secret everywhere, also in keys, arrays and nested objects", () => {
    const r = new Redactor();
    r.register(TOKEN);
    const e = {
      k: "mark",
      label: `x${TOKEN}y`,
      data: { [TOKEN]: [TOKEN, 7, null, { deep: `${TOKEN}${TOKEN}` }] },
    } as const;
    expect(r.redact(e)).toEqual({
      k: "mark",
      label: "x«secret:1»y",
      data: { "«secret:1»": ["«secret:1»", 7, null, { deep: "«secret:1»«secret:1»" }] },
    });
  });

  it("replaces every escaped form a secret takes", () => {
    const secret = 'pä"ss/wörd\\€ 1(';
    const r = new Redactor();
    r.register(secret);
    for (const form of secretForms(secret)) {
      expect(r.redact({ k: "mark", label: `<${form}>` }).label, form).toBe("<«secret:1»>");
    }
    expect(secretForms(secret)).toEqual(
      expect.arrayContaining([
        secret,
        'pä\\"ss/wörd\\\\€ 1(',
        'pä\\"ss\\/wörd\\\\€ 1(',
        'p\\u00e4\\"ss/w\\u00f6rd\\\\\\u20ac 1(',
        'p\\u00E4\\"ss/w\\u00F6rd\\\\\\u20AC 1(',
        "p%C3%A4%22ss%2Fw%C3%B6rd%5C%E2%82%AC%201(",
        "p%c3%a4%22ss%2fw%c3%b6rd%5c%e2%82%ac%201(",
        "p%C3%A4%22ss%2Fw%C3%B6rd%5C%E2%82%AC+1(",
        "p%C3%A4%22ss%2Fw%C3%B6rd%5C%E2%82%AC+1%28",
      ]),
    );
  });

  it("replaces a secret inside binary payloads, leaving other bytes alone", () => {
    const r = new Redactor();
    r.register(TOKEN);
    const bytes = Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from(TOKEN), Buffer.from([254])]);
    const out = r.redact({ k: "recv", c: 1, b64: bytes.toString("base64") });
    expect(Buffer.from(out.b64!, "base64")).toEqual(
      Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from("«secret:1»"), Buffer.from([254])]),
    );
    const clean = Buffer.from([9, 8, 7, 200]).toString("base64");
    expect(r.redact({ k: "recv", c: 1, b64: clean }).b64).toBe(clean);
  });

  it("leaves no fragment of overlapping secrets", () => {
    const r = new Redactor();
    r.register("abcdefgh");
    r.register("efghijkl");
    r.register("0123456789");
    r.register("345678");
    expect(r.redact({ k: "mark", label: "-abcdefghijkl- 0123456789" }).label).toBe(
      "-«secret:1»«secret:2»- «secret:3»",
    );
  });

  it("replaces short secrets only where a masker points at them", () => {
    const short = "pw12";
    expect(short.length).toBeLessThan(MIN_SECRET_LENGTH);
    const onlyField: SecretMasker = (text, _site, mask) =>
      text.replace(/^pass=(.*)$/, (_all, v: string) => `pass=${mask(v, "pass")}`);
    const r = new Redactor({ maskers: [onlyField] });
    const out = r.process({ k: "mark", label: "pass=pw12", data: "pw12 stays here" });
    expect(out).toEqual({ k: "mark", label: "pass=«secret:1»", data: "pw12 stays here" });
    // Registered explicitly, a short value still gets a number but is not replaced anywhere.
    expect(r.register("pw12")).toBe(1);
    expect(r.redact({ k: "mark", label: "pw12" }).label).toBe("pw12");
  });

  it("learns from finders before it redacts, so earlier events are covered too", () => {
    const r = new Redactor({
      finders: [(e) => (e.k === "http" && e.res.body ? [JSON.parse(e.res.body).t as string] : [])],
    });
    const socketFrame: EventInput = { k: "send", c: 1, text: `auth ${TOKEN}` };
    const rest: EventInput = {
      k: "http",
      method: "POST",
      url: "https://x/login",
      status: 200,
      req: {},
      res: { body: JSON.stringify({ t: TOKEN }) },
      ms: 3,
    };
    r.learn(rest);
    expect(r.redact(socketFrame)).toEqual({ k: "send", c: 1, text: "auth «secret:1»" });
    expect(r.process(rest)).toMatchObject({ res: { body: '{"t":"«secret:1»"}' } });
  });

  it("is idempotent: redacting a redacted event changes nothing and registers nothing", () => {
    const masker: SecretMasker = (text, _site, mask) =>
      text.replace(/key=(\S+)/g, (_a, v: string) => `key=${mask(v, "key")}`);
    const r = new Redactor({ maskers: [masker] });
    r.register(TOKEN);
    const once = r.process({ k: "mark", label: `key=shorty and ${TOKEN}` });
    expect(once.label).toBe("key=«secret:2» and «secret:1»");
    expect(r.process(once)).toEqual(once);
    expect(r.size).toBe(2);
  });

  it("findUnredacted reports what maskers and finders point at, except placeholders", () => {
    const masker: SecretMasker = (text, _site, mask) =>
      text.replace(/key=(\S+)/g, (_a, v: string) => `key=${mask(v, "key field")}`);
    const rules = { maskers: [masker], finders: [() => ["from-a-finder"]] };
    expect(findUnredacted({ k: "mark", label: "key=abc key=«secret:1»" }, rules)).toEqual([
      { what: "key field", value: "abc" },
      { what: "secret", value: "from-a-finder" },
    ]);
  });

  it("placeholder and isPlaceholder agree", () => {
    fc.assert(fc.property(fc.nat(), (n) => isPlaceholder(placeholder(n))));
    expect(isPlaceholder("«secret:1» ")).toBe(false);
  });
});

/** Strings that are never an accidental part of a key, placeholder or filler. */
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

describe("Redactor properties", () => {
  it("never throws and keeps the event's shape, whatever the input", () => {
    const r = new Redactor({
      maskers: [(t, _s, mask) => t.replace(/k=(\w+)/g, (_a, v: string) => `k=${mask(v, "k")}`)],
    });
    r.register(TOKEN);
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), fc.uint8Array(), (data, text, bytes) => {
        const b64 = Buffer.from(bytes).toString("base64");
        const out = r.process({ k: "mark", label: text, data: { data, b64 } });
        expect(out.k).toBe("mark");
        expect(typeof out.label).toBe("string");
      }),
      { numRuns: 150 },
    );
  });

  it("changes nothing in text that holds no secret", () => {
    const r = new Redactor();
    r.register("qqqqqqqqqq");
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789 .,:[]{}"\\abcdef«»') }),
        (text) => r.redact({ k: "mark", label: text }).label === text,
      ),
      { numRuns: 200 },
    );
  });

  it("gives one secret one number across any number of events", () => {
    fc.assert(
      fc.property(fc.uniqueArray(secretArb, { minLength: 1, maxLength: 4 }), (secrets) => {
        const r = new Redactor();
        const ns = secrets.map((s) => r.register(s));
        expect(new Set(ns).size).toBe(secrets.length);
        secrets.forEach((s, i) => {
          // A secret whose text is another secret's escaped form may carry either number.
          const others = secrets.filter((o) => o !== s).flatMap(secretForms);
          if (others.includes(s)) return;
          for (let round = 0; round < 2; round++) {
            expect(r.redact({ k: "mark", label: s }).label).toBe(placeholder(ns[i]!));
          }
        });
        expect(secrets.map((s) => r.register(s))).toEqual(ns);
      }),
      { numRuns: 100 },
    );
  });
});

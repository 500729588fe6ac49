import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Redactor, type SecretMasker, type StringSite } from "../../src/tape/redact.js";
import {
  bearerMasker,
  genericMaskers,
  headerMasker,
  isSecretName,
  jsonFieldMasker,
  jwtMasker,
  queryMasker,
} from "../../src/tape/secret-finders.js";
import { fakeJwt } from "../helpers/fake-jwt.js";

const TEXT: StringSite = { key: "text", header: false };

/** Runs one masker with a fresh numbering and returns the text and what it pointed at. */
function run(m: SecretMasker, text: string, site: StringSite = TEXT) {
  const found: Array<[string, string]> = [];
  const numbers = new Map<string, number>();
  const out = m(text, site, (value, what) => {
    if (value.trim() === "") return value;
    found.push([what, value]);
    if (!numbers.has(value)) numbers.set(value, numbers.size + 1);
    return `«secret:${numbers.get(value)}»`;
  });
  return { out, found };
}

describe("jsonFieldMasker", () => {
  it("masks secret fields of JSON anywhere in a text, keeping the rest byte for byte", () => {
    const text = `a[{"s":200,"i":1,"d":{"accessToken" : "A.B.C","mdAccessToken":"M-1","userId":7}}]`;
    expect(run(jsonFieldMasker, text)).toEqual({
      out: `a[{"s":200,"i":1,"d":{"accessToken" : "«secret:1»","mdAccessToken":"«secret:2»","userId":7}}]`,
      found: [
        ['field "accessToken"', "A.B.C"],
        ['field "mdAccessToken"', "M-1"],
      ],
    });
  });

  it("masks numbers (cid) as placeholder strings and decodes escaped values", () => {
    const body = '{"name":"joe","password":"p\\"w\\u00e9","appId":"x","cid":8,"sec":"f00-ba7"}';
    const { out, found } = run(jsonFieldMasker, body);
    expect(JSON.parse(out)).toEqual({
      name: "joe",
      password: "«secret:1»",
      appId: "x",
      cid: "«secret:2»",
      sec: "«secret:3»",
    });
    expect(found.map(([, v]) => v)).toEqual(['p"wé', "8", "f00-ba7"]);
  });

  it("finds fields inside JSON that sits in a JSON string, at any depth", () => {
    const inner = JSON.stringify({ token: "deep-1", ok: true });
    const text = JSON.stringify({ e: "x", d: inner, dd: JSON.stringify({ d: inner }) });
    const { out } = run(jsonFieldMasker, text);
    const parsed = JSON.parse(out);
    expect(JSON.parse(parsed.d)).toEqual({ token: "«secret:1»", ok: true });
    expect(JSON.parse(JSON.parse(parsed.dd).d)).toEqual({ token: "«secret:1»", ok: true });
  });

  it("matches names in any case but only as keys, and masks whole values of secret-named properties", () => {
    expect(run(jsonFieldMasker, '{"Password":"x1"}').out).toBe('{"Password":"«secret:1»"}');
    expect(run(jsonFieldMasker, '["password","token"]').found).toEqual([]);
    expect(run(jsonFieldMasker, '{"type":"token"}').found).toEqual([]);
    expect(run(jsonFieldMasker, "plain", { key: "sessionId", header: false }).out).toBe(
      "«secret:1»",
    );
    expect(run(jsonFieldMasker, "plain", { key: "text", header: false }).out).toBe("plain");
  });

  it("never throws and never changes text without secret fields", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v) ?? "";
        const { out, found } = run(jsonFieldMasker, text);
        if (found.length === 0) expect(out).toBe(text);
        else expect(() => JSON.parse(out)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe("headerMasker", () => {
  const header = (key: string, value: string) => run(headerMasker, value, { key, header: true });

  it("keeps the Authorization scheme and masks the credentials", () => {
    expect(header("Authorization", "Bearer abc.def")).toMatchObject({
      out: "Bearer «secret:1»",
      found: [["Authorization header", "abc.def"]],
    });
    expect(header("authorization", "opaque").out).toBe("«secret:1»");
  });

  it("masks every cookie value and each Set-Cookie line's value", () => {
    expect(header("Cookie", "a=1; sid=XYZ;b=").out).toBe("a=«secret:1»; sid=«secret:2»;b=");
    expect(header("set-cookie", "sid=XYZ; Path=/; HttpOnly\nlang=en; Max-Age=9").out).toBe(
      "sid=«secret:1»; Path=/; HttpOnly\nlang=«secret:2»; Max-Age=9",
    );
  });

  it("masks headers with secret names and leaves others and non-headers alone", () => {
    expect(header("X-Api-Key", "k").out).toBe("«secret:1»");
    expect(header("X-Access-Token", "k").out).toBe("«secret:1»");
    expect(header("User-Agent", "Bearer-ish agent").out).toBe("Bearer-ish agent");
    expect(run(headerMasker, "a=1", { key: "Cookie", header: false }).out).toBe("a=1");
    expect(isSecretName("TOKEN")).toBe(true);
    expect(isSecretName("tokens")).toBe(false);
  });
});

describe("queryMasker, jwtMasker, bearerMasker", () => {
  it("masks query and form parameters with secret names, registering the decoded value", () => {
    expect(run(queryMasker, "wss://h/ws?token=a%2Fb+c&x=1&access_token=zz")).toEqual({
      out: "wss://h/ws?token=«secret:1»&x=1&access_token=«secret:2»",
      found: [
        ['query parameter "token"', "a/b c"],
        ['query parameter "access_token"', "zz"],
      ],
    });
    expect(run(queryMasker, "password=hunter22&name=joe").out).toBe("password=«secret:1»&name=joe");
    expect(run(queryMasker, "mytoken=1&xsec=2").found).toEqual([]);
  });

  it("masks JWTs and Bearer credentials wherever they are", () => {
    const jwt = fakeJwt();
    expect(run(jwtMasker, `{"x":"${jwt}"}`).out).toBe('{"x":"«secret:1»"}');
    expect(run(bearerMasker, "auth: bearer abcdefgh12 ok").out).toBe("auth: bearer «secret:1» ok");
    expect(run(bearerMasker, "Bearer short").found).toEqual([]);
    expect(run(bearerMasker, "Bearer «secret:3»").found).toEqual([]);
  });
});

describe("the generic maskers in a Redactor", () => {
  it("give the token in a login response and in a later Bearer header one number", () => {
    const r = new Redactor({ maskers: genericMaskers });
    const token = "opaque-token-value-123";
    const login = r.process({
      k: "http",
      method: "POST",
      url: "https://api.test/login",
      status: 200,
      req: { body: '{"user":"joe","password":"pw"}' },
      res: { body: `{"accessToken":"${token}"}` },
      ms: 5,
    });
    const call = r.process({
      k: "http",
      method: "GET",
      url: "https://api.test/me",
      status: 200,
      req: { headers: { Authorization: `Bearer ${token}` } },
      res: { body: `{"echo":"${token}"}` },
      ms: 5,
    });
    expect(login).toMatchObject({
      req: { body: '{"user":"joe","password":"«secret:1»"}' },
      res: { body: '{"accessToken":"«secret:2»"}' },
    });
    expect(call).toMatchObject({
      req: { headers: { Authorization: "Bearer «secret:2»" } },
      res: { body: '{"echo":"«secret:2»"}' },
    });
    // "pw" is short: masked in its field, never replaced elsewhere.
    expect(r.redact({ k: "mark", label: "pwned" }).label).toBe("pwned");
  });
});

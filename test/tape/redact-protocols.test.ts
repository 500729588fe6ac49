import { describe, expect, it } from "vitest";
import { detectProtocol } from "../../src/protocols/detect.js";
import { allSecretFinders, allSecretRules, createRedactor } from "../../src/protocols/secrets.js";
import { tradeManagerSecretFinder } from "../../src/protocols/trademanager/secrets.js";
import { tradovateSecretFinder } from "../../src/protocols/tradovate/secrets.js";
import type { EventInput } from "../../src/tape/events.js";
import { findUnredacted, Redactor } from "../../src/tape/redact.js";

const TOKEN = "FAKE-access-token-0123456789";

describe("Tradovate secrets", () => {
  it("masks the authorize token however real clients write it", () => {
    const r = createRedactor();
    const variants: Array<[string, string]> = [
      [`authorize\n0\n\n${TOKEN}`, "authorize\n0\n\n«secret:1»"],
      [`authorize\n1\n\n"${TOKEN}"`, 'authorize\n1\n\n"«secret:1»"'],
      [`authorize\n2\n\n${TOKEN}\n`, "authorize\n2\n\n«secret:1»\n"],
      [`Authorize\n3\n\nshort`, "Authorize\n3\n\n«secret:2»"],
    ];
    for (const [text, want] of variants) {
      expect(r.process({ k: "send", c: 1, text }), text).toEqual({ k: "send", c: 1, text: want });
    }
    // Other requests keep their bodies.
    const sub = 'md/subscribeQuote\n4\n\n{"symbol":"ESZ5"}';
    expect(r.process({ k: "send", c: 1, text: sub }).text).toBe(sub);
  });

  it("finds the credentials of an access token request and the tokens it returns", () => {
    const e: EventInput = {
      k: "http",
      method: "POST",
      url: "https://demo.tradovateapi.com/v1/auth/accessTokenRequest",
      status: 200,
      req: {
        body: '{"name":"joe","password":"FAKEpass1","appId":"x","appVersion":"1.0","cid":8,"sec":"FAKE-sec"}',
      },
      res: { body: `{"accessToken":"${TOKEN}","mdAccessToken":"FAKE-md-token-1","userId":1}` },
      ms: 80,
    };
    expect([...tradovateSecretFinder(e)]).toEqual([
      "FAKEpass1",
      "FAKE-sec",
      "8",
      TOKEN,
      "FAKE-md-token-1",
    ]);
    const out = createRedactor().process(e);
    expect(out.k === "http" && JSON.parse(out.req.body!)).toMatchObject({
      name: "joe",
      password: "«secret:1»",
      sec: "«secret:2»",
      cid: "«secret:3»",
    });
    // appVersion "1.0" and userId 1 survive even though short secrets were learned.
    expect(out.k === "http" && out.req.body).toContain('"appVersion":"1.0"');
  });
});

describe("Trade Manager secrets", () => {
  it("masks AUTH, CLOSE_TRADE and MANUALTRADE tokens with one number", () => {
    const r = createRedactor();
    const auth = r.process({
      k: "send",
      c: 1,
      text: `{"type":"AUTH","user":"joe","token":"${TOKEN}"}`,
    });
    const close = r.process({
      k: "send",
      c: 1,
      text: `{"type":"CLOSE_TRADE","strat_name":"SNAKE","ticker":"NQ1!","timeframe":"5","token":"${TOKEN}","user":"joe"}`,
    });
    expect(auth).toMatchObject({ text: '{"type":"AUTH","user":"joe","token":"«secret:1»"}' });
    expect(close.k === "send" && close.text).toContain('"token":"«secret:1»"');
  });

  it("masks every field of ACCSETUP and ACCSETUP_COMPLETE, short ones included", () => {
    const r = createRedactor();
    const setup = {
      type: "ACCSETUP",
      broker: "tradovate",
      env: "demo",
      creds: { user: "joe", pass: "ENC(abc)", pin: 1234 },
      live: false,
    };
    const out = r.process({ k: "send", c: 1, text: JSON.stringify(setup) });
    const masked = JSON.parse(out.k === "send" ? out.text! : "");
    expect(masked.type).toBe("ACCSETUP");
    expect(masked.live).toBe(false);
    for (const v of [
      masked.broker,
      masked.env,
      masked.creds.user,
      masked.creds.pass,
      masked.creds.pin,
    ]) {
      expect(v).toMatch(/^«secret:\d+»$/);
    }
    expect([
      ...tradeManagerSecretFinder({
        k: "recv",
        c: 1,
        text: '{"type":"ACCSETUP_COMPLETE","id":"A1"}',
      }),
    ]).toEqual(["A1"]);
    // "demo" is short: the URL of the demo socket stays readable.
    expect(r.redact({ k: "mark", label: "wss://demo.tradovateapi.com" }).label).toBe(
      "wss://demo.tradovateapi.com",
    );
  });

  it("reads binary Trade Manager frames too", () => {
    const text = `{"type":"AUTH","user":"joe","token":"${TOKEN}"}`;
    const e: EventInput = { k: "recv", c: 1, b64: Buffer.from(text).toString("base64") };
    expect([...tradeManagerSecretFinder(e)]).toEqual([TOKEN]);
    const out = createRedactor().process(e);
    expect(out.k === "recv" && Buffer.from(out.b64!, "base64").toString()).toBe(
      '{"type":"AUTH","user":"joe","token":"«secret:1»"}',
    );
  });
});

describe("createRedactor and allSecretRules", () => {
  it("registers extra secrets first and refuses short or placeholder ones", () => {
    const r = createRedactor(["my-own-secret"]);
    expect(r.register("my-own-secret")).toBe(1);
    expect(() => createRedactor(["short"])).toThrow(/shorter than 8 characters/);
    expect(() => createRedactor(["xx «secret:1» yy"])).toThrow(/cannot be a secret/);
  });

  it("allSecretFinders alone learns every long value the rules point at", () => {
    const r = new Redactor({ finders: allSecretFinders() });
    const out = r.process({
      k: "send",
      c: 1,
      text: '{"type":"ACCSETUP","broker":"tradovate","apiSecret":"FAKE-broker-secret"}',
    });
    // Finders cannot mask in place: the plain word stays, the secret goes.
    expect(out.k === "send" && JSON.parse(out.text!)).toEqual({
      type: "ACCSETUP",
      broker: "tradovate",
      apiSecret: "«secret:1»",
    });
    expect(r.process({ k: "mark", label: `Bearer ${TOKEN}`, data: TOKEN })).toEqual({
      k: "mark",
      label: "Bearer «secret:2»",
      data: "«secret:2»",
    });
  });

  it("lets verify find what was not redacted, and nothing in a redacted event", () => {
    const raw: EventInput = { k: "send", c: 1, text: `authorize\n0\n\n${TOKEN}` };
    expect(findUnredacted(raw, allSecretRules())).toEqual([
      { what: "authorize token", value: TOKEN },
    ]);
    expect(findUnredacted(createRedactor().process(raw), allSecretRules())).toEqual([]);
  });
});

describe("detectProtocol", () => {
  it.each([
    ["wss://md.tradovateapi.com/v1/websocket", { proto: "tradovate", role: "md" }],
    ["wss://md-demo.tradovateapi.com/v1/websocket", { proto: "tradovate", role: "md" }],
    ["wss://replay.tradovateapi.com/v1/websocket", { proto: "tradovate", role: "replay" }],
    ["wss://demo.tradovateapi.com/v1/websocket", { proto: "tradovate", role: "trading" }],
    ["https://LIVE.tradovateapi.com/v1/auth/me", { proto: "tradovate", role: "trading" }],
    ["https://tradovateapi.com/", { proto: "tradovate", role: "other" }],
    ["wss://trademanagergroup.com:5000/ws", { proto: "trademanager", role: "trademanager" }],
    ["wss://evil-tradovateapi.com/v1/websocket", { proto: "raw" }],
    ["wss://md.tradovateapi.com.evil.test/", { proto: "raw" }],
    ["not a url", { proto: "raw" }],
  ])("%s", (url, want) => {
    expect(detectProtocol(url)).toEqual(want);
  });
});

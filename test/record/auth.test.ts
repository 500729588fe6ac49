/** REST auth paths against nock: success, errorText, p-ticket then success, p-captcha, renewal. */
import nock from "nock";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import {
  AuthError,
  renewAccessToken,
  requestAccessToken,
  socketUrlOf,
  type TokenSet,
} from "../../src/protocols/tradovate/live/auth.js";
import type { TradovateCredentials } from "../../src/protocols/tradovate/live/credentials.js";
import { type HttpExchange, recordedHttp } from "../../src/protocols/tradovate/live/http.js";
import { RENEW_BEFORE_MS, TokenKeeper } from "../../src/protocols/tradovate/live/token-keeper.js";
import { VirtualTimers } from "./virtual-timers.js";

const BASE = "https://demo.tradovateapi.com/v1";
const CREDS: TradovateCredentials = {
  name: "alice",
  password: "pw-Secret-123456",
  appId: "tapedeck",
  appVersion: "1.0",
  cid: "8123",
  sec: "sec-0123456789abcdef",
};
const OK = {
  accessToken: "acc-token-1111111111",
  mdAccessToken: "md-token-2222222222",
  expirationTime: "2026-11-25T15:30:00.000Z",
  userId: 7,
  name: "alice",
};

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

function client() {
  const exchanges: HttpExchange[] = [];
  const http = recordedHttp(fetch, (x) => exchanges.push(x));
  return { http, exchanges };
}

const noSleep = { sleep: async () => {} };
const now = () => Date.parse("2026-11-25T14:00:00Z");

describe("requestAccessToken", () => {
  test("success: tokens, expiry and user id; the exchange is recorded with the body sent", async () => {
    const scope = nock(BASE)
      .post(
        "/auth/accesstokenrequest",
        (b) => b.name === "alice" && b.cid === 8123 && b.sec === CREDS.sec,
      )
      .reply(200, OK);
    const { http, exchanges } = client();
    const t = await requestAccessToken(http, BASE, CREDS, noSleep, now);
    expect(t).toEqual({
      accessToken: OK.accessToken,
      mdAccessToken: OK.mdAccessToken,
      expiresAt: Date.parse(OK.expirationTime),
      userId: 7,
    });
    expect(scope.isDone()).toBe(true);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ method: "POST", status: 200 });
    expect(JSON.parse(exchanges[0]!.res.body!)).toEqual(OK);
  });

  test("errorText stops with that text and never the credentials", async () => {
    nock(BASE)
      .post("/auth/accesstokenrequest")
      .reply(200, { errorText: "Incorrect username or password. Please try again." });
    const { http } = client();
    const err = await requestAccessToken(http, BASE, CREDS, noSleep, now).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe("AUTH_REFUSED");
    expect((err as AuthError).message).toContain("Incorrect username or password");
    for (const v of [CREDS.password, CREDS.sec]) expect((err as Error).message).not.toContain(v);
  });

  test("a p-ticket penalty waits p-time seconds and re-sends the same body plus the ticket", async () => {
    const bodies: Record<string, unknown>[] = [];
    nock(BASE)
      .post("/auth/accesstokenrequest", (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, { "p-ticket": "ticket-abc", "p-time": 3 })
      .post("/auth/accesstokenrequest", (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, OK);
    const waits: number[] = [];
    const penalties: number[] = [];
    const { http, exchanges } = client();
    const t = await requestAccessToken(
      http,
      BASE,
      CREDS,
      { sleep: async (ms) => void waits.push(ms), onPenalty: (s) => penalties.push(s) },
      now,
    );
    expect(t.accessToken).toBe(OK.accessToken);
    expect(waits).toEqual([3000]);
    expect(penalties).toEqual([3]);
    expect(bodies).toHaveLength(2);
    const { "p-ticket": ticket, ...rest } = bodies[1]!;
    expect(ticket).toBe("ticket-abc");
    expect(rest).toEqual(bodies[0]);
    expect(exchanges).toHaveLength(2);
  });

  test("p-captcha stops with a clear message, without waiting", async () => {
    nock(BASE)
      .post("/auth/accesstokenrequest")
      .reply(200, { "p-ticket": "t", "p-time": 60, "p-captcha": true });
    const waits: number[] = [];
    const { http } = client();
    const err = await requestAccessToken(
      http,
      BASE,
      CREDS,
      { sleep: async (ms) => void waits.push(ms) },
      now,
    ).catch((e: unknown) => e);
    expect((err as AuthError).code).toBe("AUTH_CAPTCHA");
    expect((err as Error).message).toMatch(/captcha/);
    expect(waits).toEqual([]);
  });

  test("endless penalties give up after maxPenalties", async () => {
    nock(BASE)
      .post("/auth/accesstokenrequest")
      .times(3)
      .reply(200, { "p-ticket": "t", "p-time": 1 });
    const { http } = client();
    const err = await requestAccessToken(
      http,
      BASE,
      CREDS,
      { ...noSleep, maxPenalties: 2 },
      now,
    ).catch((e: unknown) => e);
    expect((err as AuthError).code).toBe("AUTH_FAILED");
  });

  test("HTTP errors are AuthErrors naming the status", async () => {
    nock(BASE).post("/auth/accesstokenrequest").reply(503, "busy");
    const { http } = client();
    const err = await requestAccessToken(http, BASE, CREDS, noSleep, now).catch((e: unknown) => e);
    expect((err as AuthError).message).toMatch(/HTTP 503/);
  });
});

describe("renewal", () => {
  test("renewaccesstoken sends the bearer token and keeps the md token when none comes back", async () => {
    nock(BASE, { reqheaders: { authorization: `Bearer ${OK.accessToken}` } })
      .get("/auth/renewaccesstoken")
      .reply(200, { accessToken: "acc-renewed-3333333", expirationTime: "2026-11-25T17:00:00Z" });
    const { http } = client();
    const current: TokenSet = {
      accessToken: OK.accessToken,
      mdAccessToken: OK.mdAccessToken,
      expiresAt: 0,
      userId: 7,
    };
    const t = await renewAccessToken(http, BASE, current, now);
    expect(t).toEqual({
      accessToken: "acc-renewed-3333333",
      mdAccessToken: OK.mdAccessToken,
      expiresAt: Date.parse("2026-11-25T17:00:00Z"),
      userId: 7,
    });
  });

  test("the keeper renews exactly 15 minutes before expiry (virtual clock), then re-arms", async () => {
    const timers = new VirtualTimers(Date.parse("2026-11-25T14:00:00Z"));
    const expiresAt = timers.now() + 90 * 60_000;
    const scope = nock(BASE)
      .get("/auth/renewaccesstoken")
      .matchHeader("authorization", `Bearer ${OK.accessToken}`)
      .reply(200, {
        accessToken: "acc-renewed-3333333",
        mdAccessToken: "md-renewed-4444444",
        expirationTime: new Date(expiresAt + 90 * 60_000).toISOString(),
      });
    const { http, exchanges } = client();
    const keeper = new TokenKeeper(
      { accessToken: OK.accessToken, mdAccessToken: OK.mdAccessToken, expiresAt, userId: 7 },
      {
        timers,
        renew: (t) => renewAccessToken(http, BASE, t, () => timers.now()),
        login: () => Promise.reject(new Error("no login expected")),
      },
    );
    timers.advance(90 * 60_000 - RENEW_BEFORE_MS - 1);
    expect(exchanges).toHaveLength(0);
    timers.advance(1);
    await vi.waitFor(() => expect(keeper.tokens.accessToken).toBe("acc-renewed-3333333"));
    expect(scope.isDone()).toBe(true);
    expect(keeper.tokens.mdAccessToken).toBe("md-renewed-4444444");
    expect(timers.pending).toBe(1);
    keeper.stop();
    expect(timers.pending).toBe(0);
  });

  test("a failed renewal retries a minute later", async () => {
    const timers = new VirtualTimers();
    let calls = 0;
    const keeper = new TokenKeeper(
      {
        accessToken: "a",
        mdAccessToken: "m",
        expiresAt: timers.now() + RENEW_BEFORE_MS,
        userId: 1,
      },
      {
        timers,
        renew: async (t) => {
          calls += 1;
          if (calls === 1) throw new Error("HTTP 500");
          return { ...t, accessToken: "b", expiresAt: timers.now() + 90 * 60_000 };
        },
        login: () => Promise.reject(new Error("no login expected")),
        log: () => {},
      },
    );
    timers.advance(0);
    await vi.waitFor(() => expect(calls).toBe(1));
    await vi.waitFor(() => expect(timers.pending).toBe(1));
    timers.advance(59_999);
    expect(calls).toBe(1);
    timers.advance(1);
    await vi.waitFor(() => expect(keeper.tokens.accessToken).toBe("b"));
    keeper.stop();
  });
});

test("the trading socket URL derives from the base URL as Tradovate's does", () => {
  expect(socketUrlOf("https://demo.tradovateapi.com/v1")).toBe(
    "wss://demo.tradovateapi.com/v1/websocket",
  );
  expect(socketUrlOf("http://127.0.0.1:8080/v1/")).toBe("ws://127.0.0.1:8080/v1/websocket");
  expect(() => socketUrlOf("ftp://x/v1")).toThrow(/--base-url/);
});

/**
 * The REST calls a real client makes before it opens its sockets: the login
 * (`auth/accesstokenrequest`), `account/list`, and the contract lookups that tell it which
 * contract ids its quotes will carry. Secrets are already placeholders, as a recorder writes
 * them: password, cid and sec in the request, both tokens in the answer.
 */

import { MS, type SessionTime } from "../sim/session-time.js";
import type { HttpEvent } from "../tape/events.js";
import type { AccountIdentity } from "./account.js";
import type { SynthInstrument } from "./instruments.js";
import type { Rng } from "./random.js";
import type { Timeline } from "./timeline.js";

/** Where Tradovate's demo REST API lives. */
export const REST_BASE = "https://demo.tradovateapi.com/v1";

/** The placeholders the session's secrets became, numbered in the order a redactor meets them. */
export const SECRETS = {
  password: "«secret:1»",
  cid: "«secret:2»",
  sec: "«secret:3»",
  accessToken: "«secret:4»",
  mdAccessToken: "«secret:5»",
  tmToken: "«secret:6»",
} as const;

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

type HttpInput = Omit<HttpEvent, "seq" | "t">;

/** The account as `account/list` and the sync snapshot show it. */
export function accountEntity(who: AccountIdentity): Record<string, unknown> {
  return {
    id: who.accountId,
    name: who.accountName,
    userId: who.userId,
    accountType: "Customer",
    active: true,
    clearingHouseId: 2,
    riskCategoryId: 2,
    autoLiqProfileId: 2,
    marginAccountType: "Speculator",
    legalStatus: "Individual",
    archived: false,
    timestamp: "2025-03-11T16:02:41.204Z",
  };
}

/** The contract entity (`contract/find`, snapshot `contracts`). */
export function contractEntity(inst: SynthInstrument): Record<string, unknown> {
  return {
    id: inst.contractId,
    name: inst.contractName,
    contractMaturityId: inst.maturityId,
    status: "DefinitionChecked",
    providerTickSize: inst.tickSize,
  };
}

/** The contract maturity entity (`contractMaturity/item`, snapshot `contractMaturities`). */
export function maturityEntity(inst: SynthInstrument): Record<string, unknown> {
  return {
    id: inst.maturityId,
    productId: inst.productId,
    expirationMonth: inst.expirationMonth,
    expirationDate: inst.expirationDate,
    archived: false,
    seqNo: 1,
    isFront: true,
  };
}

/** The product entity (`product/find`, snapshot `products`). */
export function productEntity(inst: SynthInstrument): Record<string, unknown> {
  return {
    id: inst.productId,
    name: inst.root,
    currencyId: 1,
    productType: "Futures",
    description: inst.spec.name,
    exchangeId: 1,
    contractGroupId: 2,
    riskDiscountContractGroupId: 2,
    status: "Verified",
    months: (inst.spec.months ?? []).map((m) => "FGHJKMNQUVXZ"[m - 1]).join(""),
    valuePerPoint: inst.valuePerPoint,
    priceFormatType: "Decimal",
    priceFormat: -2,
    tickSize: inst.tickSize,
  };
}

/**
 * Adds the login and lookups, one after another from `t`; returns when the last answer came
 * back (µs), when the client goes on to open its sockets.
 */
export function addRestCalls(
  timeline: Timeline,
  t: number,
  session: SessionTime,
  who: AccountIdentity,
  instruments: readonly SynthInstrument[],
  rng: Rng,
): number {
  let at = t;
  const call = (e: HttpInput) => {
    timeline.add(at, e);
    at += Math.round(e.ms * MS) + rng.int(2, 40) * MS;
  };
  const ms = (lo: number, hi: number) => rng.int(lo * 10, hi * 10) / 10;
  const bearer = { authorization: `Bearer ${SECRETS.accessToken}`, accept: "application/json" };
  const get = (path: string, body: unknown, lo = 40, hi = 120) =>
    call({
      k: "http",
      method: "GET",
      url: `${REST_BASE}/${path}`,
      status: 200,
      req: { headers: bearer },
      res: { headers: JSON_HEADERS, body: JSON.stringify(body) },
      ms: ms(lo, hi),
    });

  const expires = new Date(session.startMs + 90 * 60_000 + Math.floor(t / MS)).toISOString();
  call({
    k: "http",
    method: "POST",
    url: `${REST_BASE}/auth/accesstokenrequest`,
    status: 200,
    req: {
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        name: who.userName,
        password: SECRETS.password,
        appId: "tapedeck",
        appVersion: "0.1.0",
        deviceId: "3f1c2a9e-7b4d-4e0a-9c55-1d2e3f4a5b6c",
        cid: SECRETS.cid,
        sec: SECRETS.sec,
      }),
    },
    res: {
      headers: JSON_HEADERS,
      body: JSON.stringify({
        accessToken: SECRETS.accessToken,
        mdAccessToken: SECRETS.mdAccessToken,
        expirationTime: expires,
        userStatus: "Active",
        userId: who.userId,
        name: who.userName,
        hasLive: false,
      }),
    },
    ms: ms(140, 320),
  });
  get("account/list", [accountEntity(who)]);
  for (const inst of instruments) {
    get(`contract/find?name=${inst.contractName}`, contractEntity(inst));
    get(`contractMaturity/item?id=${inst.maturityId}`, maturityEntity(inst));
    get(`product/find?name=${inst.root}`, productEntity(inst));
  }
  return at;
}

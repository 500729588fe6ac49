/**
 * tokens: with the short-lived tokens conform issues, the client calls `auth/renewaccesstoken`
 * before its token expires, and never logs in a second time instead.
 */
import { parseJson } from "../../protocols/tradovate/json.js";
import { secs } from "../connections.js";
import type { Observed } from "../observation.js";
import { type Verdict, verdict } from "../verdict.js";
import type { CheckContext } from "./context.js";

type Http = Extract<Observed, { k: "http" }>;

/** The JSON object of a body, or undefined. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  const r = parseJson(text);
  return r.ok && typeof r.value === "object" && r.value !== null && !Array.isArray(r.value)
    ? (r.value as Record<string, unknown>)
    : undefined;
}

/** REST exchanges of a run. */
export function httpOf(ctx: CheckContext): Http[] {
  return ctx.events.filter((e): e is Http => e.k === "http");
}

/** tokens.renew. */
export function checkTokens(ctx: CheckContext): Verdict {
  const http = httpOf(ctx);
  const logins = http.filter(
    (e) =>
      e.path === "auth/accesstokenrequest" && typeof jsonObject(e.res)?.accessToken === "string",
  );
  const renewals = http.filter((e) => e.path === "auth/renewaccesstoken");
  const ev = [
    ...logins.map(
      (e) =>
        `login #${e.seq} at ${secs(e.ms)}: token expires ${String(jsonObject(e.res)?.expirationTime)}`,
    ),
    ...renewals.map((e) => `auth/renewaccesstoken #${e.seq} at ${secs(e.ms)}: ${e.status}`),
  ];
  const first = logins[0];
  if (!first)
    return verdict("tokens", "renew", "not-exercised", "the client never logged in over REST");
  if (logins.length > 1)
    return verdict(
      "tokens",
      "renew",
      "fail",
      `logged in ${logins.length} times instead of renewing its token`,
      ev,
    );
  const expires = Date.parse(String(jsonObject(first.res)?.expirationTime));
  const expiryMs = first.ms + (expires - first.wallMs);
  const renewedInTime = renewals.some((r) => r.status === 200 && r.ms < expiryMs);
  if (renewedInTime)
    return verdict("tokens", "renew", "pass", "renewed its token before it expired", ev);
  if (!Number.isFinite(expiryMs) || expiryMs > ctx.endMs)
    return verdict(
      "tokens",
      "renew",
      "not-exercised",
      "the run ended before the token expired",
      ev,
    );
  return verdict(
    "tokens",
    "renew",
    "fail",
    `its token expired at ${secs(expiryMs)} without a renewal`,
    ev,
  );
}

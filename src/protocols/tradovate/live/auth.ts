/**
 * Tradovate's REST login (spec §4): `POST auth/accesstokenrequest`, honouring `p-ticket` /
 * `p-time` penalties (wait, then re-send with the ticket), stopping on `p-captcha` and on
 * `errorText`; and `GET auth/renewaccesstoken` to extend the session.
 */
import { InputError, TapedeckError } from "../../../errors.js";
import { isObject } from "../json.js";
import type { TradovateCredentials } from "./credentials.js";
import type { RecordedHttp } from "./http.js";

/** The tokens of a session. */
export interface TokenSet {
  accessToken: string;
  mdAccessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  userId: number | undefined;
}

/** The login was refused, or cannot go on without a person (captcha). Exit code 2. */
export class AuthError extends TapedeckError {
  constructor(message: string, code: "AUTH_REFUSED" | "AUTH_CAPTCHA" | "AUTH_FAILED") {
    super(message, code, 2);
  }
}

/** How the login waits and how many penalties it accepts. */
export interface LoginOptions {
  /** Waits `ms` (an injected timer in tests). */
  sleep: (ms: number) => Promise<void>;
  /** Most penalties in a row before giving up (default 5). */
  maxPenalties?: number;
  /** Told about each penalty wait, in seconds. */
  onPenalty?: (seconds: number) => void;
}

const DEFAULT_LIFETIME_MS = 90 * 60_000;

/** Logs in; returns the tokens or throws AuthError / InputError with a message free of secrets. */
export async function requestAccessToken(
  http: RecordedHttp,
  baseUrl: string,
  creds: TradovateCredentials,
  opts: LoginOptions,
  now: () => number,
): Promise<TokenSet> {
  const url = `${trimSlash(baseUrl)}/auth/accesstokenrequest`;
  const body: Record<string, unknown> = {
    name: creds.name,
    password: creds.password,
    appId: creds.appId,
    appVersion: creds.appVersion,
    cid: /^\d+$/.test(creds.cid) ? Number(creds.cid) : creds.cid,
    sec: creds.sec,
    ...(creds.deviceId !== undefined ? { deviceId: creds.deviceId } : {}),
  };
  const max = opts.maxPenalties ?? 5;
  for (let penalties = 0; ; penalties++) {
    const reply = await http.request("POST", url, { body: JSON.stringify(body) });
    const d = reply.json;
    if (reply.status !== 200 || !isObject(d)) {
      throw new AuthError(
        `Tradovate login at ${url} failed: HTTP ${reply.status}${isObject(d) ? "" : " (not a JSON object)"}`,
        "AUTH_FAILED",
      );
    }
    if (typeof d.errorText === "string" && d.errorText !== "") {
      throw new AuthError(`Tradovate refused the login: ${d.errorText}`, "AUTH_REFUSED");
    }
    if (d["p-captcha"] === true) {
      throw new AuthError(
        "Tradovate asks for a captcha (too many logins): log in once in Tradovate's web app, wait, then record again",
        "AUTH_CAPTCHA",
      );
    }
    if (typeof d["p-ticket"] === "string") {
      if (penalties >= max) {
        throw new AuthError(
          `Tradovate kept answering with a penalty (${max} times); try later`,
          "AUTH_FAILED",
        );
      }
      const seconds = typeof d["p-time"] === "number" && d["p-time"] >= 0 ? d["p-time"] : 1;
      opts.onPenalty?.(seconds);
      await opts.sleep(seconds * 1000);
      body["p-ticket"] = d["p-ticket"];
      continue;
    }
    return tokenSet(d, undefined, now);
  }
}

/** Extends the session: a new token set (the md token kept when the answer has none). */
export async function renewAccessToken(
  http: RecordedHttp,
  baseUrl: string,
  current: TokenSet,
  now: () => number,
): Promise<TokenSet> {
  const url = `${trimSlash(baseUrl)}/auth/renewaccesstoken`;
  const reply = await http.request("GET", url, {
    headers: { authorization: `Bearer ${current.accessToken}` },
  });
  const d = reply.json;
  if (reply.status !== 200 || !isObject(d)) {
    throw new AuthError(`Tradovate token renewal failed: HTTP ${reply.status}`, "AUTH_FAILED");
  }
  if (typeof d.errorText === "string" && d.errorText !== "") {
    throw new AuthError(`Tradovate refused the token renewal: ${d.errorText}`, "AUTH_REFUSED");
  }
  return tokenSet(d, current, now);
}

function tokenSet(
  d: Record<string, unknown>,
  previous: TokenSet | undefined,
  now: () => number,
): TokenSet {
  const access = d.accessToken;
  if (typeof access !== "string" || access === "") {
    throw new AuthError("Tradovate's login answer has no accessToken", "AUTH_FAILED");
  }
  const md =
    typeof d.mdAccessToken === "string" && d.mdAccessToken !== "" ? d.mdAccessToken : undefined;
  const exp = typeof d.expirationTime === "string" ? Date.parse(d.expirationTime) : Number.NaN;
  return {
    accessToken: access,
    mdAccessToken: md ?? previous?.mdAccessToken ?? access,
    expiresAt: Number.isFinite(exp) ? exp : now() + DEFAULT_LIFETIME_MS,
    userId: typeof d.userId === "number" ? d.userId : previous?.userId,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Checks a `--base-url`: http(s) with a path, e.g. `https://demo.tradovateapi.com/v1`. */
export function checkBaseUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new InputError(`--base-url: not a URL: "${text}"`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new InputError(`--base-url: expected http(s)://..., got "${text}"`);
  }
  return u;
}

/** The trading socket's URL as Tradovate derives it: https->wss, http->ws, plus `/websocket`. */
export function socketUrlOf(baseUrl: string): string {
  const u = checkBaseUrl(baseUrl);
  const scheme = u.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${u.host}${u.pathname.replace(/\/+$/, "")}/websocket`;
}

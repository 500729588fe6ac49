/**
 * What is secret in Tradovate traffic, for the tape redactor: the access token inside a socket
 * `authorize` request, the credentials of `POST /auth/accesstokenrequest` (password, app secret
 * `sec`, app id `cid`) and the tokens its answer and `/auth/renewaccesstoken` hand out.
 */

import type { EventInput } from "../../tape/events.js";
import type { SecretFinder, SecretMasker, SecretRules } from "../../tape/redact.js";

/**
 * `authorize\n<id>\n<query>\n<token>`: the first three lines. Real clients send the token bare,
 * wrapped in JSON quotes (JS, TS) or followed by "\n" (GO), and the endpoint in any case.
 */
const AUTHORIZE_HEAD_RE = /^\s*authorize\n[^\n]*\n[^\n]*\n/i;

/** The token of an authorize request, with how it was written so a masker can rewrite it. */
interface AuthorizeToken {
  head: string;
  token: string;
  quoted: boolean;
  tail: string;
}

function parseAuthorize(text: string): AuthorizeToken | undefined {
  const head = AUTHORIZE_HEAD_RE.exec(text)?.[0];
  if (head === undefined) return undefined;
  const rest = text.slice(head.length);
  const body = rest.trimEnd();
  if (body === "") return undefined;
  const tail = rest.slice(body.length);
  if (body.length >= 2 && body.startsWith('"') && body.endsWith('"')) {
    try {
      const token = JSON.parse(body) as unknown;
      if (typeof token === "string") return { head, token, quoted: true, tail };
    } catch {
      // Not a JSON string after all: the quotes are part of the token.
    }
  }
  return { head, token: body, quoted: false, tail };
}

/** Masks the token of an authorize request frame, keeping its quoting and trailing newline. */
export const authorizeMasker: SecretMasker = (text, site, mask) => {
  if (site.key !== "text" && site.key !== "b64") return text;
  const a = parseAuthorize(text);
  if (!a) return text;
  const masked = mask(a.token, "authorize token");
  if (masked === a.token) return text;
  return `${a.head}${a.quoted ? JSON.stringify(masked) : masked}${a.tail}`;
};

const AUTH_PATH_RE = /\/auth\/(?:accesstokenrequest|renewaccesstoken|oauthtoken)\b/i;
const REQUEST_SECRETS = ["password", "sec", "cid"] as const;
const RESPONSE_SECRETS = ["accessToken", "mdAccessToken"] as const;

function jsonFields(body: string | undefined, names: readonly string[]): string[] {
  if (body === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  if (typeof value !== "object" || value === null) return [];
  const o = value as Record<string, unknown>;
  return names
    .map((n) => o[n])
    .filter((v): v is string | number => typeof v === "string" || typeof v === "number")
    .map(String);
}

/** Finds the authorize token of `send` frames and the credentials and tokens of auth calls. */
export const tradovateSecretFinder: SecretFinder = (e: EventInput) => {
  if (e.k === "send" && e.text !== undefined) {
    const a = parseAuthorize(e.text);
    return a ? [a.token] : [];
  }
  if (e.k === "http" && AUTH_PATH_RE.test(e.url)) {
    return [
      ...jsonFields(e.req.body, REQUEST_SECRETS),
      ...jsonFields(e.res.body, RESPONSE_SECRETS),
    ];
  }
  return [];
};

/** Tradovate's rules, combined with the others by `createRedactor` (src/protocols/secrets.ts). */
export const tradovateSecrets: Required<SecretRules> = {
  finders: [tradovateSecretFinder],
  maskers: [authorizeMasker],
};

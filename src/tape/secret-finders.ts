/**
 * Generic secret rules, true of any protocol: JSON fields with a secret name (anywhere in a text,
 * also JSON inside a JSON string), credential headers, query parameters with a secret name, and
 * anything shaped like a JWT or a Bearer credential. Protocol-specific rules live in
 * src/protocols/<name>/secrets.ts.
 */

import type { MaskFn, SecretMasker } from "./redact.js";

/**
 * Field, header and query-parameter names whose value is a secret, lowercase (names match in any
 * case). `cid` is Tradovate's numeric client app id: alone it grants nothing, but it is half of
 * the app credential pair with `sec`, so its value is masked where it appears as a field; being a
 * short number it is never replaced anywhere else.
 */
export const SECRET_FIELD_NAMES: readonly string[] = [
  "accesstoken",
  "mdaccesstoken",
  "access_token",
  "refresh_token",
  "id_token",
  "token",
  "password",
  "passwd",
  "sec",
  "secret",
  "client_secret",
  "cid",
  "sessionid",
  "session_id",
  "cookie",
  "apikey",
  "api_key",
];

const NAMES = SECRET_FIELD_NAMES.join("|");
const NAME_SET = new Set(SECRET_FIELD_NAMES);

/** True when `name` (a JSON field, a header, a query parameter) holds a secret. */
export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return NAME_SET.has(lower) || /(?:^|[-_])(?:auth-?token|access-?token|api-?key)$/.test(lower);
}

/** A JSON string literal, with its escapes. */
const STRING_LITERAL = String.raw`"(?:[^"\\]|\\[\s\S])*"`;
const NUMBER_LITERAL = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const FIELD_RE = new RegExp(`"(${NAMES})"(\\s*:\\s*)(${STRING_LITERAL}|${NUMBER_LITERAL})`, "gi");
const STRING_RE = new RegExp(STRING_LITERAL, "g");

/** How many JSON-in-a-JSON-string levels the field masker looks into. */
const MAX_NESTING = 4;

/**
 * Masks the value of every JSON field with a secret name anywhere in a text, whether the text
 * is JSON or only holds JSON (a Tradovate `a[...]` frame, a request body after its header
 * lines), and inside JSON that sits JSON-encoded in a string (`"d":"{\"token\":\"...\"}"`). A
 * number value (`"cid":8`) becomes a placeholder string. Outside JSON, a string held by a property
 * with a secret name (a mark's `data.password`) is masked whole.
 */
export const jsonFieldMasker: SecretMasker = (text, site, mask) => {
  if (!site.header && site.key !== undefined && isSecretName(site.key)) {
    return mask(text, `field "${site.key}"`);
  }
  return maskJsonFields(text, mask, 0);
};

function maskJsonFields(text: string, mask: MaskFn, depth: number): string {
  if (!text.includes('"')) return text;
  const top = text.replace(FIELD_RE, (whole, name: string, colon: string, literal: string) => {
    const isString = literal.startsWith('"');
    let value: string;
    try {
      value = isString ? (JSON.parse(literal) as string) : literal;
    } catch {
      return whole;
    }
    const masked = mask(value, `field "${name}"`);
    if (masked === value) return whole;
    return `"${name}"${colon}${JSON.stringify(masked)}`;
  });
  if (depth >= MAX_NESTING || !top.includes('\\"')) return top;
  return top.replace(STRING_RE, (literal) => {
    if (!literal.includes('\\"')) return literal;
    let inner: string;
    try {
      inner = JSON.parse(literal) as string;
    } catch {
      return literal;
    }
    const masked = maskJsonFields(inner, mask, depth + 1);
    return masked === inner ? literal : JSON.stringify(masked);
  });
}

/**
 * Masks credential headers: the credentials after an `Authorization` scheme (`Bearer <token>`
 * keeps `Bearer `), every cookie value of `Cookie`, the value of each `Set-Cookie` line, and the
 * whole value of a header with a secret name (`X-Api-Key`, `Token`).
 */
export const headerMasker: SecretMasker = (text, site, mask) => {
  if (!site.header || site.key === undefined) return text;
  const name = site.key.toLowerCase();
  if (name === "authorization" || name === "proxy-authorization") {
    const m = /^(\s*\S+\s+)(\S[\s\S]*?)(\s*)$/.exec(text);
    if (!m) return mask(text, `${site.key} header`);
    return `${m[1]}${mask(m[2]!, `${site.key} header`)}${m[3]}`;
  }
  if (name === "cookie") {
    return text.replace(
      /(^|;\s*)([^=;]+)=([^;]*)/g,
      (_all, sep: string, cookie: string, value: string) =>
        `${sep}${cookie}=${mask(value, `cookie "${cookie.trim()}"`)}`,
    );
  }
  if (name === "set-cookie") {
    return text.replace(
      /^(\s*)([^=;\n]+)=([^;\n]*)/gm,
      (_all, lead: string, cookie: string, value: string) =>
        `${lead}${cookie}=${mask(value, `set-cookie "${cookie.trim()}"`)}`,
    );
  }
  if (isSecretName(name)) return mask(text, `${site.key} header`);
  return text;
};

const QUERY_RE = new RegExp(`(?<![\\w-])(${NAMES})=([^&#\\s"'<>;,\\\\]+)`, "gi");

/**
 * Masks query-string and form parameters with a secret name (`?token=...`, `password=...&`),
 * in URLs and in any other text. The placeholder replaces the parameter's URL-encoded value;
 * the decoded value is what gets registered.
 */
export const queryMasker: SecretMasker = (text, _site, mask) => {
  if (!text.includes("=")) return text;
  return text.replace(QUERY_RE, (whole, name: string, encoded: string) => {
    let value = encoded;
    try {
      value = decodeURIComponent(encoded.replaceAll("+", " "));
    } catch {
      // Not valid percent-encoding: the raw text is the value.
    }
    const masked = mask(value, `query parameter "${name}"`);
    return masked === value ? whole : `${name}=${masked}`;
  });
};

const JWT_RE = /eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

/** Masks anything shaped like a JWT (`eyJ...\.eyJ...\.sig`), wherever it is. */
export const jwtMasker: SecretMasker = (text, _site, mask) => {
  if (!text.includes("eyJ")) return text;
  return text.replace(JWT_RE, (jwt) => mask(jwt, "JWT"));
};

const BEARER_RE = /(\bBearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi;

/** Masks the credential after `Bearer ` in any text (headers are already handled by position). */
export const bearerMasker: SecretMasker = (text, _site, mask) => {
  if (!/bearer/i.test(text)) return text;
  return text.replace(
    BEARER_RE,
    (_all, lead: string, token: string) => `${lead}${mask(token, "Bearer token")}`,
  );
};

/** The generic maskers, in the order they run (headers first: they know the most). */
export const genericMaskers: readonly SecretMasker[] = [
  headerMasker,
  jsonFieldMasker,
  queryMasker,
  bearerMasker,
  jwtMasker,
];

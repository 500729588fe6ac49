/**
 * What is secret in Trade Manager traffic, for the tape redactor: the session token that `AUTH`,
 * `CLOSE_TRADE` and `MANUALTRADE` carry, and every field of `ACCSETUP` / `ACCSETUP_COMPLETE`
 * (broker account linking: encrypted broker credentials, account numbers, environment).
 */

import { type EventInput, frameBytes } from "../../tape/events.js";
import type { MaskFn, SecretFinder, SecretMasker, SecretRules } from "../../tape/redact.js";
import { isSecretName } from "../../tape/secret-finders.js";

const TOKEN_TYPES = new Set(["AUTH", "CLOSE_TRADE", "MANUALTRADE"]);
const SETUP_TYPES = new Set(["ACCSETUP", "ACCSETUP_COMPLETE"]);

type Json = Record<string, unknown>;

/**
 * A frame that can be one of the types above names it literally, unless it hides the name in a
 * \u escape. Checking that first spares a JSON.parse of every other frame the recorder writes
 * (it halved recording throughput: docs/benchmarks.md).
 */
const TYPE_HINT = /"(?:AUTH|CLOSE_TRADE|MANUALTRADE|ACCSETUP(?:_COMPLETE)?)"|\\u/;

function parseMessage(text: string): Json | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  if (!TYPE_HINT.test(text)) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an ACCSETUP value is also replaced across the tape. Plain words (a broker name such as
 * `tradovate`, an environment such as `demo`) are not, unless their field has a secret name:
 * replacing `tradovate` everywhere would shred every Tradovate URL of the tape.
 */
function anywhere(key: string, value: string): boolean {
  return (
    isSecretName(key) ||
    /pass|secret|token|key|cred|pin/i.test(key) ||
    !/^[A-Za-z][a-z]*$/.test(value)
  );
}

/**
 * A copy of `v` with every string and number leaf replaced by `mask(leaf, ...)`; booleans and
 * nulls say nothing secret and stay. `key` is the name of the field holding `v`.
 */
function maskLeaves(v: unknown, key: string, path: string, mask: MaskFn): unknown {
  if (typeof v === "string") return mask(v, path, anywhere(key, v));
  if (typeof v === "number") return mask(String(v), path, true);
  if (Array.isArray(v)) return v.map((x, i) => maskLeaves(x, key, `${path}[${i}]`, mask));
  if (typeof v === "object" && v !== null) {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = maskLeaves(x, k, `${path}.${k}`, mask);
    return out;
  }
  return v;
}

/**
 * Masks every field of an ACCSETUP / ACCSETUP_COMPLETE message except its `type`. The frame is
 * re-serialized when something changed: its exact bytes matter less than keeping credentials out.
 */
export const accountSetupMasker: SecretMasker = (text, site, mask) => {
  if (site.key !== "text" && site.key !== "b64") return text;
  const msg = parseMessage(text);
  if (!msg || typeof msg.type !== "string" || !SETUP_TYPES.has(msg.type)) return text;
  let changed = false;
  const counting: MaskFn = (value, what, everywhere) => {
    const m = mask(value, what, everywhere);
    if (m !== value) changed = true;
    return m;
  };
  const out: Json = {};
  for (const [k, v] of Object.entries(msg)) {
    out[k] = k === "type" ? v : maskLeaves(v, k, `${msg.type} field "${k}"`, counting);
  }
  return changed ? JSON.stringify(out) : text;
};

/** The values of an ACCSETUP field that are replaced across the tape (see {@link anywhere}). */
function leaves(v: unknown, key: string): string[] {
  const found: string[] = [];
  maskLeaves(v, key, key, (value, _what, everywhere) => {
    if (everywhere !== false) found.push(value);
    return value;
  });
  return found;
}

/**
 * Finds the session token of AUTH / CLOSE_TRADE / MANUALTRADE and the ACCSETUP values that are
 * replaced across the tape (the masker hides the plain words in the message itself).
 */
export const tradeManagerSecretFinder: SecretFinder = (e: EventInput) => {
  if (e.k !== "send" && e.k !== "recv") return [];
  const msg = parseMessage(frameBytes(e).toString("utf8"));
  if (!msg || typeof msg.type !== "string") return [];
  if (TOKEN_TYPES.has(msg.type)) return typeof msg.token === "string" ? [msg.token] : [];
  if (SETUP_TYPES.has(msg.type)) {
    return Object.entries(msg).flatMap(([k, v]) => (k === "type" ? [] : leaves(v, k)));
  }
  return [];
};

/** Trade Manager's rules, combined with the others by `createRedactor` (src/protocols/secrets.ts). */
export const tradeManagerSecrets: Required<SecretRules> = {
  finders: [tradeManagerSecretFinder],
  maskers: [accountSetupMasker],
};

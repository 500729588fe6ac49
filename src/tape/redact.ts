/**
 * Redaction at write time: a registry of secrets, each replaced by a stable `«secret:N»`
 * placeholder in every string of an event before the writer serializes it. This module knows no
 * protocol: callers hand it finders and maskers that say what is secret (src/tape/secret-finders.ts
 * for generic rules, src/protocols/<name>/secrets.ts for protocol rules).
 *
 * Two layers, because they fail differently:
 * - Maskers replace a value at the place a rule points at (a `"password"` field, a cookie value,
 *   an authorize token), whatever its length.
 * - Every registered secret of at least {@link MIN_SECRET_LENGTH} characters is also replaced
 *   anywhere else it appears, as a substring, in each escaping it may take, and inside binary
 *   payloads. Shorter values stay positional only: replacing a 4-character value everywhere would
 *   shred prices, ids and words all over a tape.
 */

import type { EventInput } from "./events.js";

/**
 * Secrets shorter than this (in code points) are masked only where a rule points at them. Eight
 * is the shortest password Tradovate accepts and far below any token, session id or API secret,
 * while 8-character collisions with prices, ids and words of a tape are rare (see docs/redaction.md).
 */
export const MIN_SECRET_LENGTH = 8;

const PLACEHOLDER_PREFIX = "«secret:";
const PLACEHOLDER_RE = /«secret:\d+»/;
const WHOLE_PLACEHOLDER_RE = /^«secret:\d+»$/;

/** The placeholder text of secret number `n`: `«secret:n»`. */
export function placeholder(n: number): string {
  return `${PLACEHOLDER_PREFIX}${n}»`;
}

/** True when `text` is exactly one placeholder. */
export function isPlaceholder(text: string): boolean {
  return WHOLE_PLACEHOLDER_RE.test(text);
}

/** True when `text` holds a placeholder somewhere: such a value was already redacted. */
export function containsPlaceholder(text: string): boolean {
  return PLACEHOLDER_RE.test(text);
}

/** Names the secrets an event carries, e.g. the token inside a Tradovate authorize frame. */
export type SecretFinder = (e: EventInput) => Iterable<string>;

/** Where a string sits in an event, so a masker can tell a header value from a frame's text. */
export interface StringSite {
  /** The property that holds the string: `text`, `body`, `url`, a header name, a data key. */
  key: string | undefined;
  /** True when the string is the value of a header (a property of a `headers` object). */
  header: boolean;
}

/**
 * Replaces `value` by its placeholder and returns it (or `value` itself when it cannot be a
 * secret). `what` names the place for reports, e.g. `field "password"`. `anywhere: false` masks
 * this occurrence without replacing the value across the tape: for values a rule must hide here
 * but that are ordinary words elsewhere (a broker name such as `tradovate` in an ACCSETUP message).
 */
export type MaskFn = (value: string, what: string, anywhere?: boolean) => string;

/**
 * Replaces, inside one string of an event, each value a rule knows to be secret by `mask(...)`
 * and returns the new string (the same string when nothing matched). Used three ways: to
 * redact, to learn secrets before writing, and by `tapedeck verify` to find values that were not
 * redacted.
 */
export type SecretMasker = (text: string, site: StringSite, mask: MaskFn) => string;

/** What finders and maskers a {@link Redactor} or {@link findUnredacted} applies. */
export interface SecretRules {
  finders?: readonly SecretFinder[];
  maskers?: readonly SecretMasker[];
}

/** A value a rule points at that is not a placeholder, as {@link findUnredacted} reports it. */
export interface UnredactedValue {
  /** The place, e.g. `field "password"` or `authorize token`. */
  what: string;
  value: string;
}

/**
 * Every form a secret can take inside the strings of an event: raw, JSON-escaped (also twice,
 * with `\/`, and with non-ASCII as `\uXXXX` in either hex case) and URL-encoded (`%XX` in either
 * case, `+` for spaces, form encoding of `!'()*`). Longest first, without duplicates.
 */
export function secretForms(secret: string): string[] {
  const json = jsonEscape(secret);
  const forms = [secret, json, json.replaceAll("/", "\\/"), jsonEscape(json)];
  for (const upper of [false, true]) forms.push(asciiEscape(json, upper));
  const url = encodeURIComponent(secret);
  // Form encoding also escapes !'()* and writes spaces as "+".
  const form = url
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll("%20", "+");
  forms.push(
    url,
    form,
    url.replaceAll("%20", "+"),
    url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  );
  return [...new Set(forms)].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function asciiEscape(json: string, upper: boolean): string {
  return json.replace(/[^\x00-\x7f]/g, (ch) => {
    const hex = ch.charCodeAt(0).toString(16).padStart(4, "0");
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  });
}

/** A secret that is replaced anywhere: its forms, as text and as UTF-8 bytes. */
interface GlobalSecret {
  label: string;
  forms: string[];
  bytes: Buffer[];
}

/** One occurrence of a needle inside a haystack. */
interface Hit {
  start: number;
  end: number;
  label: string;
}

/**
 * The secret registry of one tape. Same secret, same N, for the life of the redactor: create one
 * per tape and hand `(e) => redactor.process(e)` to the tape writer as its `redact` hook.
 */
export class Redactor {
  readonly #numbers = new Map<string, number>();
  readonly #global: GlobalSecret[] = [];
  readonly #anywhere = new Set<string>();
  readonly #finders: readonly SecretFinder[];
  readonly #maskers: readonly SecretMasker[];

  constructor(opts: SecretRules = {}) {
    this.#finders = opts.finders ?? [];
    this.#maskers = opts.maskers ?? [];
  }

  /** How many secrets are registered (the highest N handed out). */
  get size(): number {
    return this.#numbers.size;
  }

  /**
   * Registers `secret` and returns its N (the same N when it is already known). From then on it
   * is replaced anywhere it appears, if it has at least {@link MIN_SECRET_LENGTH} characters and
   * `anywhere` is not false. Returns 0, and registers nothing, for values that cannot be a
   * secret: empty or blank text, text that already holds a placeholder, and fragments of
   * placeholder syntax (replacing those would rebuild them from the placeholders themselves).
   */
  register(secret: string, anywhere = true): number {
    let n = this.#numbers.get(secret);
    if (n === undefined) {
      if (!acceptable(secret)) return 0;
      n = this.#numbers.size + 1;
      this.#numbers.set(secret, n);
    }
    if (anywhere && !this.#anywhere.has(secret) && [...secret].length >= MIN_SECRET_LENGTH) {
      this.#anywhere.add(secret);
      const forms = secretForms(secret);
      this.#global.push({
        label: placeholder(n),
        forms,
        bytes: forms.map((f) => Buffer.from(f, "utf8")),
      });
    }
    return n;
  }

  /** Runs the finders and maskers over `e` and registers every secret they point at. */
  learn(e: EventInput): void {
    for (const find of this.#finders) {
      for (const secret of find(e)) this.register(secret);
    }
    if (this.#maskers.length === 0) return;
    const record: MaskFn = (value, _what, anywhere) => {
      this.register(value, anywhere);
      return value;
    };
    forEachString(e, (text, site) => {
      for (const m of this.#maskers) m(text, site, record);
    });
  }

  /**
   * A copy of `e` with every secret replaced: first the values maskers point at (registering
   * them), then every registered secret of at least {@link MIN_SECRET_LENGTH} characters in any of
   * its {@link secretForms}, in every string (object keys included) and inside `b64` payloads.
   */
  redact<E>(e: E): E {
    return this.#walk(e, undefined, false) as E;
  }

  /** Learns then redacts: the writer's `redact` hook. */
  process<E extends EventInput>(e: E): E {
    this.learn(e);
    return this.redact(e);
  }

  #mask: MaskFn = (value, _what, anywhere) => {
    const n = this.register(value, anywhere);
    return n === 0 ? value : placeholder(n);
  };

  #walk(v: unknown, key: string | undefined, header: boolean): unknown {
    if (typeof v === "string") return this.#redactText(v, { key, header });
    if (Array.isArray(v)) return v.map((x) => this.#walk(x, key, header));
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const value =
        k === "b64" && typeof x === "string"
          ? this.#redactB64(x)
          : this.#walk(x, k, key === "headers");
      out[this.#replaceGlobal(k)] = value;
    }
    return out;
  }

  #redactText(text: string, site: StringSite): string {
    let masked = text;
    for (const m of this.#maskers) masked = m(masked, site, this.#mask);
    return this.#replaceGlobal(masked);
  }

  #redactB64(b64: string): string {
    const bytes = Buffer.from(b64, "base64");
    let out = bytes;
    const text = utf8(bytes);
    if (text !== undefined && this.#maskers.length > 0) {
      let masked = text;
      for (const m of this.#maskers) masked = m(masked, { key: "b64", header: false }, this.#mask);
      if (masked !== text) out = Buffer.from(masked, "utf8");
    }
    const hits: Hit[] = [];
    for (const g of this.#global) {
      for (const needle of g.bytes) {
        for (let i = out.indexOf(needle); i >= 0; i = out.indexOf(needle, i + 1)) {
          hits.push({ start: i, end: i + needle.length, label: g.label });
        }
      }
    }
    if (hits.length > 0) {
      const parts: Buffer[] = [];
      let at = 0;
      for (const span of mergeHits(hits)) {
        parts.push(out.subarray(at, span.start), Buffer.from(span.labels, "utf8"));
        at = span.end;
      }
      parts.push(out.subarray(at));
      out = Buffer.concat(parts);
    }
    return out === bytes ? b64 : out.toString("base64");
  }

  #replaceGlobal(text: string): string {
    const hits: Hit[] = [];
    for (const g of this.#global) {
      for (const needle of g.forms) {
        for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
          hits.push({ start: i, end: i + needle.length, label: g.label });
        }
      }
    }
    if (hits.length === 0) return text;
    let out = "";
    let at = 0;
    for (const span of mergeHits(hits)) {
      out += text.slice(at, span.start) + span.labels;
      at = span.end;
    }
    return out + text.slice(at);
  }
}

/**
 * Overlapping occurrences become one span that is replaced by the placeholders of the secrets
 * that reach into it, so no fragment of either secret survives.
 */
function mergeHits(hits: Hit[]): Array<{ start: number; end: number; labels: string }> {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: Array<{ start: number; end: number; labels: string[] }> = [];
  for (const h of hits) {
    const last = spans.at(-1);
    if (last && h.start < last.end) {
      if (h.end > last.end) {
        last.end = h.end;
        if (last.labels.at(-1) !== h.label) last.labels.push(h.label);
      }
    } else {
      spans.push({ start: h.start, end: h.end, labels: [h.label] });
    }
  }
  return spans.map((s) => ({ start: s.start, end: s.end, labels: s.labels.join("") }));
}

function acceptable(secret: string): boolean {
  if (secret.trim() === "" || containsPlaceholder(secret)) return false;
  return !isPlaceholderFragment(secret);
}

/** True when `s` could be cut out of some `«secret:N»`. */
function isPlaceholderFragment(s: string): boolean {
  const prefix = PLACEHOLDER_PREFIX;
  if (prefix.includes(s)) return true;
  for (let i = 0; i < prefix.length; i++) {
    const head = prefix.slice(i);
    if (s.startsWith(head) && /^\d*»?$/.test(s.slice(head.length))) return true;
  }
  return /^\d*»$/.test(s);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The text of `bytes` when they are valid UTF-8, else undefined. */
function utf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Calls `visit` for every string of `e` with its site: property values at any depth, header
 * values, and the UTF-8 text of `b64` payloads when they decode as UTF-8.
 */
export function forEachString(e: unknown, visit: (text: string, site: StringSite) => void): void {
  const walk = (v: unknown, key: string | undefined, header: boolean): void => {
    if (typeof v === "string") {
      if (key === "b64") {
        const text = utf8(Buffer.from(v, "base64"));
        if (text !== undefined) visit(text, { key, header: false });
      } else {
        visit(v, { key, header });
      }
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, key, header);
    } else if (isPlainObject(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, k, key === "headers");
    }
  };
  walk(e, undefined, false);
}

/**
 * A finder that reports every value `maskers` point at in an event: for code that can only take
 * finders. (A {@link Redactor} given the maskers themselves also masks short values in place.)
 */
export function maskerFinder(maskers: readonly SecretMasker[]): SecretFinder {
  return (e) => {
    const found: string[] = [];
    forEachString(e, (text, site) => {
      for (const m of maskers) {
        m(text, site, (value, _what, anywhere) => {
          if (anywhere !== false) found.push(value);
          return value;
        });
      }
    });
    return found;
  };
}

/**
 * The values `rules` point at in `e` that are not redacted (not empty, holding no placeholder):
 * what `tapedeck verify` reports. Each value once, named by the first masker that points at it;
 * values only finders know are named `secret`.
 */
export function findUnredacted(e: unknown, rules: SecretRules): UnredactedValue[] {
  const found: UnredactedValue[] = [];
  const seen = new Set<string>();
  const note = (what: string, value: string) => {
    if (value.trim() === "" || containsPlaceholder(value) || seen.has(value)) return;
    seen.add(value);
    found.push({ what, value });
  };
  const maskers = rules.maskers ?? [];
  if (maskers.length > 0) {
    forEachString(e, (text, site) => {
      for (const m of maskers) {
        m(text, site, (value, what) => {
          note(what, value);
          return value;
        });
      }
    });
  }
  for (const find of rules.finders ?? []) {
    for (const value of find(e as EventInput)) note("secret", value);
  }
  return found;
}

import { keyRole } from "./aliases.js";
import { toNumber } from "./numeric.js";
import type { Quote, QuoteNumberField } from "./quote.js";

/** How deep below the root prices are looked for: `{type, data: {quote: {...}}}` is depth 2. */
const MAX_DEPTH = 4;

interface Identity {
  symbol?: string;
  contractId?: number;
  time?: string | number;
}

type Numbers = Partial<Record<QuoteNumberField, number>>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Finds quotes in any JSON value by key names: wrapped (`{type, data}`, `{d: ...}`) or bare,
 * keys in any case and the aliases of aliases.ts, numbers or numeric strings, an entry object
 * such as `{"Bid": {"price": 1, "size": 2}}`, nested up to a few levels. What names a quote
 * (symbol, contract id, time) is inherited from enclosing objects, so
 * `{"ticker": "ES1!", "prices": {"bid": 1}}` is one quote for ES1!. Never throws.
 */
export function extractJsonQuotes(value: unknown): Quote[] {
  const out: Quote[] = [];
  visit(value, 0, {}, out);
  return out;
}

function visit(node: unknown, depth: number, inherited: Identity, out: Quote[]): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (const child of node) visit(child, depth + 1, inherited, out);
    return;
  }
  if (!isObject(node)) return;

  const ident: Identity = { ...inherited };
  const numbers: Numbers = {};
  const children: unknown[] = [];
  for (const key of Object.keys(node)) {
    const value = node[key];
    const role = keyRole(key);
    switch (role.role) {
      case "number":
        readNumber(role.field, value, numbers, children);
        break;
      case "symbol":
        if (typeof value === "string" && value.trim() !== "") ident.symbol = value.trim();
        else if (isObject(value) || Array.isArray(value)) children.push(value);
        break;
      case "contractId": {
        const id = toNumber(value);
        if (id !== undefined && Number.isInteger(id)) ident.contractId = id;
        break;
      }
      case "time":
        if (typeof value === "string" || typeof value === "number") ident.time = value;
        break;
      default:
        if (typeof value === "object" && value !== null) children.push(value);
    }
  }

  const firstChild = out.length;
  for (const child of children) visit(child, depth + 1, ident, out);
  if (!hasPrice(numbers)) return;

  // A child quote naming the same thing and adding fields we lack is part of this quote
  // (`{"bid": 1, "details": {"last": 2}}`), not a second one.
  const mine: Quote = { source: "json", ...identityFields(ident), ...numbers };
  for (let i = out.length - 1; i >= firstChild; i--) {
    const q = out[i]!;
    if (sameIdentity(q, mine) && !overlaps(q, mine)) {
      Object.assign(mine, numbersOf(q));
      out.splice(i, 1);
    }
  }
  out.push(mine);
}

function readNumber(
  field: QuoteNumberField,
  value: unknown,
  numbers: Numbers,
  children: unknown[],
) {
  const n = toNumber(value);
  if (n !== undefined) {
    if (numbers[field] === undefined) numbers[field] = n;
    return;
  }
  if (!isObject(value)) return;
  // An entry object: Tradovate's {"Bid": {"price": .., "size": ..}} and look-alikes.
  const price = toNumber(value.price ?? value.Price ?? value.px ?? value.p);
  if (price === undefined) {
    children.push(value);
    return;
  }
  if (numbers[field] === undefined) numbers[field] = price;
  const size = toNumber(value.size ?? value.Size ?? value.qty ?? value.s);
  if (size === undefined) return;
  if (field === "bid" && numbers.bidSize === undefined) numbers.bidSize = size;
  if (field === "ask" && numbers.askSize === undefined) numbers.askSize = size;
}

function hasPrice(n: Numbers): boolean {
  return n.bid !== undefined || n.ask !== undefined || n.last !== undefined;
}

function identityFields(i: Identity): Identity {
  const out: Identity = {};
  if (i.symbol !== undefined) out.symbol = i.symbol;
  if (i.contractId !== undefined) out.contractId = i.contractId;
  if (i.time !== undefined) out.time = i.time;
  return out;
}

function sameIdentity(a: Quote, b: Quote): boolean {
  return a.symbol === b.symbol && a.contractId === b.contractId;
}

const NUMBER_FIELDS: QuoteNumberField[] = ["bid", "ask", "last", "bidSize", "askSize"];

function numbersOf(q: Quote): Numbers {
  const n: Numbers = {};
  for (const f of NUMBER_FIELDS) if (q[f] !== undefined) n[f] = q[f];
  return n;
}

function overlaps(a: Quote, b: Quote): boolean {
  return NUMBER_FIELDS.some((f) => a[f] !== undefined && b[f] !== undefined);
}

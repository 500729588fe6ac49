/**
 * `--symbols ES1!,NQZ5`: TradingView names to Tradovate contracts. Continuous names ask the
 * venue (`contract/suggest`), whose answer wins over the local roll rule (`toTradovate`), which
 * is only the fallback. The resolution goes into the tape; replay reads it from there.
 */
import { InputError } from "../errors.js";
import { parseSymbol, toTradovate } from "../pnl/symbols.js";
import { isObject } from "../protocols/tradovate/json.js";
import type { RecordedHttp } from "../protocols/tradovate/live/http.js";

/** How one requested name was resolved. */
export interface SymbolResolution {
  requested: string;
  /** The Tradovate contract name to subscribe to. */
  symbol: string;
  /** `venue`: contract/suggest; `local`: the local roll rule; `name`: a dated name as given. */
  source: "venue" | "local" | "name";
  contractId?: number;
}

/** Throws an InputError for the first name that cannot be a Tradovate futures contract. */
export function checkSymbols(names: readonly string[], at: number): void {
  for (const requested of names) {
    const parsed = parseSymbol(requested, { at });
    if (parsed.kind === "unrecognised") {
      throw new InputError(`--symbols: "${requested}": ${parsed.why}`, "SYMBOL");
    }
    if (parsed.kind === "spot") {
      throw new InputError(`--symbols: "${requested}" is a spot pair; Tradovate has futures only`);
    }
  }
}

/** Resolves each name; never throws for a venue failure (falls back), only for unreadable names. */
export async function resolveSymbols(
  names: readonly string[],
  ask: { http: RecordedHttp; baseUrl: string; token: string },
  at: number,
): Promise<SymbolResolution[]> {
  const out: SymbolResolution[] = [];
  checkSymbols(names, at);
  for (const requested of names) {
    const parsed = parseSymbol(requested, { at });
    if (parsed.kind === "unrecognised" || parsed.kind === "spot") continue;
    if (parsed.kind === "dated") {
      out.push({ requested, symbol: toTradovate(requested, { at }), source: "name" });
      continue;
    }
    const venue = await askVenue(parsed.root, parsed.n, ask, at).catch(() => undefined);
    out.push(
      venue
        ? { requested, symbol: venue.name, source: "venue", contractId: venue.id }
        : { requested, symbol: toTradovate(requested, { at }), source: "local" },
    );
  }
  return out;
}

/** The n-th (1 = front) listed contract of `root` the venue suggests, by contract month. */
async function askVenue(
  root: string,
  n: number,
  ask: { http: RecordedHttp; baseUrl: string; token: string },
  at: number,
): Promise<{ name: string; id: number } | undefined> {
  const url = `${ask.baseUrl.replace(/\/+$/, "")}/contract/suggest?t=${encodeURIComponent(root)}&l=50`;
  const reply = await ask.http.request("GET", url, {
    headers: { authorization: `Bearer ${ask.token}` },
  });
  if (reply.status !== 200 || !Array.isArray(reply.json)) return undefined;
  const listed: Array<{ name: string; id: number; key: number }> = [];
  for (const c of reply.json) {
    if (!isObject(c) || typeof c.name !== "string" || typeof c.id !== "number") continue;
    const p = parseSymbol(c.name, { at });
    if (p.kind !== "dated" || p.root !== root) continue;
    listed.push({ name: c.name, id: c.id, key: p.year * 12 + p.month });
  }
  listed.sort((a, b) => a.key - b.key);
  const pick = listed[n - 1];
  return pick ? { name: pick.name, id: pick.id } : undefined;
}

/**
 * Tradovate keys quotes by numeric contract id; the names (ESZ6) come from contract entities in
 * REST and websocket responses. This finds them anywhere in a JSON document, so a report can put
 * quotes and fills of the same contract on one chart.
 */

/** Adds every `{id, name, contractMaturityId}` object in `text` (JSON) to `names`. Never throws. */
export function learnContractNames(text: string, names: Map<number, string>): void {
  if (!text.includes("contractMaturityId")) return;
  const at = text.indexOf("[");
  const brace = text.indexOf("{");
  // A websocket frame is `a[...]`: parse from its first bracket.
  const start = text.startsWith("a[") ? 1 : Math.min(...[at, brace].filter((i) => i >= 0));
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start));
  } catch {
    return;
  }
  walk(value, names, 0);
}

function walk(value: unknown, names: Map<number, string>, depth: number): void {
  if (depth > 12 || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) walk(v, names, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.id === "number" && typeof o.name === "string" && "contractMaturityId" in o) {
    names.set(o.id, o.name);
  }
  for (const v of Object.values(o)) walk(v, names, depth + 1);
}
